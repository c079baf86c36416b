#include "inventory/pca/validity.h"

#include <chrono>
#include <string>

namespace certflow::pca {

namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::seconds;

// Far enough for any certificate (RFC 5280's GeneralizedTime runs to 9999).
constexpr int64_t kMaxEpochSeconds = 253402300799;  // 9999-12-31T23:59:59Z

Error bad_value(const std::string& field, const Validity& validity, const std::string& why) {
  return Error{ErrorCode::kInvalidArgs, field + " " + std::to_string(validity.value) + " (" +
                                            validity.type + ") is not valid: " + why + "."};
}

// YYMMDDHHMMSS (UTCTime: YY >= 50 is 19YY) or YYYYMMDDHHMMSS (GeneralizedTime), as a number.
std::optional<TimePoint> parse_end_date(int64_t value) {
  std::string text = std::to_string(value);
  int year = 0;
  size_t rest = 0;
  if (text.size() == 12) {
    int yy = std::stoi(text.substr(0, 2));
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = 2;
  } else if (text.size() == 14) {
    year = std::stoi(text.substr(0, 4));
    rest = 4;
  } else {
    return std::nullopt;
  }
  unsigned month = static_cast<unsigned>(std::stoi(text.substr(rest, 2)));
  unsigned day = static_cast<unsigned>(std::stoi(text.substr(rest + 2, 2)));
  int hour = std::stoi(text.substr(rest + 4, 2));
  int minute = std::stoi(text.substr(rest + 6, 2));
  int second = std::stoi(text.substr(rest + 8, 2));
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month},
                                   std::chrono::day{day}};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return TimePoint(std::chrono::sys_days(date)) + std::chrono::hours(hour) +
         std::chrono::minutes(minute) + seconds(second);
}

// Calendar months after `now`; a day that the target month lacks becomes its last day
// (Jan 31 + 1 month = Feb 28/29), the time of day is kept.
TimePoint add_months(TimePoint now, int64_t months) {
  auto day_start = floor<days>(now);
  auto time_of_day = now - day_start;
  std::chrono::year_month_day date{day_start};
  std::chrono::year_month_day moved = date + std::chrono::months(months);
  if (!moved.ok()) moved = moved.year() / moved.month() / std::chrono::last;
  return TimePoint(std::chrono::sys_days(moved)) + time_of_day;
}

Result<TimePoint> explicit_time(const std::string& field, const Validity& validity) {
  if (validity.type == "ABSOLUTE") {
    if (validity.value > kMaxEpochSeconds) {
      return tl::unexpected(bad_value(field, validity, "it is after the year 9999"));
    }
    return TimePoint(seconds(validity.value));
  }
  auto end = parse_end_date(validity.value);
  if (!end) {
    return tl::unexpected(bad_value(field, validity,
                                    "END_DATE takes YYMMDDHHMMSS (UTCTime) or YYYYMMDDHHMMSS "
                                    "(GeneralizedTime) with a real date and time"));
  }
  return *end;
}

}  // namespace

Result<TimePoint> validity_end(const Validity& validity, TimePoint now) {
  const std::string field = "Validity";
  if (validity.value < 1) {
    return tl::unexpected(bad_value(field, validity, "the value must be at least 1"));
  }
  if (validity.type == "ABSOLUTE" || validity.type == "END_DATE") {
    return explicit_time(field, validity);
  }
  // Relative spans longer than 9999 years cannot be written into a certificate anyway.
  constexpr int64_t kMaxYears = 9999;
  if (validity.type == "DAYS") {
    if (validity.value > kMaxYears * 366) {
      return tl::unexpected(bad_value(field, validity, "it is too far in the future"));
    }
    return now + days(validity.value);
  }
  if (validity.type == "MONTHS") {
    if (validity.value > kMaxYears * 12) {
      return tl::unexpected(bad_value(field, validity, "it is too far in the future"));
    }
    return add_months(now, validity.value);
  }
  if (validity.type == "YEARS") {
    if (validity.value > kMaxYears) {
      return tl::unexpected(bad_value(field, validity, "it is too far in the future"));
    }
    return add_months(now, validity.value * 12);
  }
  return tl::unexpected(
      bad_value(field, validity, "Type must be END_DATE, ABSOLUTE, DAYS, MONTHS or YEARS"));
}

Result<std::optional<TimePoint>> validity_start(const std::optional<Validity>& validity) {
  if (!validity) return std::optional<TimePoint>();
  const std::string field = "ValidityNotBefore";
  if (validity->value < 1) {
    return tl::unexpected(bad_value(field, *validity, "the value must be at least 1"));
  }
  if (validity->type != "ABSOLUTE" && validity->type != "END_DATE") {
    return tl::unexpected(
        bad_value(field, *validity, "it must be an explicit time: Type ABSOLUTE (or END_DATE)"));
  }
  auto start = explicit_time(field, *validity);
  if (!start) return tl::unexpected(start.error());
  return std::optional<TimePoint>(*start);
}

}  // namespace certflow::pca
