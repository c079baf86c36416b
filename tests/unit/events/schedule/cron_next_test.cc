// Next fire times of cron() expressions, worked out by hand from the calendar (2025-01-15 is a
// Wednesday). Every example of the EventBridge user guide is here.
#include <gtest/gtest.h>

#include "events/schedule/schedule.h"
#include "events/schedule/schedule_test_util.h"

namespace certflow::events::schedule {
namespace {

TEST(CronNextTest, TenAmEveryDay) {
  EXPECT_EQ(next("cron(0 10 * * ? *)", "2025-01-15T09:30:00Z"), "2025-01-15T10:00:00Z");
  EXPECT_EQ(next("cron(0 10 * * ? *)", "2025-01-15T10:00:00Z"), "2025-01-16T10:00:00Z");
  EXPECT_EQ(next("cron(0 10 * * ? *)", "2025-01-15T10:00:30Z"), "2025-01-16T10:00:00Z");
}

TEST(CronNextTest, QuarterPastNoonEveryDayCrossesTheYear) {
  EXPECT_EQ(next("cron(15 12 * * ? *)", "2025-01-15T12:15:00Z"), "2025-01-16T12:15:00Z");
  EXPECT_EQ(next("cron(15 12 * * ? *)", "2025-12-31T13:00:00Z"), "2026-01-01T12:15:00Z");
}

TEST(CronNextTest, SixPmMondayThroughFridaySkipsTheWeekend) {
  EXPECT_EQ(next("cron(0 18 ? * MON-FRI *)", "2025-01-15T17:59:59Z"), "2025-01-15T18:00:00Z");
  EXPECT_EQ(next("cron(0 18 ? * MON-FRI *)", "2025-01-17T18:00:00Z"), "2025-01-20T18:00:00Z");
}

TEST(CronNextTest, EightAmOnTheFirstOfEveryMonth) {
  EXPECT_EQ(next("cron(0 8 1 * ? *)", "2025-01-01T08:00:00Z"), "2025-02-01T08:00:00Z");
  EXPECT_EQ(next("cron(0 8 1 * ? *)", "2025-12-15T00:00:00Z"), "2026-01-01T08:00:00Z");
}

TEST(CronNextTest, EveryFifteenMinutes) {
  EXPECT_EQ(next("cron(0/15 * * * ? *)", "2025-01-15T09:44:59Z"), "2025-01-15T09:45:00Z");
  EXPECT_EQ(next("cron(0/15 * * * ? *)", "2025-01-15T09:45:00Z"), "2025-01-15T10:00:00Z");
  EXPECT_EQ(next("cron(0/15 * * * ? *)", "2025-01-15T23:50:00Z"), "2025-01-16T00:00:00Z");
  EXPECT_EQ(next("cron(*/15 * * * ? *)", "2025-01-15T09:44:59Z"), "2025-01-15T09:45:00Z");
}

TEST(CronNextTest, EveryTenMinutesOnWeekdays) {
  EXPECT_EQ(next("cron(0/10 * ? * MON-FRI *)", "2025-01-15T09:01:00Z"), "2025-01-15T09:10:00Z");
  EXPECT_EQ(next("cron(0/10 * ? * MON-FRI *)", "2025-01-17T23:55:00Z"), "2025-01-20T00:00:00Z");
}

TEST(CronNextTest, EveryFiveMinutesDuringWeekdayWorkingHours) {
  const std::string text = "cron(0/5 8-17 ? * MON-FRI *)";
  EXPECT_EQ(next(text, "2025-01-15T07:00:00Z"), "2025-01-15T08:00:00Z");
  EXPECT_EQ(next(text, "2025-01-15T12:03:00Z"), "2025-01-15T12:05:00Z");
  EXPECT_EQ(next(text, "2025-01-15T17:55:00Z"), "2025-01-16T08:00:00Z");
  EXPECT_EQ(next(text, "2025-01-17T17:55:00Z"), "2025-01-20T08:00:00Z");
}

TEST(CronNextTest, HoursRangeRunsPastMidnight) {
  // The guide's "0/30 20-2 ? * MON-FRI *": hours 20-23 and 0-2, on days Monday to Friday.
  const std::string text = "cron(0/30 20-2 ? * MON-FRI *)";
  EXPECT_EQ(next(text, "2025-01-15T01:45:00Z"), "2025-01-15T02:00:00Z");
  // Each field matches on its own, so hour 2 keeps both its minutes (the guide's prose says
  // "to 2:00 am", but 02:30 matches every field).
  EXPECT_EQ(next(text, "2025-01-15T02:00:00Z"), "2025-01-15T02:30:00Z");
  EXPECT_EQ(next(text, "2025-01-15T02:30:00Z"), "2025-01-15T20:00:00Z");
  EXPECT_EQ(next(text, "2025-01-15T23:30:00Z"), "2025-01-16T00:00:00Z");
  EXPECT_EQ(next(text, "2025-01-17T23:30:00Z"), "2025-01-20T00:00:00Z");  // Saturday is not
}

TEST(CronNextTest, NoonAndListOfMinutes) {
  EXPECT_EQ(next("cron(0 12 * * ? *)", "2025-01-15T12:00:00Z"), "2025-01-16T12:00:00Z");
  EXPECT_EQ(next("cron(5,35 14 * * ? *)", "2025-01-15T14:05:00Z"), "2025-01-15T14:35:00Z");
  EXPECT_EQ(next("cron(5,35 14 * * ? *)", "2025-01-15T14:35:00Z"), "2025-01-16T14:05:00Z");
}

TEST(CronNextTest, FirstMondayOfTheMonth) {
  // 2025-01-06 is the first Monday of January; February starts on a Saturday.
  EXPECT_EQ(next("cron(0 9 ? * 2#1 *)", "2025-01-01T00:00:00Z"), "2025-01-06T09:00:00Z");
  EXPECT_EQ(next("cron(0 9 ? * 2#1 *)", "2025-01-06T09:00:00Z"), "2025-02-03T09:00:00Z");
}

TEST(CronNextTest, FifthWednesdayOnlyInMonthsThatHaveOne) {
  EXPECT_EQ(next("cron(0 0 ? * 4#5 *)", "2025-01-01T00:00:00Z"), "2025-01-29T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 ? * WED#5 *)", "2025-01-29T00:00:00Z"), "2025-04-30T00:00:00Z");
}

TEST(CronNextTest, LastFridayOfTheMonthWithinYears) {
  const std::string text = "cron(15 10 ? * 6L 2019-2022)";
  EXPECT_EQ(next(text, "2018-06-01T00:00:00Z"), "2019-01-25T10:15:00Z");
  EXPECT_EQ(next(text, "2022-12-01T00:00:00Z"), "2022-12-30T10:15:00Z");
  EXPECT_EQ(next(text, "2022-12-30T10:15:00Z"), "never");
  EXPECT_EQ(next(text, "2025-01-01T00:00:00Z"), "never");
}

TEST(CronNextTest, LastDayOfTheMonthFollowsLeapYears) {
  EXPECT_EQ(next("cron(0 0 L * ? *)", "2024-02-01T00:00:00Z"), "2024-02-29T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 L * ? *)", "2025-02-01T00:00:00Z"), "2025-02-28T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 L * ? *)", "2025-04-30T00:00:00Z"), "2025-05-31T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 L 2 ? *)", "2024-02-29T00:00:00Z"), "2025-02-28T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 L 2 ? *)", "2100-01-01T00:00:00Z"), "2100-02-28T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 L 2 ? *)", "2000-01-01T00:00:00Z"), "2000-02-29T00:00:00Z");
}

