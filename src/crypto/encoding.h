// Hex and base64 (standard alphabet, padded) encodings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace certflow::crypto {

std::string hex_encode(std::string_view bytes);  // lowercase
std::optional<std::string> hex_decode(std::string_view text);

std::string base64_encode(std::string_view bytes);
// Strict decoding: only the standard alphabet and '=' padding; no whitespace. nullopt if invalid.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace certflow::crypto
