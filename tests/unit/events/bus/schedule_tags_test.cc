// Scheduled rules firing over the simulated clock, tags on buses and rules, throttled
// deliveries, outbox retention.
#include <nlohmann/json.hpp>

#include "bus_fixture.h"

namespace certflow::events::bus::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kPrefix = "arn:aws:events:us-east-1:000000000000:";

class BusScheduleTest : public BusTest {
 protected:
  // A scheduled rule with one target to kQueueArn; created at the fixture's start, 09:30:00.
  std::string scheduled_rule(const std::string& name, const std::string& expression) {
    RuleSpec spec;
    spec.name = name;
    spec.schedule_expression = expression;
    const std::string arn = must(bus().put_rule(spec));
    put_target(name, target("q", kQueueArn));
    return arn;
  }
  size_t fire() { return must(bus().fire_schedules()); }
  std::vector<json> delivered_events() {
    std::vector<json> out;
    for (const auto& d : queues_.delivered_to(kQueueArn)) out.push_back(json::parse(d.payload));
    return out;
  }
};

TEST_F(BusScheduleTest, RateRuleFiresAScheduledEventEveryPeriodFromItsCreation) {
  const std::string arn = scheduled_rule("every-5", "rate(5 minutes)");
  clock_.advance(4min + 59s);
  EXPECT_EQ(fire(), 0u);
  clock_.advance(1s);  // 09:35:00
  EXPECT_EQ(fire(), 1u);
  EXPECT_EQ(fire(), 0u) << "one firing per scheduled time";
  pump();
  auto events = delivered_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["source"], "aws.events");
  EXPECT_EQ(events[0]["detail-type"], "Scheduled Event");
  EXPECT_EQ(events[0]["resources"], json::array({arn}));
  EXPECT_EQ(events[0]["time"], "2031-01-10T09:35:00Z");
  EXPECT_EQ(events[0]["detail"], json::object());
  EXPECT_EQ(events[0]["account"], "000000000000");
  clock_.advance(5min);
  EXPECT_EQ(fire(), 1u);
  pump();
  ASSERT_EQ(delivered_events().size(), 2u);
  EXPECT_EQ(delivered_events()[1]["time"], "2031-01-10T09:40:00Z");
  EXPECT_NE(delivered_events()[1]["id"], events[0]["id"]);
  EXPECT_EQ(metric("TriggeredRules", "every-5"), 2);
  EXPECT_EQ(metric("Invocations", "every-5", "q"), 2);
}

TEST_F(BusScheduleTest, MissedFiringsCoalesceIntoTheLatestOne) {
  scheduled_rule("every-5", "rate(5 minutes)");
  clock_.advance(1h + 2min);  // twelve firings missed, the latest at 10:30
  EXPECT_EQ(fire(), 1u);
  pump();
  ASSERT_EQ(delivered_events().size(), 1u);
  EXPECT_EQ(delivered_events()[0]["time"], "2031-01-10T10:30:00Z");
  clock_.advance(3min);  // 10:35
  EXPECT_EQ(fire(), 1u);
}

TEST_F(BusScheduleTest, CronRuleFiresAtItsMinuteInUtc) {
  scheduled_rule("noon", "cron(0 12 * * ? *)");
  clock_.advance(2h + 29min);  // 11:59
  EXPECT_EQ(fire(), 0u);
  clock_.advance(1min);
  EXPECT_EQ(fire(), 1u);
  pump();
  ASSERT_EQ(delivered_events().size(), 1u);
  EXPECT_EQ(delivered_events()[0]["time"], "2031-01-10T12:00:00Z");
  clock_.advance(23h);  // 11:00 next day
  EXPECT_EQ(fire(), 0u);
  clock_.advance(1h);
  EXPECT_EQ(fire(), 1u);
}

TEST_F(BusScheduleTest, ARestartNeitherRepeatsAFiringNorForgetsTheDowntime) {
  scheduled_rule("every-5", "rate(5 minutes)");
  clock_.advance(5min);
  EXPECT_EQ(fire(), 1u);
  restart();
  EXPECT_EQ(fire(), 0u) << "09:35 fired before the restart";
  clock_.advance(20min);  // down over four firings
  restart();
  EXPECT_EQ(fire(), 1u);
  pump();
  EXPECT_EQ(queues_.delivered_to(kQueueArn).size(), 2u);
}

TEST_F(BusScheduleTest, DisabledAndDeletedRulesDoNotFireAndReEnablingSkipsTheTimeOff) {
  scheduled_rule("every-5", "rate(5 minutes)");
  must(bus().set_rule_state(kDefaultBus, "every-5", false));
  clock_.advance(30min);
  EXPECT_EQ(fire(), 0u);
  must(bus().set_rule_state(kDefaultBus, "every-5", true));  // 10:00
  EXPECT_EQ(fire(), 0u) << "no firing for the time it was disabled";
  clock_.advance(5min);
  EXPECT_EQ(fire(), 1u);
  auto removed = must(bus().remove_targets(kDefaultBus, "every-5", {"q"}));
  EXPECT_TRUE(removed.empty());
  must(bus().delete_rule(kDefaultBus, "every-5"));
  clock_.advance(1h);
  EXPECT_EQ(fire(), 0u);
  EXPECT_FALSE(bus().next_schedule_time());
}

TEST_F(BusScheduleTest, NextScheduleTimeIsTheEarliestFiring) {
  EXPECT_FALSE(bus().next_schedule_time());
  scheduled_rule("hourly", "rate(1 hour)");
  scheduled_rule("every-5", "rate(5 minutes)");
  ASSERT_TRUE(bus().next_schedule_time());
  EXPECT_EQ(to_iso8601(*bus().next_schedule_time()), "2031-01-10T09:35:00Z");
}