TEST(CronNextTest, LastWeekdayOfTheMonth) {
  // 2025-05-31 is a Saturday and 2025-08-31 a Sunday: both move back to the Friday.
  EXPECT_EQ(next("cron(0 9 LW * ? *)", "2025-05-01T00:00:00Z"), "2025-05-30T09:00:00Z");
  EXPECT_EQ(next("cron(0 9 LW * ? *)", "2025-08-01T00:00:00Z"), "2025-08-29T09:00:00Z");
  EXPECT_EQ(next("cron(0 9 LW * ? *)", "2025-01-01T00:00:00Z"), "2025-01-31T09:00:00Z");
}

TEST(CronNextTest, NearestWeekdayStaysInTheMonth) {
  // 2025-02-01 is a Saturday: 1W moves on to Monday the 3rd, not back into January.
  EXPECT_EQ(next("cron(0 9 1W * ? *)", "2025-01-15T00:00:00Z"), "2025-02-03T09:00:00Z");
  // 2025-03-15 is a Saturday (back to Friday), 2025-06-15 a Sunday (on to Monday).
  EXPECT_EQ(next("cron(0 9 15W * ? *)", "2025-03-01T00:00:00Z"), "2025-03-14T09:00:00Z");
  EXPECT_EQ(next("cron(0 9 15W * ? *)", "2025-06-01T00:00:00Z"), "2025-06-16T09:00:00Z");
  // 2025-01-15 is a Wednesday: the day itself.
  EXPECT_EQ(next("cron(0 9 15W * ? *)", "2025-01-01T00:00:00Z"), "2025-01-15T09:00:00Z");
  // 2025-08-31 is a Sunday and the last day: back to Friday the 29th.
  EXPECT_EQ(next("cron(0 9 31W * ? *)", "2025-08-01T00:00:00Z"), "2025-08-29T09:00:00Z");
  // Months without a 31st are skipped: after August comes October.
  EXPECT_EQ(next("cron(0 9 31W * ? *)", "2025-08-30T00:00:00Z"), "2025-10-31T09:00:00Z");
}

