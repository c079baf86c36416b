// Parsing cron(Minutes Hours Day-of-month Month Day-of-week Year). Each field takes the values
// and wildcards the EventBridge user guide's table lists; ranges may run past the end of a
// cyclic field (20-2 for hours, NOV-FEB, FRI-MON), as the guide's "0/30 20-2" example shows.
#include <array>
#include <bitset>
#include <cctype>
#include <vector>

#include "events/schedule/cron.h"

namespace certflow::events::schedule {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED",
                                                       "THU", "FRI", "SAT"};

struct Field {
  std::string_view name;
  int min;
  int max;
  int max_step;               // the largest increment after '/'
  std::string_view specials;  // the wildcards the user guide lists for the field
  const std::string_view* names;
  bool wraps;  // whether a range may run past `max` back to `min`
};

constexpr Field kMinutes{"Minutes", 0, 59, 59, ", - * /", nullptr, true};
constexpr Field kHours{"Hours", 0, 23, 23, ", - * /", nullptr, true};
constexpr Field kDayOfMonth{"Day-of-month", 1, 31, 31, ", - * ? / L W", nullptr, true};
constexpr Field kMonth{"Month", 1, 12, 12, ", - * /", kMonthNames.data(), true};
constexpr Field kDayOfWeek{"Day-of-week", 1, 7, 7, ", - * ? L #", kDayNames.data(), true};
// Years do not wrap: 2030-2020 is a mistake, not a range through 2199.
constexpr int kYearSpan = kLastYear - kFirstYear;
constexpr Field kYear{"Year", kFirstYear, kLastYear, kYearSpan, ", - * /", nullptr, false};

// Bit i stands for the value field.min + i.
using Values = std::bitset<256>;

