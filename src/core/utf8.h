// Reading UTF-8 one code point at a time, and the character set XML 1.0 (and so SQS message
// bodies) allows.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace certflow {

// The code point starting at text[pos]; pos moves past it. For an invalid sequence (bad lead
// or continuation byte, overlong form, surrogate, above U+10FFFF, truncated) returns nullopt and
// moves pos one byte on. REQUIRES: pos < text.size().
std::optional<char32_t> next_code_point(std::string_view text, size_t& pos);

// #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
constexpr bool is_xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

}  // namespace certflow
