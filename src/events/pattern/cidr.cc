#include "events/pattern/cidr.h"

#include <algorithm>
#include <string>
#include <vector>

namespace certflow::events::pattern::detail {
namespace {

bool parse_v4(std::string_view s, std::uint8_t* out) {
  int part = 0;
  std::size_t i = 0;
  while (part < 4) {
    std::size_t digits = 0;
    unsigned value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 4) {
      value = value * 10 + static_cast<unsigned>(s[i] - '0');
      ++i, ++digits;
    }
    if (digits == 0 || digits > 3 || value > 255) return false;
    out[part++] = static_cast<std::uint8_t>(value);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_v6(std::string_view s, std::uint8_t* out) {
  if (s.empty()) return false;
  std::vector<std::uint16_t> head, tail;
  std::vector<std::uint16_t>* cur = &head;
  bool compressed = false;
  std::size_t i = 0;
  if (s.starts_with("::")) {
    compressed = true, cur = &tail, i = 2;
    if (i == s.size()) {
      std::fill(out, out + 16, 0);
      return true;
    }
  }
  while (i < s.size()) {
    // A dotted IPv4 tail takes the last 32 bits.
    const std::size_t next_colon = s.find(':', i);
    const std::string_view group =
        s.substr(i, next_colon == std::string_view::npos ? s.npos : next_colon - i);
    if (next_colon == std::string_view::npos && group.find('.') != std::string_view::npos) {
      std::uint8_t v4[4];
      if (!parse_v4(group, v4)) return false;
      cur->push_back(static_cast<std::uint16_t>(v4[0] << 8 | v4[1]));
      cur->push_back(static_cast<std::uint16_t>(v4[2] << 8 | v4[3]));
      i = s.size();
      break;
    }
    if (group.empty() || group.size() > 4) return false;
    unsigned v = 0;
    for (char c : group) {
      const int h = hex_value(c);
      if (h < 0) return false;
      v = v * 16 + static_cast<unsigned>(h);
    }
    cur->push_back(static_cast<std::uint16_t>(v));
    i += group.size();
    if (i == s.size()) break;
    ++i;  // the ':'
    if (i < s.size() && s[i] == ':') {
      if (compressed) return false;
      compressed = true, cur = &tail, ++i;
      if (i == s.size()) break;
    } else if (i == s.size()) {
      return false;  // a trailing single ':'
    }
  }
  const std::size_t total = head.size() + tail.size();
  if (compressed ? total > 7 : total != 8) return false;
  std::vector<std::uint16_t> groups = head;
  groups.resize(8 - tail.size(), 0);
  groups.insert(groups.end(), tail.begin(), tail.end());
  for (int g = 0; g < 8; ++g) {
    out[2 * g] = static_cast<std::uint8_t>(groups[g] >> 8);
    out[2 * g + 1] = static_cast<std::uint8_t>(groups[g] & 0xFF);
  }
  return true;
}

// "1.2.3.400" is a dotted quad of numbers with one out of range: event-ruler calls it invalid
// rather than nonstandard.
bool looks_like_dotted_quad(std::string_view s) {
  int dots = 0;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

}  // namespace

bool parse_ip(std::string_view text, bool& v6, std::array<std::uint8_t, 16>& out) {
  out.fill(0);
  if (text.find(':') != std::string_view::npos) {
    v6 = true;
    return parse_v6(text, out.data());
  }
  v6 = false;
  return parse_v4(text, out.data());
}

Result<Cidr> parse_cidr(std::string_view operand) {
  const std::size_t slash = operand.find('/');
  if (slash == std::string_view::npos || operand.find('/', slash + 1) != std::string_view::npos) {
    return fail(ErrorCode::kValidation, "Malformed CIDR, one '/' required");
  }
  const std::string_view addr = operand.substr(0, slash);
  const std::string_view bits = operand.substr(slash + 1);
  std::size_t i = 0;
  const bool negative = !bits.empty() && bits[0] == '-';
  if (negative) i = 1;
  if (i == bits.size() || bits.size() - i > 9) {
    return fail(ErrorCode::kValidation, "Malformed CIDR, mask bits must be an integer");
  }
  int mask = 0;
  for (; i < bits.size(); ++i) {
    if (bits[i] < '0' || bits[i] > '9') {
      return fail(ErrorCode::kValidation, "Malformed CIDR, mask bits must be an integer");
    }
    mask = mask * 10 + (bits[i] - '0');
  }
  if (negative && mask != 0) {
    return fail(ErrorCode::kValidation, "Malformed CIDR, mask bits must not be negative");
  }
  Cidr c;
  if (!parse_ip(addr, c.v6, c.addr)) {
    const std::string a(addr);
    if (looks_like_dotted_quad(addr))
      return fail(ErrorCode::kValidation, "Invalid IP address: " + a);
    return fail(ErrorCode::kValidation, "Nonstandard IP address: " + a);
  }
  if (!c.v6 && mask >= 32) return fail(ErrorCode::kValidation, "IPv4 mask bits must be < 32");
  if (c.v6 && mask >= 128) return fail(ErrorCode::kValidation, "IPv6 mask bits must be < 128");
  c.bits = mask;
  return c;
}

bool cidr_contains(const Cidr& c, std::string_view value) {
  bool v6 = false;
  std::array<std::uint8_t, 16> a;
  if (!parse_ip(value, v6, a) || v6 != c.v6) return false;
  const int full = c.bits / 8;
  for (int i = 0; i < full; ++i) {
    if (a[i] != c.addr[i]) return false;
  }
  const int rest = c.bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
  return (a[full] & mask) == (c.addr[full] & mask);
}

}  // namespace certflow::events::pattern::detail
