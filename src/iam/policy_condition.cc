// Condition operators: the operator table, value checks, and evaluation of one Condition block
// (AND across operators and keys, OR across a key's values, NOR for negated operators).
#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "iam/policy_internal.h"

namespace certflow::iam::detail {

namespace {

struct OperatorInfo {
  std::string_view name;
  ConditionFamily family;
  Comparison comparison;
  bool negated;
};

using F = ConditionFamily;
using C = Comparison;

constexpr std::array<OperatorInfo, 27> kOperators = {{
    {"StringEquals", F::kString, C::kEquals, false},
    {"StringNotEquals", F::kString, C::kEquals, true},
    {"StringEqualsIgnoreCase", F::kStringIgnoreCase, C::kEquals, false},
    {"StringNotEqualsIgnoreCase", F::kStringIgnoreCase, C::kEquals, true},
    {"StringLike", F::kStringLike, C::kEquals, false},
    {"StringNotLike", F::kStringLike, C::kEquals, true},
    {"NumericEquals", F::kNumeric, C::kEquals, false},
    {"NumericNotEquals", F::kNumeric, C::kEquals, true},
    {"NumericLessThan", F::kNumeric, C::kLessThan, false},
    {"NumericLessThanEquals", F::kNumeric, C::kLessThanEquals, false},
    {"NumericGreaterThan", F::kNumeric, C::kGreaterThan, false},
    {"NumericGreaterThanEquals", F::kNumeric, C::kGreaterThanEquals, false},
    {"DateEquals", F::kDate, C::kEquals, false},
    {"DateNotEquals", F::kDate, C::kEquals, true},
    {"DateLessThan", F::kDate, C::kLessThan, false},
    {"DateLessThanEquals", F::kDate, C::kLessThanEquals, false},
    {"DateGreaterThan", F::kDate, C::kGreaterThan, false},
    {"DateGreaterThanEquals", F::kDate, C::kGreaterThanEquals, false},
    {"Bool", F::kBool, C::kEquals, false},
    {"BinaryEquals", F::kBinary, C::kEquals, false},
    {"IpAddress", F::kIpAddress, C::kEquals, false},
    {"NotIpAddress", F::kIpAddress, C::kEquals, true},
    {"ArnEquals", F::kArn, C::kEquals, false},  // ArnEquals takes wildcards like ArnLike
    {"ArnLike", F::kArn, C::kEquals, false},
    {"ArnNotEquals", F::kArn, C::kEquals, true},
    {"ArnNotLike", F::kArn, C::kEquals, true},
    {"Null", F::kNull, C::kEquals, false},
}};

std::optional<double> parse_number(std::string_view s) {
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Reads exactly `width` digits at s[pos].
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// W3C ISO 8601 (YYYY-MM-DD[THH:MM[:SS[.s+]]][Z|+HH:MM|-HH:MM]) or epoch seconds, as seconds.
std::optional<double> parse_date(std::string_view s) {
  if (s.find('-') == std::string_view::npos || (s.size() > 0 && s[0] == '-')) {
    return parse_number(s);  // epoch seconds
  }
  auto year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
  if (!year || !month || !day || s[4] != '-' || s[7] != '-' || *month < 1 || *month > 12 ||
      *day < 1 || *day > 31) {
    return std::nullopt;
  }
  double seconds = static_cast<double>(days_from_civil(*year, *month, *day)) * 86400.0;
  std::size_t pos = 10;
  if (pos < s.size() && s[pos] == 'T') {
    auto hour = digits(s, pos + 1, 2), minute = digits(s, pos + 4, 2);
    if (!hour || !minute || s[pos + 3] != ':' || *hour > 23 || *minute > 59) return std::nullopt;
    seconds += *hour * 3600.0 + *minute * 60.0;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      auto second = digits(s, pos + 1, 2);
      if (!second || *second > 60) return std::nullopt;
      seconds += *second;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        std::size_t end = pos + 1;
        while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
        if (end == pos + 1) return std::nullopt;
        auto fraction = parse_number(std::string("0") + std::string(s.substr(pos, end - pos)));
        if (!fraction) return std::nullopt;
        seconds += *fraction;
        pos = end;
      }
    }
  }
  if (pos == s.size() || (s[pos] == 'Z' && pos + 1 == s.size())) return seconds;
  if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
    auto hours = digits(s, pos + 1, 2), minutes = digits(s, pos + 4, 2);
    if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
    double offset = *hours * 3600.0 + *minutes * 60.0;
    return s[pos] == '+' ? seconds - offset : seconds + offset;
  }
  return std::nullopt;
}

struct Network {
  int family = 0;  // AF_INET or AF_INET6
  std::array<unsigned char, 16> bytes{};
  int prefix = 0;
};

std::optional<Network> parse_network(std::string_view s, bool allow_prefix) {
  Network net;
  std::string address(s);
  int max_prefix = 0;
  std::optional<int> prefix;
  if (auto slash = s.find('/'); slash != std::string_view::npos) {
    if (!allow_prefix) return std::nullopt;
    address = std::string(s.substr(0, slash));
    std::string_view bits = s.substr(slash + 1);
    int value = 0;
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), value);
    if (bits.empty() || ec != std::errc() || end != bits.data() + bits.size()) return std::nullopt;
    prefix = value;
  }
  if (inet_pton(AF_INET, address.c_str(), net.bytes.data()) == 1) {
    net.family = AF_INET;
    max_prefix = 32;
  } else if (inet_pton(AF_INET6, address.c_str(), net.bytes.data()) == 1) {
    net.family = AF_INET6;
    max_prefix = 128;
  } else {
    return std::nullopt;
  }
  net.prefix = prefix.value_or(max_prefix);  // a bare address means /32 (/128)
  if (net.prefix < 0 || net.prefix > max_prefix) return std::nullopt;
  return net;
}