class BusTagsTest : public BusTest {};

TEST_F(BusTagsTest, RulesAndBusesAreTaggedByArnAndUntaggedByKey) {
  const std::string rule = put_rule("r", R"({"source":["shop"]})");
  must(bus().tag_resource(rule, {{"team", "pki"}, {"env", "prod"}}));
  must(bus().tag_resource(rule, {{"env", "staging"}}));
  auto tags = must(bus().list_tags(rule));
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0], (store::Tag{"team", "pki"}));
  EXPECT_EQ(tags[1], (store::Tag{"env", "staging"}));
  must(bus().untag_resource(rule, {"team", "absent"}));
  EXPECT_EQ(must(bus().list_tags(rule)), (std::vector<store::Tag>{{"env", "staging"}}));

  auto info = must(bus().create_event_bus("orders", "", {{"owner", "shop"}}));
  EXPECT_EQ(must(bus().list_tags(info.arn)), (std::vector<store::Tag>{{"owner", "shop"}}));
  EXPECT_TRUE(must(bus().list_tags(kPrefix + "event-bus/default")).empty());
}

TEST_F(BusTagsTest, PutRuleTagsAreKeptAndGoWithTheRule) {
  RuleSpec spec;
  spec.name = "r";
  spec.event_pattern = R"({"source":["shop"]})";
  spec.tags = {{"team", "pki"}};
  const std::string arn = must(bus().put_rule(spec));
  EXPECT_EQ(must(bus().list_tags(arn)), (std::vector<store::Tag>{{"team", "pki"}}));
  must(bus().delete_rule(kDefaultBus, "r"));
  EXPECT_EQ(bus().list_tags(arn).error().code, ErrorCode::kResourceNotFound);
  spec.tags.clear();
  must(bus().put_rule(spec));
  EXPECT_TRUE(must(bus().list_tags(arn)).empty()) << "a new rule of the same name starts bare";
}

TEST_F(BusTagsTest, BadTagsAndUnknownResourcesAreRefusedAndChangeNothing) {
  const std::string rule = put_rule("r", R"({"source":["shop"]})");
  auto reserved = bus().tag_resource(rule, {{"ok", "1"}, {"aws:owner", "x"}});
  ASSERT_FALSE(reserved);
  EXPECT_EQ(reserved.error().code, ErrorCode::kValidation);
  EXPECT_NE(reserved.error().message.find("aws:"), std::string::npos);
  EXPECT_TRUE(must(bus().list_tags(rule)).empty());

  std::vector<store::Tag> many;
  for (int i = 0; i < 51; ++i) many.push_back({"k" + std::to_string(i), "v"});
  EXPECT_EQ(bus().tag_resource(rule, many).error().code, ErrorCode::kLimitExceeded);
  EXPECT_TRUE(must(bus().list_tags(rule)).empty());

  EXPECT_EQ(bus().tag_resource(kPrefix + "rule/nope", {{"a", "b"}}).error().code,
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(bus().list_tags("arn:aws:sqs:us-east-1:000000000000:q").error().code,
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(bus().list_tags(kPrefix + "event-bus/nope").error().code, ErrorCode::kResourceNotFound);
}

class BusThrottleTest : public BusTest {};

TEST_F(BusThrottleTest, AThrottledDeliveryWaitsWithoutUsingAnAttempt) {
  put_rule("r", R"({"source":["shop"]})");
  TargetSpec spec = target("q", kQueueArn);
  spec.retry_policy = RetryPolicy{0, 60};  // no retries: a counted attempt would drop it
  put_target("r", spec);
  DeliveryFailure throttled{"Throttled", "over the rate limit", true};
  throttled.throttled_for = 250ms;
  queues_.fail_next(kQueueArn, 3, throttled);
  put_event("shop", "Order Placed", "{}");
  pump();
  EXPECT_EQ(metric("ThrottledRules", "r"), 1);
  EXPECT_EQ(metric("FailedInvocations", "r", "q"), 0);
  for (int i = 0; i < 2; ++i) {
    clock_.advance(250ms);
    pump();
  }
  EXPECT_EQ(metric("ThrottledRules", "r"), 3);
  EXPECT_TRUE(queues_.delivered_to(kQueueArn).empty());
  clock_.advance(250ms);
  pump();
  EXPECT_EQ(queues_.delivered_to(kQueueArn).size(), 1u);
  EXPECT_EQ(metric("InvocationsDropped", "r", "q"), 0);
}

class BusRetentionTest : public BusTest {};

TEST_F(BusRetentionTest, RoutedEventsOlderThanTheRetentionLeaveTheOutboxUnroutedOnesStay) {
  put_event("shop", "Old", "{}");
  must(bus().route_pending());
  clock_.advance(std::chrono::hours(24 * 31));
  put_event("shop", "Recent", "{}");
  EXPECT_EQ(must(bus().purge_routed_events(std::chrono::hours(24 * 30))), 1);
  auto left = must(store().list_events({}));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].detail_type, "Recent");
  clock_.advance(std::chrono::hours(24 * 31));
  EXPECT_EQ(must(bus().purge_routed_events(std::chrono::hours(24 * 30))), 0)
      << "not routed yet: kept whatever its age";
  must(bus().route_pending());
  EXPECT_EQ(must(bus().purge_routed_events(std::chrono::hours(24 * 30))), 1);
}

}  // namespace
}  // namespace certflow::events::bus::testing