tl::unexpected<Error> invalid(const Field& field, const std::string& detail) {
  return fail(ErrorCode::kValidation, std::string(field.name) + ": " + detail);
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string range_text(const Field& field) {
  std::string text = std::to_string(field.min) + "-" + std::to_string(field.max);
  if (field.names == kMonthNames.data()) text += " or JAN-DEC";
  if (field.names == kDayNames.data()) text += " or SUN-SAT (1 = SUN)";
  return text;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The value of a digit string; 99999 when it is longer than any field's values.
int to_int(std::string_view digits) {
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return 0;
  if (digits.size() - first > 4) return 99999;
  int value = 0;
  for (char c : digits.substr(first)) value = value * 10 + (c - '0');
  return value;
}

Result<int> parse_value(const Field& field, std::string_view token) {
  if (token.empty()) return invalid(field, "a value is missing; write " + range_text(field) + ".");
  if (all_digits(token)) {
    const int value = to_int(token);
    if (value < field.min || value > field.max) {
      return invalid(field, quoted(token) + " is out of range " + range_text(field) + ".");
    }
    return value;
  }
  if (field.names != nullptr) {
    for (int i = 0; i <= field.max - field.min; ++i) {
      if (field.names[i] == token) return field.min + i;
    }
  }
  return invalid(field, quoted(token) + " is not a value; write " + range_text(field) + ".");
}

// One item of a comma list: *, */s, v, v/s, v-w, v-w/s.
Status add_item(const Field& field, std::string_view item, Values& values) {
  const size_t slash = item.find('/');
  const std::string_view base = item.substr(0, slash);
  int step = 1;
  if (slash != std::string_view::npos) {
    const std::string_view step_text = item.substr(slash + 1);
    if (base.empty()) {
      return invalid(field, quoted(item) + " needs a start before '/', as in 0/5 or */5.");
    }
    step = all_digits(step_text) ? to_int(step_text) : 0;
    if (step < 1 || step > field.max_step) {
      return invalid(field, "the increment in " + quoted(item) + " must be a whole number 1-" +
                                std::to_string(field.max_step) + ".");
    }
  }
  int first = field.min;
  int last = field.max;
  if (base != "*") {
    const size_t dash = base.find('-');
    auto from = parse_value(field, base.substr(0, dash));
    if (!from) return tl::unexpected(from.error());
    first = *from;
    last = slash != std::string_view::npos ? field.max : first;
    if (dash != std::string_view::npos) {
      auto to = parse_value(field, base.substr(dash + 1));
      if (!to) return tl::unexpected(to.error());
      last = *to;
    }
  }
  if (first > last && !field.wraps) {
    return invalid(field, "the range " + quoted(base) + " runs backwards; write the earlier " +
                              "value first.");
  }
  const int count = field.max - field.min + 1;
  const int length =
      first <= last ? last - first + 1 : (field.max - first + 1) + (last - field.min + 1);
  for (int i = 0; i < length; i += step) values.set((first - field.min + i) % count);
  return {};
}

Status check_characters(const Field& field, std::string_view token) {
  for (char c : token) {
    if (std::isalnum(static_cast<unsigned char>(c))) continue;
    if (std::string_view(",-*/?#").find(c) == std::string_view::npos) {
      const bool printable = c > ' ' && c < 0x7f;
      return invalid(field, (printable ? quoted(std::string_view(&c, 1))
                                       : "byte " + std::to_string(static_cast<unsigned char>(c))) +
                                " is not allowed; write values, names and , - * ? / L W #.");
    }
    if (field.specials.find(c) == std::string_view::npos) {
      return invalid(field, quoted(std::string_view(&c, 1)) + " is not allowed; the field takes " +
                                "values and " + std::string(field.specials) + ".");
    }
  }
  if (token.find('?') != std::string_view::npos && token != "?") {
    return invalid(field, "? stands alone; it cannot be combined with other values.");
  }
  return {};
}

Result<Values> parse_list(const Field& field, std::string_view token) {
  Values values;
  size_t start = 0;
  while (true) {
    const size_t comma = token.find(',', start);
    const std::string_view item = token.substr(start, comma - start);
    if (item.empty())
      return invalid(field, "a value is missing around ',' in " + quoted(token) + ".");
    if (auto added = add_item(field, item, values); !added) return tl::unexpected(added.error());
    if (comma == std::string_view::npos) return values;
    start = comma + 1;
  }
}

// The values as a bitset whose bit i stands for the value base + i.
template <size_t N>
std::bitset<N> to_bits(const Values& values, const Field& field, int base = 0) {
  std::bitset<N> out;
  for (int v = field.min; v <= field.max; ++v) {
    if (values.test(v - field.min)) out.set(v - base);
  }
  return out;
}

// Day-of-month: ?, L, LW, nW or a list. false: the field is ?.
Result<bool> parse_day_of_month(std::string_view token, CronSpec& spec) {
  const Field& field = kDayOfMonth;
  if (token == "?") return false;
  const bool special = token.find_first_of("LW") != std::string_view::npos;
  if (special) {
    if (token == "L") {
      spec.day_rule = DayRule::kLastDay;
    } else if (token == "LW") {
      spec.day_rule = DayRule::kLastWeekday;
    } else if (token.size() >= 2 && token.back() == 'W' &&
               all_digits(token.substr(0, token.size() - 1))) {
      auto day = parse_value(field, token.substr(0, token.size() - 1));
      if (!day) return tl::unexpected(day.error());
      spec.day_rule = DayRule::kNearestWeekday;
      spec.day = *day;
    } else {
      return invalid(field, quoted(token) + ": L, LW and nW (such as 15W) stand alone in the " +
                                "field, without lists, ranges or increments.");
    }
    return true;
  }
  auto values = parse_list(field, token);
  if (!values) return tl::unexpected(values.error());
  spec.day_rule = DayRule::kDaysOfMonth;
  spec.days_of_month = to_bits<32>(*values, field);
  return true;
}

// Day-of-week: ?, L, nL, n#k or a list. false: the field is ?.
Result<bool> parse_day_of_week(std::string_view token, CronSpec& spec) {
  const Field& field = kDayOfWeek;
  if (token == "?") return false;
  if (const size_t hash = token.find('#'); hash != std::string_view::npos) {
    if (token.find_first_of(",-") != std::string_view::npos) {
      return invalid(field, quoted(token) + ": with '#' the field holds one expression only " +
                                "(3#1,6#3 is two); use n#k alone, such as 2#1.");
    }
    auto day = parse_value(field, token.substr(0, hash));
    if (!day) return tl::unexpected(day.error());
    const std::string_view nth = token.substr(hash + 1);
    if (nth.size() != 1 || nth[0] < '1' || nth[0] > '5') {
      return invalid(field, "in " + quoted(token) + " the number after '#' must be 1-5 (the " +
                                "first to fifth such day of the month).");
    }
    spec.day_rule = DayRule::kNthWeekday;
    spec.day = *day;
    spec.nth = nth[0] - '0';
    return true;
  }
  if (token.find('L') != std::string_view::npos) {
    if (token == "L") {
      spec.day_rule = DayRule::kDaysOfWeek;
      spec.days_of_week.set(7);  // the last day of the week: SAT
      return true;
    }
    const std::string_view day_text = token.substr(0, token.size() - 1);
    if (token.back() != 'L' || day_text.find_first_of(",-L") != std::string_view::npos) {
      return invalid(field, quoted(token) + ": L and nL (such as 6L, the last Friday) stand " +
                                "alone in the field, without lists or ranges.");
    }
    auto day = parse_value(field, day_text);
    if (!day) return tl::unexpected(day.error());
    spec.day_rule = DayRule::kLastOfWeekday;
    spec.day = *day;
    return true;
  }
  auto values = parse_list(field, token);
  if (!values) return tl::unexpected(values.error());
  spec.day_rule = DayRule::kDaysOfWeek;
  spec.days_of_week = to_bits<8>(*values, field);
  return true;
}

std::vector<std::string> split_fields(std::string_view text) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    const size_t end = text.find_first_of(" \t", i);
    std::string field(text.substr(i, end == std::string_view::npos ? text.size() - i : end - i));
    for (char& c : field) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    fields.push_back(std::move(field));
    i = end == std::string_view::npos ? text.size() : end;
  }
  return fields;
}

}  // namespace

