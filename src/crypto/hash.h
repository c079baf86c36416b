// Hashes, HMAC, constant-time comparison and randomness (OpenSSL underneath).
#pragma once

#include <string>
#include <string_view>

namespace certflow::crypto {

std::string sha256(std::string_view data);                             // 32 raw bytes
std::string sha256_hex(std::string_view data);                         // 64 lowercase hex chars
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes
// MD5 as 32 lowercase hex chars. Not for security: SQS reports MD5 digests of message bodies and
// attributes so clients can check what arrived, and certflow must compute the same values.
std::string md5_hex(std::string_view data);

// Compares without an early exit, so timing does not reveal where two secrets differ.
// Different lengths compare unequal (the length itself is not secret here).
bool constant_time_equal(std::string_view a, std::string_view b);

// Cryptographically secure random bytes. Throws std::runtime_error if the RNG fails.
std::string random_bytes(size_t count);

}  // namespace certflow::crypto