bool contains(const Network& net, const Network& address) {
  if (net.family != address.family) return false;
  int bits = net.prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
    if ((net.bytes[i] & mask) != (address.bytes[i] & mask)) return false;
  }
  return true;
}

bool compare(double request, Comparison comparison, double policy) {
  switch (comparison) {
    case C::kEquals: return request == policy;
    case C::kLessThan: return request < policy;
    case C::kLessThanEquals: return request <= policy;
    case C::kGreaterThan: return request > policy;
    case C::kGreaterThanEquals: return request >= policy;
  }
  return false;
}

// The positive test of one policy value against one request value (negation is applied by the
// caller, over all of a key's values).
bool value_matches(const Condition& c, const Text& policy, const std::string& request_value,
                   const PolicyRequest& request) {
  switch (c.family) {
    case F::kString:
    case F::kStringIgnoreCase:
    case F::kBool: {
      auto text = expand(policy, /*wildcards=*/false, request);
      if (!text) return false;
      return c.family == F::kString ? text->text == request_value
                                    : iequals(text->text, request_value);
    }
    case F::kStringLike: {
      auto glob = expand(policy, /*wildcards=*/true, request);
      return glob && glob_match(*glob, request_value, /*ignore_case=*/false);
    }
    case F::kNumeric:
    case F::kDate: {
      auto parse = c.family == F::kNumeric ? parse_number : parse_date;
      auto want = parse(policy.raw), have = parse(request_value);
      return want && have && compare(*have, c.comparison, *want);
    }
    case F::kBinary: return policy.raw == request_value;
    case F::kIpAddress: {
      auto net = parse_network(policy.raw, /*allow_prefix=*/true);
      auto address = parse_network(request_value, /*allow_prefix=*/false);
      return net && address && contains(*net, *address);
    }
    case F::kArn: return arn_condition_match(policy, request_value, request);
    case F::kNull: return false;  // handled before value matching
  }
  return false;
}

bool condition_holds(const Condition& c, const PolicyRequest& request) {
  auto present = context_values(request, c.key);
  if (c.family == F::kNull) {
    for (const auto& value : c.values) {
      if (iequals(value.raw, "true") == present.empty()) return true;
    }
    return false;
  }
  if (present.empty()) {
    if (c.if_exists) return true;
    if (c.set == SetQualifier::kForAllValues) return true;
    if (c.set == SetQualifier::kForAnyValue) return false;
    return c.negated;
  }
  auto one = [&](const std::string& value) {
    bool any = false;
    for (const auto& policy_value : c.values) {
      if (value_matches(c, policy_value, value, request)) {
        any = true;
        break;
      }
    }
    return c.negated ? !any : any;
  };
  bool all = true, some = false;
  for (const auto& value : present) {
    bool ok = one(value);
    all = all && ok;
    some = some || ok;
  }
  switch (c.set) {
    case SetQualifier::kForAnyValue: return some;
    case SetQualifier::kForAllValues: return all;
    case SetQualifier::kNone: return c.negated ? all : some;
  }
  return false;
}

}  // namespace

bool parse_operator(std::string_view name, Condition& out) {
  out.set = SetQualifier::kNone;
  if (name.starts_with("ForAnyValue:")) {
    out.set = SetQualifier::kForAnyValue;
    name.remove_prefix(std::strlen("ForAnyValue:"));
  } else if (name.starts_with("ForAllValues:")) {
    out.set = SetQualifier::kForAllValues;
    name.remove_prefix(std::strlen("ForAllValues:"));
  }
  out.if_exists = name.ends_with("IfExists");
  if (out.if_exists) name.remove_suffix(std::strlen("IfExists"));
  for (const auto& op : kOperators) {
    if (op.name != name) continue;
    // Null tests presence itself: it takes neither IfExists nor a set qualifier.
    if (op.family == F::kNull && (out.if_exists || out.set != SetQualifier::kNone)) return false;
    out.family = op.family;
    out.comparison = op.comparison;
    out.negated = op.negated;
    return true;
  }
  return false;
}

bool allows_variables(ConditionFamily family) {
  switch (family) {
    case F::kString:
    case F::kStringIgnoreCase:
    case F::kStringLike:
    case F::kBool:
    case F::kArn: return true;
    default: return false;
  }
}

std::string check_condition_value(const Condition& c, const Text& value) {
  switch (c.family) {
    case F::kNumeric:
      return parse_number(value.raw) ? "" : "must be a number such as \"10\" or \"1.5\"";
    case F::kDate:
      return parse_date(value.raw)
                 ? ""
                 : "must be an ISO 8601 date-time such as \"2026-01-31T12:00:00Z\" or epoch "
                   "seconds";
    case F::kIpAddress:
      return parse_network(value.raw, /*allow_prefix=*/true)
                 ? ""
                 : "must be an IPv4 or IPv6 address or CIDR block such as \"203.0.113.0/24\"";
    case F::kNull:
    case F::kBool:
      if (iequals(value.raw, "true") || iequals(value.raw, "false") || value.variables) return "";
      return "must be \"true\" or \"false\"";
    default: return "";
  }
}

bool conditions_hold(const std::vector<Condition>& conditions, const PolicyRequest& request) {
  for (const auto& condition : conditions) {
    if (!condition_holds(condition, request)) return false;
  }
  return true;
}

}  // namespace certflow::iam::detail
