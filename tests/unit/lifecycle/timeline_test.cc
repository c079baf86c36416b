// The ACM timeline over simulated days: Available, Approaching Expiration, Expired, catch-up.
#include <gtest/gtest.h>

#include "inventory/certificate_events.h"
#include "lifecycle/lifecycle_fixture.h"

namespace certflow::lifecycle::testing {
namespace {

using namespace std::chrono_literals;
using pki::testing::days_from_now;
using pki::testing::test_now;

constexpr auto kDay = std::chrono::hours(24);

class TimelineTest : public LifecycleTest {};

TEST_F(TimelineTest, FiftyDaysLeftGivesAvailableThenFortyFiveDailyCountdownsThenExpired) {
  clock_->set(test_now() + 10h);  // imported at 10:00 UTC, 50 days before NotAfter
  const TimePoint not_after = clock_->now() + 50 * kDay;
  const std::string arn = import_expiring("countdown.example.com", not_after);
  auto at_import = new_events();
  ASSERT_EQ(types_of(at_import), (std::vector<std::string>{"ACM Certificate Available"}));
  EXPECT_EQ(at_import[0].event["detail"]["Action"], "IMPORT");

  std::vector<int64_t> countdown;
  std::vector<std::string> countdown_times;
  std::vector<SeenEvent> expired;
  for (int day = 1; day <= 56; ++day) {
    advance_days(1);
    auto events = new_events();
    for (const auto& e : events) {
      EXPECT_EQ(e.event["resources"][0], arn);
      if (e.detail_type() == "ACM Certificate Approaching Expiration") {
        countdown.push_back(e.days_to_expiry());
        countdown_times.push_back(e.time());
      } else {
        ASSERT_EQ(e.detail_type(), "ACM Certificate Expired") << e.event.dump();
        expired.push_back(e);
      }
    }
    // Never more than one Approaching Expiration a day.
    EXPECT_LE(events.size(), 2u) << "day " << day;
  }
  std::vector<int64_t> expected;
  for (int64_t d = 45; d >= 1; --d) expected.push_back(d);
  EXPECT_EQ(countdown, expected);
  // One a day, at the day's evaluation (midnight UTC): 2027-03-07 is 45 days (rounded up) out.
  ASSERT_EQ(countdown_times.size(), 45u);
  EXPECT_EQ(countdown_times.front(), "2027-03-07T00:00:00Z");
  EXPECT_EQ(countdown_times.back(), "2027-04-20T00:00:00Z");
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].time(), "2027-04-20T10:00:00Z");  // at NotAfter itself
  EXPECT_EQ(expired[0].event["detail"]["CertificateType"], "IMPORTED");

  auto described = inventory_->describe_certificate(arn);
  ASSERT_TRUE(described);
  EXPECT_EQ(described->status, "EXPIRED");
  // After a restart and more days, nothing more.
  restart();
  advance_days(5);
  EXPECT_TRUE(new_events().empty());
}

TEST_F(TimelineTest, RunningTheEngineAgainTheSameDayEmitsNothingNew) {
  import_expiring("twice.example.com", days_from_now(10));
  new_events();
  advance_days(1);
  EXPECT_EQ(types_of(new_events()),
            (std::vector<std::string>{"ACM Certificate Approaching Expiration"}));
  auto again = engine_->run_due();
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->daily_evaluation);
  restart();
  advance(6h);
  EXPECT_TRUE(new_events().empty());
}

TEST_F(TimelineTest, ACertificateImportedInsideTheWindowIsCountedFromTheNextEvaluation) {
  // Today's evaluation ran at start; the import itself is announced by Available.
  import_expiring("late.example.com", days_from_now(10) + 1h);
  EXPECT_EQ(types_of(new_events()), (std::vector<std::string>{"ACM Certificate Available"}));
  advance_days(1);
  auto events = new_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].days_to_expiry(), 10);
}

TEST_F(TimelineTest, ADaysBeforeExpiryChangeTakesEffectAtTheNextEvaluation) {
  import_expiring("window.example.com", days_from_now(20) + 12h);
  new_events();
  advance_days(1);  // 20 days left: inside the default 45-day window
  EXPECT_EQ(new_events().size(), 1u);
  set_days_before_expiry(10);
  advance_days(1);  // 19 days left, outside the new window
  EXPECT_TRUE(new_events().empty());
  advance_days(9);  // days 18..10: only the last is inside
  auto events = new_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].days_to_expiry(), 10);
}

