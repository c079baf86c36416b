#include "events/pattern/numbers.h"

#include <charconv>
#include <cmath>
#include <string>

namespace certflow::events::pattern::detail {
namespace {

// A decimal as sign, significant digits (no leading/trailing zeros) and the position of the
// decimal point relative to the first digit, so 0.0123 -> ("123", -1) and 1200 -> ("12", 4).
struct Decimal {
  bool negative = false;
  std::string digits;
  long long point = 0;
};

Decimal normalize(std::string_view s) {
  Decimal d;
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') d.negative = true, ++i;
  std::string all;
  long long int_len = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') all += s[i++], ++int_len;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') all += s[i++];
  }
  long long exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool neg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      // Saturate: such exponents are far outside double's range anyway.
      if (exp < 1'000'000'000) exp = exp * 10 + (s[i] - '0');
      ++i;
    }
    if (neg) exp = -exp;
  }
  std::size_t lead = 0;
  while (lead < all.size() && all[lead] == '0') ++lead;
  std::size_t end = all.size();
  while (end > lead && all[end - 1] == '0') --end;
  d.digits = all.substr(lead, end - lead);
  d.point = int_len + exp - static_cast<long long>(lead);
  if (d.digits.empty()) d.negative = false, d.point = 0;  // every zero is the same zero
  return d;
}

bool same(const Decimal& a, const Decimal& b) {
  return a.negative == b.negative && a.digits == b.digits && a.point == b.point;
}

}  // namespace

NumberInfo analyze_number(std::string_view literal) {
  NumberInfo info;
  double v = 0;
  auto [ptr, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), v);
  if (ec != std::errc() || ptr != literal.data() + literal.size() || !std::isfinite(v)) {
    return info;
  }
  info.value = v == 0 ? 0.0 : v;  // -0 and 0 are one value
  const Decimal d = normalize(literal);
  // Fast path: 15 significant digits always survive a trip through a normal double.
  if (d.digits.size() <= 15 && d.point > -290 && d.point < 290) {
    info.comparable = true;
    return info;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  if (res.ec != std::errc()) return info;
  info.comparable = same(d, normalize(std::string_view(buf, res.ptr - buf)));
  return info;
}

}  // namespace certflow::events::pattern::detail
