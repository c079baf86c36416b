// Which ScheduleExpressions are valid, what is wrong with the others, and the normalized text.
#include <gtest/gtest.h>

#include "events/schedule/schedule.h"
#include "events/schedule/schedule_test_util.h"

namespace certflow::events::schedule {
namespace {

constexpr std::string_view kPrefix = "Parameter ScheduleExpression is not valid. ";

// The part of the error message after EventBridge's sentence; "" when the text is valid.
std::string problem(const std::string& text) {
  auto schedule = parse_schedule_expression(text);
  if (schedule) return "";
  EXPECT_EQ(schedule.error().code, ErrorCode::kValidation) << text;
  const std::string& message = schedule.error().message;
  EXPECT_TRUE(message.starts_with(kPrefix)) << message;
  EXPECT_GT(message.size(), kPrefix.size()) << text << ": says nothing more";
  return message.substr(std::min(message.size(), kPrefix.size()));
}

void expect_valid(const std::string& text) { EXPECT_EQ(problem(text), "") << text; }

void expect_invalid(const std::string& text, const std::string& mentions) {
  const std::string message = problem(text);
  EXPECT_NE(message, "") << text << " was accepted";
  EXPECT_NE(message.find(mentions), std::string::npos)
      << text << ": \"" << message << "\" does not mention \"" << mentions << "\"";
}

TEST(ScheduleParseTest, AcceptsEveryExampleOfTheUserGuide) {
  for (const char* text :
       {"cron(0 10 * * ? *)", "cron(15 12 * * ? *)", "cron(0 18 ? * MON-FRI *)",
        "cron(0 8 1 * ? *)", "cron(0/15 * * * ? *)", "cron(0/10 * ? * MON-FRI *)",
        "cron(0/5 8-17 ? * MON-FRI *)", "cron(0/30 20-2 ? * MON-FRI *)", "cron(0 9 ? * 2#1 *)",
        "cron(0 12 * * ? *)", "cron(5,35 14 * * ? *)", "cron(15 10 ? * 6L 2019-2022)",
        "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)",
        "rate(7 days)"}) {
    expect_valid(text);
  }
}

TEST(ScheduleParseTest, AcceptsTheWildcardsOfEachField) {
  for (const char* text :
       {"cron(0 0 L * ? *)", "cron(0 0 LW * ? *)", "cron(0 0 15W * ? *)", "cron(0 0 ? * L *)",
        "cron(0 0 ? * 3#2 *)", "cron(0 0 ? * SUN-SAT *)", "cron(0 0 1 JAN,FEB,MAR ? *)",
        "cron(0 0 1-15 * ? *)", "cron(1/10 * * * ? *)", "cron(*/5 * * * ? 2025-2030)",
        "cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)", "cron(30-30 13-13 ? * 2,4,6 *)",
        "cron(1-31/30 1-1 ? * 1,7 *)", "cron(59 23 31 12 ? 2199)", "cron(0 0 1 1 ? 1970)"}) {
    expect_valid(text);
  }
}

TEST(ScheduleParseTest, TextIsNormalized) {
  EXPECT_EQ(parsed("cron(0   10 * *\t?  *)").text(), "cron(0 10 * * ? *)");
  EXPECT_EQ(parsed("cron(0 18 ? * mon-fri *)").text(), "cron(0 18 ? * MON-FRI *)");
  EXPECT_EQ(parsed("cron(0 9 lw * ? *)").text(), "cron(0 9 LW * ? *)");
  EXPECT_EQ(parsed("rate(5 minutes)").text(), "rate(5 minutes)");
  EXPECT_EQ(parsed("rate(05 minutes)").text(), "rate(5 minutes)");
  EXPECT_EQ(parsed("rate( 1 day )").text(), "rate(1 day)");
  EXPECT_EQ(parsed("rate(1 day)").kind(), Schedule::Kind::kRate);
  EXPECT_EQ(parsed("cron(0 10 * * ? *)").kind(), Schedule::Kind::kCron);
}

TEST(ScheduleParseTest, RateUnitIsSingularForOneAndPluralAbove) {
  expect_invalid("rate(1 minutes)", "rate(1 minute)");
  expect_invalid("rate(1 hours)", "rate(1 hour)");
  expect_invalid("rate(1 days)", "rate(1 day)");
  expect_invalid("rate(5 minute)", "rate(5 minutes)");
  expect_invalid("rate(5 hour)", "rate(5 hours)");
  expect_invalid("rate(2 day)", "rate(2 days)");
}

TEST(ScheduleParseTest, RateValueIsAPositiveWholeNumber) {
  expect_invalid("rate(0 minutes)", "positive");
  expect_invalid("rate(-1 minutes)", "whole number");
  expect_invalid("rate(1.5 hours)", "whole number");
  expect_invalid("rate(five minutes)", "whole number");
  expect_invalid("rate(99999999999 minutes)", "too large");
}

TEST(ScheduleParseTest, RateNeedsAValueAndAKnownUnit) {
  expect_invalid("rate(1 week)", "minute, minutes, hour, hours, day, days");
  expect_invalid("rate(30 seconds)", "minute, minutes, hour, hours, day, days");
  expect_invalid("rate(5 Minutes)", "minute, minutes");
  expect_invalid("rate(5)", "value and a unit");
  expect_invalid("rate()", "value and a unit");
  expect_invalid("rate(5 minutes please)", "value and a unit");
}

TEST(ScheduleParseTest, CronHasSixFields) {
  expect_invalid("cron(0 10 * * ?)", "Add the Year field");
  expect_invalid("cron(0 0 10 * * ? *)", "no Seconds field");
  expect_invalid("cron()", "6 fields");
  expect_invalid("cron(0 10 * * ? * *)", "6 fields");
}

TEST(ScheduleParseTest, OneOfDayOfMonthAndDayOfWeekIsAQuestionMark) {
  expect_invalid("cron(0 10 * * * *)", "use ? in one of them");
  expect_invalid("cron(0 10 1 * MON *)", "use ? in one of them");
  expect_invalid("cron(0 10 ? * ? *)", "cannot both be ?");
  expect_invalid("cron(? 10 * * ? *)", "Minutes");
  expect_invalid("cron(0 10 1,? * ? *)", "stands alone");
}

TEST(ScheduleParseTest, ValuesOutsideTheirRangeNameTheField) {
  expect_invalid("cron(60 * * * ? *)", "Minutes: '60' is out of range 0-59");
  expect_invalid("cron(0 24 * * ? *)", "Hours: '24' is out of range 0-23");
  expect_invalid("cron(0 0 32 * ? *)", "Day-of-month: '32' is out of range 1-31");
  expect_invalid("cron(0 0 0 * ? *)", "Day-of-month: '0'");
  expect_invalid("cron(0 0 1 13 ? *)", "Month: '13' is out of range 1-12 or JAN-DEC");
  expect_invalid("cron(0 0 ? * 0 *)", "Day-of-week: '0' is out of range 1-7");
  expect_invalid("cron(0 0 ? * 8 *)", "Day-of-week: '8'");
  expect_invalid("cron(0 0 1 * ? 1969)", "Year: '1969' is out of range 1970-2199");
  expect_invalid("cron(0 0 1 * ? 2200)", "Year: '2200'");
  expect_invalid("cron(0 0 1 * ? 99999999)", "Year");
  expect_invalid("cron(0 0 1-40 * ? *)", "Day-of-month: '40'");
}

TEST(ScheduleParseTest, NamesAreMonthsAndDaysOnly) {
  expect_invalid("cron(0 0 1 JANUARY ? *)", "Month: 'JANUARY' is not a value");
  expect_invalid("cron(0 0 ? * MONDAY *)", "Day-of-week: 'MONDAY'");
  expect_invalid("cron(0 0 1 MON ? *)", "Month: 'MON'");
  expect_invalid("cron(0 0 ? * JAN *)", "Day-of-week: 'JAN'");
  expect_invalid("cron(0 0 JAN * ? *)", "Day-of-month");
  expect_invalid("cron(5L 0 1 * ? *)", "Minutes");
}

TEST(ScheduleParseTest, IncrementsAreBoundedByTheField) {
  expect_invalid("cron(*/60 * * * ? *)", "Minutes: the increment in '*/60' must be");
  expect_invalid("cron(0/0 * * * ? *)", "must be a whole number 1-59");
  expect_invalid("cron(0 0/24 * * ? *)", "Hours");
  expect_invalid("cron(0/x * * * ? *)", "increment");
  expect_invalid("cron(/5 * * * ? *)", "needs a start");
  expect_invalid("cron(0 0 ? * 1/2 *)", "Day-of-week: '/' is not allowed");
}

TEST(ScheduleParseTest, SpecialDaysStandAlone) {
  expect_invalid("cron(0 0 1,L * ? *)", "stand alone");
  expect_invalid("cron(0 0 1-5W * ? *)", "stand alone");
  expect_invalid("cron(0 0 W * ? *)", "stand alone");
  expect_invalid("cron(0 0 L-3 * ? *)", "stand alone");
  expect_invalid("cron(0 0 32W * ? *)", "'32' is out of range");
  expect_invalid("cron(0 0 ? * 3#1,6#3 *)", "one expression");
  expect_invalid("cron(0 0 ? * 2#6 *)", "1-5");
  expect_invalid("cron(0 0 ? * 2#0 *)", "1-5");
  expect_invalid("cron(0 0 ? * 8#1 *)", "Day-of-week: '8'");
  expect_invalid("cron(0 0 ? * 1,6L *)", "stand alone");
  expect_invalid("cron(0 L * * ? *)", "Hours");
  expect_invalid("cron(0 0 1 * 2#1 *)", "use ? in one of them");
  expect_invalid("cron(0 0 ? 1#1 ? *)", "Month: '#' is not allowed");
  expect_invalid("cron(0 0 1W ? ? *)", "Month");
}

TEST(ScheduleParseTest, RangesOnlyRunBackwardsInCyclicFields) {
  expect_valid("cron(0 22-2 * * ? *)");
  expect_valid("cron(0 0 1 NOV-FEB ? *)");
  expect_invalid("cron(0 0 1 1 ? 2030-2020)", "Year: the range '2030-2020' runs backwards");
  expect_invalid("cron(0 0-5-7 * * ? *)", "Hours");
  expect_invalid("cron(0 0 1,,2 * ? *)", "a value is missing");
  expect_invalid("cron(0 0 1, * ? *)", "a value is missing");
}

TEST(ScheduleParseTest, GarbageIsRejectedWithTheTwoForms) {
  for (const char* text :
       {"", "every 5 minutes", "RATE(5 minutes)", "Cron(0 10 * * ? *)", " cron(0 10 * * ? *)",
        "cron(0 10 * * ? *) ", "cron 0 10 * * ? *", "cron(0 10 * * ? *", "rate 5 minutes",
        "at(2025-01-01T00:00:00)", "()", "cron", "rate(", ")"}) {
    expect_invalid(text, "rate(value unit)");
  }
  expect_invalid("cron(0 10 * * ? *))", "Year");
  expect_invalid("cron(0 10 * * ? *)\n", "rate(value unit)");
  expect_invalid(std::string("cron(0 10 * * ? *\0)", 19), "Year");
}

TEST(ScheduleParseTest, LongerThanTheApiAllowsIsRejected) {
  const std::string text = "cron(0 0 1 * ? " + std::string(250, '1') + ")";
  expect_invalid(text, "the most is 256");
}

}  // namespace
}  // namespace certflow::events::schedule