TEST_F(TimelineTest, DeletingACertificateStopsItsEvents) {
  const std::string arn = import_expiring("gone.example.com", days_from_now(5) + 1h);
  advance_days(1);
  EXPECT_EQ(types_of(new_events()).size(), 2u);  // Available, Approaching
  ASSERT_TRUE(inventory_->delete_certificate(arn));
  advance_days(10);
  EXPECT_TRUE(new_events().empty());
}

TEST_F(TimelineTest, ReimportWithALaterExpiryEmitsAvailableAndResetsTheCountdown) {
  const std::string arn = import_expiring("renewed.example.com", days_from_now(3) + 1h);
  advance_days(1);
  auto before = new_events();
  ASSERT_EQ(before.back().days_to_expiry(), 3);

  pki::testing::CertSpec spec;
  spec.not_before = clock_->now() - kDay;
  spec.not_after = clock_->now() + 40 * kDay + 1h;
  auto request = request_for(
      inventory::testing::self_signed("renewed.example.com", pki::testing::rsa_key(2048), spec));
  request.certificate_arn = arn;
  ASSERT_TRUE(inventory_->import_certificate(request));
  auto reimported = new_events();
  ASSERT_EQ(types_of(reimported), (std::vector<std::string>{"ACM Certificate Available"}));
  EXPECT_EQ(reimported[0].event["detail"]["Action"], "REIMPORT");
  EXPECT_EQ(reimported[0].days_to_expiry(), 41);

  advance_days(5);  // where the old certificate would have expired
  auto after = new_events();
  ASSERT_EQ(after.size(), 5u);
  for (const auto& e : after) {
    EXPECT_EQ(e.detail_type(), "ACM Certificate Approaching Expiration");
  }
  EXPECT_EQ(after.front().days_to_expiry(), 40);
  EXPECT_EQ(after.back().days_to_expiry(), 36);
}

TEST_F(TimelineTest, ReimportOfAnExpiredCertificateMakesItIssuedAndItCanExpireAgain) {
  const std::string arn = import_expiring("again.example.com", days_from_now(1) + 1h);
  advance_days(2);
  ASSERT_EQ(types_of(new_events()).back(), "ACM Certificate Expired");
  pki::testing::CertSpec spec;
  spec.not_before = clock_->now() - kDay;
  spec.not_after = clock_->now() + 1h;
  auto request = request_for(
      inventory::testing::self_signed("again.example.com", pki::testing::rsa_key(2048), spec));
  request.certificate_arn = arn;
  ASSERT_TRUE(inventory_->import_certificate(request));
  advance(2h);
  EXPECT_EQ(types_of(new_events()),
            (std::vector<std::string>{"ACM Certificate Available", "ACM Certificate Expired"}));
}

TEST_F(TimelineTest, CatchUpAfterATenDayGapEmitsOnlyWhatIsStillNews) {
  const std::string soon = import_expiring("soon.example.com", days_from_now(4) + 1h);
  const std::string later = import_expiring("later.example.com", days_from_now(30) + 1h);
  const std::string distant = import_expiring("distant.example.com", days_from_now(200));
  new_events();
  auto report = jump(10 * kDay);  // the daemon was down for ten days
  EXPECT_TRUE(report.daily_evaluation);
  auto events = new_events();
  ASSERT_EQ(events.size(), 2u);
  // Expired for what expired in the gap; today's Approaching Expiration, not ten stale ones.
  EXPECT_EQ(events[0].detail_type(), "ACM Certificate Expired");
  EXPECT_EQ(events[0].event["resources"][0], soon);
  EXPECT_EQ(events[0].time(), "2027-03-05T01:00:00Z");
  EXPECT_EQ(events[1].detail_type(), "ACM Certificate Approaching Expiration");
  EXPECT_EQ(events[1].event["resources"][0], later);
  EXPECT_EQ(events[1].days_to_expiry(), 21);
  EXPECT_EQ(events[1].time(), "2027-03-11T00:00:00Z");
  (void)distant;
}

TEST_F(TimelineTest, SteppingTenDaysRunsEveryEvaluationInOrder) {
  import_expiring("stepped.example.com", days_from_now(30) + 1h);
  new_events();
  advance_days(10);
  auto events = new_events();
  ASSERT_EQ(events.size(), 10u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].days_to_expiry(), 30 - static_cast<int64_t>(i));
  }
}

