// Identifiers: random UUIDs (event ids, certificate ids, request ids).
#pragma once

#include <cstdint>
#include <string>

namespace certflow {

// A random (version 4) UUID in lowercase, e.g. "61f50cd4-45b9-4259-b049-d0a53682fa4b".
std::string new_uuid();

// A version 7 UUID (RFC 9562): the time in milliseconds first, then random bits. Ids made in time
// order sort in time order, so an index over them grows at its end instead of everywhere.
std::string new_time_ordered_uuid(int64_t unix_millis);

// True for a lowercase or uppercase 8-4-4-4-12 hex UUID.
bool is_uuid(const std::string& text);

}  // namespace certflow