Result<CronSpec> parse_cron(std::string_view text, std::string& normalized) {
  const std::vector<std::string> fields = split_fields(text);
  if (fields.size() != 6) {
    std::string message =
        "cron() takes 6 fields (Minutes Hours Day-of-month Month Day-of-week "
        "Year) separated by spaces, but got " +
        std::to_string(fields.size()) + ".";
    if (fields.size() == 5)
      message += " Add the Year field (* for every year), as in cron(0 10 * * ? *).";
    if (fields.size() == 7)
      message += " EventBridge has no Seconds field; if the first is seconds, drop it.";
    return fail(ErrorCode::kValidation, message);
  }
  const std::array<const Field*, 6> kinds = {&kMinutes, &kHours,     &kDayOfMonth,
                                             &kMonth,   &kDayOfWeek, &kYear};
  for (size_t i = 0; i < fields.size(); ++i) {
    if (auto ok = check_characters(*kinds[i], fields[i]); !ok) return tl::unexpected(ok.error());
  }
  CronSpec spec;
  auto minutes = parse_list(kMinutes, fields[0]);
  if (!minutes) return tl::unexpected(minutes.error());
  spec.minutes = to_bits<60>(*minutes, kMinutes);
  auto hours = parse_list(kHours, fields[1]);
  if (!hours) return tl::unexpected(hours.error());
  spec.hours = to_bits<24>(*hours, kHours);
  auto months = parse_list(kMonth, fields[3]);
  if (!months) return tl::unexpected(months.error());
  spec.months = to_bits<13>(*months, kMonth);
  auto years = parse_list(kYear, fields[5]);
  if (!years) return tl::unexpected(years.error());
  spec.years = to_bits<kLastYear - kFirstYear + 1>(*years, kYear, kFirstYear);

  CronSpec by_month = spec;
  CronSpec by_week = spec;
  auto month_day = parse_day_of_month(fields[2], by_month);
  if (!month_day) return tl::unexpected(month_day.error());
  auto week_day = parse_day_of_week(fields[4], by_week);
  if (!week_day) return tl::unexpected(week_day.error());
  if (*month_day && *week_day) {
    return fail(ErrorCode::kValidation,
                "Day-of-month and Day-of-week cannot both be given: use ? in one of them, as in "
                "cron(0 10 * * ? *) or cron(0 18 ? * MON-FRI *).");
  }
  if (!*month_day && !*week_day) {
    return fail(ErrorCode::kValidation,
                "Day-of-month and Day-of-week cannot both be ?: give a value or * in one of them, "
                "as in cron(0 10 * * ? *).");
  }
  normalized.clear();
  for (const std::string& field : fields) {
    if (!normalized.empty()) normalized += ' ';
    normalized += field;
  }
  return *month_day ? by_month : by_week;
}

}  // namespace certflow::events::schedule
