// Checks on text taken from certificates before it reaches JSON, logs or a terminal.
// Private to src/pki.
#pragma once

#include <string_view>

namespace certflow::pki {

// Well-formed UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

// No C0 control characters and no DEL (NUL included).
bool has_no_control_characters(std::string_view text);

// Printable ASCII without spaces: what a DNS name (or wildcard) can hold.
bool is_dns_text(std::string_view text);

}  // namespace certflow::pki
