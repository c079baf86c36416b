// Identifiers: random UUIDs (event ids, certificate ids, request ids).
#pragma once

#include <string>

namespace certflow {

// A random (version 4) UUID in lowercase, e.g. "61f50cd4-45b9-4259-b049-d0a53682fa4b".
std::string new_uuid();

// True for a lowercase or uppercase 8-4-4-4-12 hex UUID.
bool is_uuid(const std::string& text);

}  // namespace certflow
