// The cidr operator: IPv4 and IPv6 networks, event values parsed as addresses.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "events/pattern/ast.h"

namespace certflow::events::pattern::detail {

// Parses "addr/bits" with event-ruler's messages ("Malformed CIDR, one '/' required", ...).
Result<Cidr> parse_cidr(std::string_view operand);

// Parses an IPv4 dotted quad (leading zeros allowed) or an IPv6 address (compressed, expanded,
// any case, optionally with a dotted IPv4 tail). IPv4 addresses fill the first 4 bytes.
bool parse_ip(std::string_view text, bool& v6, std::array<std::uint8_t, 16>& out);

bool cidr_contains(const Cidr& c, std::string_view value);

}  // namespace certflow::events::pattern::detail