TEST_F(TimelineTest, TheClockNeverGoesBackwards) {
  auto report = control_->advance_to(clock_->now() - 1s, false);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kValidation);
  EXPECT_NE(report.error().message.find("backwards"), std::string::npos);
}

TEST_F(TimelineTest, TheSimulatedTimeIsPersistedForTheNextStart) {
  advance_days(3);
  auto start = simulated_clock_start(*store_, std::nullopt, test_now() - 100 * kDay);
  ASSERT_TRUE(start);
  EXPECT_EQ(*start, test_now() + 3 * kDay);
  auto requested = simulated_clock_start(*store_, test_now(), test_now() - kDay);
  ASSERT_TRUE(requested);
  EXPECT_EQ(*requested, test_now());
}

TEST_F(TimelineTest, ShortLivedSettingStartsTheCountdownAtAThirdOfTheLifetime) {
  // A 47-day certificate imported on its first day: 45 days out it would alert from day two.
  const TimePoint issued = clock_->now() - 1h;
  import_expiring("short.example.com", issued + 47 * kDay, issued);
  ASSERT_TRUE(inventory_->set_expiry_lifetime_percent(33));
  new_events();
  std::vector<int64_t> countdown;
  for (int day = 0; day < 48; ++day) {
    advance_days(1);
    for (const auto& e : new_events()) {
      if (e.detail_type() == "ACM Certificate Approaching Expiration") {
        countdown.push_back(e.days_to_expiry());
      }
    }
  }
  ASSERT_FALSE(countdown.empty());
  EXPECT_EQ(countdown.front(), 15);  // floor(47 * 0.33)
  EXPECT_EQ(countdown.back(), 1);
  EXPECT_EQ(countdown.size(), 15u);
}

TEST_F(TimelineTest, ShortLivedSettingNeverWidensTheWindow) {
  ASSERT_TRUE(inventory_->set_expiry_lifetime_percent(100));
  set_days_before_expiry(5);
  import_expiring("long.example.com", days_from_now(8) + 1h);
  new_events();
  advance_days(5);
  auto events = new_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].days_to_expiry(), 5);
}

TEST_F(TimelineTest, ShortLivedSettingRejectsOutOfRangeValues) {
  for (int bad : {-1, 101}) {
    auto status = inventory_->set_expiry_lifetime_percent(bad);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, ErrorCode::kValidation);
  }
}

TEST_F(TimelineTest, LargeInventoryIsEvaluatedInBoundedTransactions) {
  // The fixture's batch size is 3: ten certificates need several transactions per phase.
  for (int i = 0; i < 10; ++i) {
    put_managed("batch" + std::to_string(i) + ".example.com",
                days_from_now(i < 5 ? 2 : 20) + std::chrono::minutes(i), /*exported=*/false);
  }
  EXPECT_EQ(advance_days(1).approaching, 10u);
  EXPECT_EQ(advance_days(2).expired, 5u);
  size_t expired = 0;
  for (const auto& e : new_events()) expired += e.detail_type() == "ACM Certificate Expired";
  EXPECT_EQ(expired, 5u);
}

TEST_F(TimelineTest, AClockThatWentBackwardsEvaluatesItsDayAgain) {
  // A data directory whose simulated clock ran ahead, served again at an earlier time.
  advance_days(20);
  import_expiring("back.example.com", clock_->now() + 10 * kDay + 1h);
  new_events();
  clock_->set(clock_->now() - 15 * kDay);
  auto report = engine_->run_due();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->daily_evaluation);
  EXPECT_EQ(types_of(new_events()),
            (std::vector<std::string>{"ACM Certificate Approaching Expiration"}));
}

TEST(DaysToExpiryTest, CountsWholeDaysRoundedUp) {
  using inventory::days_to_expiry;
  const int64_t day = inventory::kMillisPerDay;
  EXPECT_EQ(days_to_expiry(10 * day, 0), 10);
  EXPECT_EQ(days_to_expiry(10 * day + 1, 0), 11);
  EXPECT_EQ(days_to_expiry(1, 0), 1);
  EXPECT_EQ(days_to_expiry(0, 0), 0);
  EXPECT_EQ(days_to_expiry(-5, 0), 0);
  EXPECT_EQ(inventory::utc_day(-1), -1);
  EXPECT_EQ(inventory::utc_day(day), 1);
}

}  // namespace
}  // namespace certflow::lifecycle::testing
