// The forecast against the engine itself: what forecast() predicts for the next N days is what
// stepping the clock through those days then emits.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "lifecycle/lifecycle_fixture.h"

namespace certflow::lifecycle::testing {
namespace {

using namespace std::chrono_literals;
using pki::testing::days_from_now;

constexpr auto kDay = std::chrono::hours(24);

// (time, kind, arn, days to expiry)
using Occurrence = std::tuple<std::string, std::string, std::string, int64_t>;

class ForecastTest : public LifecycleTest {
 protected:
  void make_inventory() {
    clock_->set(clock_->now() + 9h);
    import_expiring("a.example.com", days_from_now(3) + 4h);
    import_expiring("b.example.com", days_from_now(20) + 30min);
    import_expiring("c.example.com", days_from_now(46));
    import_expiring("d.example.com", days_from_now(80));
    import_expiring("e.example.com", days_from_now(400));
    put_managed("m.example.com", days_from_now(70) + 2h);
    set_days_before_expiry(30);
  }

  Forecast forecast_days(int days, size_t max_entries = 10'000) {
    auto out = forecast(*store_, inventory_->config(), clock_->now(), {days, max_entries});
    EXPECT_TRUE(out) << out.error().message;
    return out ? *out : Forecast{};
  }
};

TEST_F(ForecastTest, PredictsExactlyWhatTheEngineThenEmits) {
  make_inventory();
  new_events();
  Forecast predicted = forecast_days(60);
  EXPECT_EQ(predicted.total_entries, predicted.entries.size());

  std::multiset<Occurrence> expected_events;
  std::vector<TimePoint> expected_attempts;
  for (const auto& entry : predicted.entries) {
    if (entry.kind == "Renewal Attempt") {
      expected_attempts.push_back(entry.time);
      if (entry.days_to_expiry > 60) ADD_FAILURE() << "attempt too early";
      continue;
    }
    expected_events.insert({to_iso8601(entry.time), entry.kind, entry.arn, entry.days_to_expiry});
  }
  ASSERT_FALSE(expected_events.empty());
  ASSERT_FALSE(expected_attempts.empty());

  advance_days(60);
  std::multiset<Occurrence> emitted;
  for (const auto& e : new_events()) {
    if (e.detail_type() == "ACM Certificate Renewal Action Required") continue;
    emitted.insert({e.time(), e.detail_type(), e.event["resources"][0],
                    e.days_to_expiry() < 0 ? 0 : e.days_to_expiry()});
  }
  EXPECT_EQ(emitted, expected_events);
  EXPECT_EQ(issuer_->calls, expected_attempts);
}

TEST_F(ForecastTest, ChangesNothing) {
  make_inventory();
  const size_t before = all_events().size();
  auto state = store_->get_lifecycle_state();
  forecast_days(365);
  EXPECT_EQ(all_events().size(), before);
  auto after = store_->get_lifecycle_state();
  ASSERT_TRUE(state && after);
  EXPECT_EQ(state->last_evaluated_day, after->last_evaluated_day);
  EXPECT_TRUE(issuer_->calls.empty());
}

TEST_F(ForecastTest, SummarisesExpiriesPerWeekAndTotalsByKind) {
  make_inventory();
  Forecast out = forecast_days(90);
  ASSERT_EQ(out.weeks.size(), 13u);  // 90 days: 12 whole weeks and a part
  size_t expiring = 0;
  for (const auto& week : out.weeks) expiring += week.expiring;
  EXPECT_EQ(expiring, 5u);               // a, b, c, m and d expire within 90 days
  EXPECT_EQ(out.weeks[0].expiring, 1u);  // a, in three days
  EXPECT_EQ(out.totals_by_kind["ACM Certificate Expired"], 5u);
  EXPECT_EQ(out.totals_by_kind["Renewal Attempt"], 6u);  // m: 60, 45, 30, 15, 3, 1
  EXPECT_EQ(out.from, clock_->now());
  EXPECT_EQ(out.until, clock_->now() + 90 * kDay);
}

TEST_F(ForecastTest, KeepsAtMostMaxEntriesButCountsAll) {
  make_inventory();
  Forecast all = forecast_days(60);
  Forecast few = forecast_days(60, 3);
  ASSERT_EQ(few.entries.size(), 3u);
  EXPECT_EQ(few.total_entries, all.total_entries);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(few.entries[i].time, all.entries[i].time);
    EXPECT_EQ(few.entries[i].arn, all.entries[i].arn);
  }
}

TEST_F(ForecastTest, EntriesAreChronological) {
  make_inventory();
  Forecast out = forecast_days(120);
  for (size_t i = 1; i < out.entries.size(); ++i) {
    EXPECT_LE(out.entries[i - 1].time, out.entries[i].time) << i;
  }
}

TEST_F(ForecastTest, RejectsAnOutOfRangeHorizon) {
  for (int days : {0, -1, 3651}) {
    auto out = forecast(*store_, inventory_->config(), clock_->now(), {days, 10});
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ErrorCode::kValidation);
  }
}

}  // namespace
}  // namespace certflow::lifecycle::testing