TEST(CronNextTest, LeapDayWaitsForTheNextLeapYear) {
  EXPECT_EQ(next("cron(0 0 29 2 ? *)", "2025-01-01T00:00:00Z"), "2028-02-29T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 29 FEB ? *)", "2024-02-29T00:00:00Z"), "2028-02-29T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 31 * ? *)", "2025-04-01T00:00:00Z"), "2025-05-31T00:00:00Z");
}

TEST(CronNextTest, DaysThatNeverComeAreNever) {
  EXPECT_EQ(next("cron(0 0 30 2 ? *)", "2025-01-01T00:00:00Z"), "never");
  EXPECT_EQ(next("cron(0 0 31 4,6,9,11 ? *)", "2025-01-01T00:00:00Z"), "never");
  EXPECT_EQ(next("cron(0 0 1 1 ? 1999)", "2025-01-01T00:00:00Z"), "never");
}

TEST(CronNextTest, SearchEndsWithTheLastYear) {
  EXPECT_EQ(next("cron(0 0 1 1 ? 2199)", "2100-06-01T00:00:00Z"), "2199-01-01T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 1 1 ? 2199)", "2199-01-01T00:00:00Z"), "never");
  EXPECT_EQ(next("cron(59 23 31 12 ? *)", "2199-12-31T23:58:59Z"), "2199-12-31T23:59:00Z");
  EXPECT_EQ(next("cron(* * * * ? *)", "2199-12-31T23:59:00Z"), "never");
  EXPECT_EQ(next("cron(* * * * ? *)", "3000-01-01T00:00:00Z"), "never");
}

TEST(CronNextTest, TimesBefore1970StartTheSearchIn1970) {
  EXPECT_EQ(next("cron(0 0 1 1 ? *)", "1960-05-05T00:00:00Z"), "1970-01-01T00:00:00Z");
}

TEST(CronNextTest, DayOfWeekNumbersStartWithSunday) {
  EXPECT_EQ(next("cron(0 0 ? * 1 *)", "2025-01-15T00:00:00Z"), "2025-01-19T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 ? * SUN *)", "2025-01-15T00:00:00Z"), "2025-01-19T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 ? * 7 *)", "2025-01-15T00:00:00Z"), "2025-01-18T00:00:00Z");
  // A lone L is the last day of the week, Saturday.
  EXPECT_EQ(next("cron(0 0 ? * L *)", "2025-01-15T00:00:00Z"), "2025-01-18T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 ? * FRI-MON *)", "2025-01-15T00:00:00Z"), "2025-01-17T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 ? * FRI-MON *)", "2025-01-20T00:00:00Z"), "2025-01-24T00:00:00Z");
}

TEST(CronNextTest, MonthRangeRunsPastDecember) {
  const std::string text = "cron(0 0 1 NOV-FEB ? *)";
  EXPECT_EQ(next(text, "2025-03-01T00:00:00Z"), "2025-11-01T00:00:00Z");
  EXPECT_EQ(next(text, "2025-12-01T00:00:00Z"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(next(text, "2026-02-01T00:00:00Z"), "2026-11-01T00:00:00Z");
}

TEST(CronNextTest, IncrementsInDaysAndYears) {
  EXPECT_EQ(next("cron(0 0 1/10 * ? *)", "2025-01-11T00:00:00Z"), "2025-01-21T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 1/10 * ? *)", "2025-01-31T00:00:00Z"), "2025-02-01T00:00:00Z");
  EXPECT_EQ(next("cron(0 0 1 1 ? 2020/4)", "2025-01-01T00:00:00Z"), "2028-01-01T00:00:00Z");
}

TEST(CronNextTest, FiresOnWholeMinutesStrictlyAfter) {
  EXPECT_EQ(next("cron(* * * * ? *)", "2025-01-15T09:30:20.500Z"), "2025-01-15T09:31:00Z");
  EXPECT_EQ(next("cron(* * * * ? *)", "2025-01-15T09:30:00Z"), "2025-01-15T09:31:00Z");
  EXPECT_EQ(next("cron(* * * * ? *)", "2025-01-15T09:29:59.999Z"), "2025-01-15T09:30:00Z");
}

TEST(CronNextTest, CreationTimeDoesNotMatter) {
  const Schedule schedule = parsed("cron(0 10 * * ? *)");
  EXPECT_EQ(schedule.next_after(at("2025-01-15T09:00:00Z"), at("2020-01-01T00:00:00Z")),
            schedule.next_after(at("2025-01-15T09:00:00Z"), at("2025-01-15T08:59:00Z")));
  EXPECT_EQ(schedule.period().count(), 0);
}

}  // namespace
}  // namespace certflow::events::schedule
