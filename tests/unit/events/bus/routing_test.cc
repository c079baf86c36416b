// Events into the outbox (PutEvents and the lifecycle's ACM events) and out to the targets of the
// rules they match.
#include <nlohmann/json.hpp>

#include "bus_fixture.h"

namespace certflow::events::bus::testing {
namespace {

using nlohmann::json;

constexpr const char* kAcmApproachingRule =
    R"({"source":["aws.acm"],"detail-type":["ACM Certificate Approaching Expiration"]})";

class BusRoutingTest : public BusTest {};

TEST_F(BusRoutingTest, PutEventsReachOnlyTheTargetsOfMatchingRulesOnTheirBus) {
  put_rule("orders", R"({"source":["shop"],"detail-type":["Order Placed"]})");
  put_target("orders", target("q", kQueueArn));
  put_rule("payments", R"({"source":["bank"]})");
  put_target("payments", target("q", kOtherQueueArn));
  must(bus().create_event_bus("custom", ""));
  put_rule("orders", R"({"source":["shop"]})", "custom");
  put_target("orders", target("f", kFunctionArn), "custom");

  const std::string on_default = put_event("shop", "Order Placed", R"({"order":1})");
  const std::string on_custom = put_event("shop", "Order Placed", R"({"order":2})", "custom");
  put_event("shop", "Order Shipped", R"({"order":3})");  // matches nothing
  pump();

  auto to_queue = queues_.delivered();
  ASSERT_EQ(to_queue.size(), 1u);
  EXPECT_EQ(to_queue[0].arn, kQueueArn);
  EXPECT_TRUE(to_queue[0].attributes.empty());
  const json event = json::parse(to_queue[0].payload);
  EXPECT_EQ(event["version"], "0");
  EXPECT_EQ(event["id"], on_default);
  EXPECT_EQ(event["source"], "shop");
  EXPECT_EQ(event["detail-type"], "Order Placed");
  EXPECT_EQ(event["account"], "000000000000");
  EXPECT_EQ(event["region"], "us-east-1");
  EXPECT_EQ(event["time"], "2031-01-10T09:30:00Z");
  EXPECT_EQ(event["resources"], json::array());
  EXPECT_EQ(event["detail"], json({{"order", 1}}));

  auto to_function = functions_.delivered();
  ASSERT_EQ(to_function.size(), 1u);
  EXPECT_EQ(json::parse(to_function[0].payload)["id"], on_custom);

  pump();  // nothing is delivered twice
  EXPECT_EQ(queues_.delivered().size(), 1u);
  EXPECT_EQ(functions_.delivered().size(), 1u);
}

TEST_F(BusRoutingTest, EachTargetGetsItsOwnInput) {
  put_rule("r", R"({"source":["shop"]})");
  TargetSpec constant = target("constant", kQueueArn);
  constant.input.input = R"({"fixed":true})";
  TargetSpec path = target("path", kOtherQueueArn);
  path.input.input_path = "$.detail";
  TargetSpec text = target("text", kDlqArn);
  text.input.input_transformer =
      transform::InputTransformer{{{"name", "$.detail.name"}, {"count", "$.detail.count"}},
                                  "Order <name> has <count> items (rule <aws.events.rule-name>)"};
  EXPECT_TRUE(must(bus().put_targets("default", "r", {constant, path, text})).empty());

  put_event("shop", "Order Placed", R"({"name":"A-17","count":3})");
  pump();
  ASSERT_EQ(queues_.delivered_to(kQueueArn).size(), 1u);
  EXPECT_EQ(queues_.delivered_to(kQueueArn)[0].payload, R"({"fixed":true})");
  ASSERT_EQ(queues_.delivered_to(kOtherQueueArn).size(), 1u);
  EXPECT_EQ(json::parse(queues_.delivered_to(kOtherQueueArn)[0].payload),
            json({{"name", "A-17"}, {"count", 3}}));
  ASSERT_EQ(queues_.delivered_to(kDlqArn).size(), 1u);
  EXPECT_EQ(queues_.delivered_to(kDlqArn)[0].payload, "Order A-17 has 3 items (rule r)");
}

TEST_F(BusRoutingTest, AcmOutboxEventIsRoutedByTheRuleFromAwsDocs) {
  put_rule("acm-expiring", kAcmApproachingRule);
  put_target("acm-expiring", target("q", kQueueArn));

  append_acm_event("ACM Certificate Available", R"({"Action":"IMPORT"})");
  append_acm_event("ACM Certificate Approaching Expiration",
                   R"({"DaysToExpiry":31,"CommonName":"www.example.com"})");
  const auto stored = must(store().list_events({}));
  ASSERT_EQ(stored.size(), 2u);
  pump();

  auto delivered = queues_.delivered();
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].payload, stored[1].body);  // the event exactly as the outbox holds it
  EXPECT_EQ(json::parse(delivered[0].payload)["detail"]["DaysToExpiry"], 31);
}

TEST_F(BusRoutingTest, DisabledRulesDoNotMatch) {
  put_rule("r", R"({"source":["shop"]})");
  put_target("r", target("q", kQueueArn));
  must(bus().set_rule_state("default", "r", false));
  put_event("shop", "Order Placed", R"({"n":1})");
  pump();
  EXPECT_TRUE(queues_.delivered().empty());

  must(bus().set_rule_state("default", "r", true));
  const std::string second = put_event("shop", "Order Placed", R"({"n":2})");
  pump();
  ASSERT_EQ(queues_.delivered().size(), 1u);  // the event put while disabled stays unmatched
  EXPECT_EQ(json::parse(queues_.delivered()[0].payload)["id"], second);

  RuleSpec disabled;
  disabled.name = "r";
  disabled.event_pattern = R"({"source":["shop"]})";
  disabled.state = "DISABLED";
  must(bus().put_rule(disabled));
  restart();  // a disabled rule stays disabled when the rules are loaded again
  put_event("shop", "Order Placed", R"({"n":3})");
  pump();
  EXPECT_EQ(queues_.delivered().size(), 1u);
}

TEST_F(BusRoutingTest, DeletedRuleNoLongerMatches) {
  put_rule("r", R"({"source":["shop"]})");
  put_target("r", target("q", kQueueArn));
  must(bus().remove_targets("default", "r", {"q"}));
  must(bus().delete_rule("default", "r"));
  put_rule("other", R"({"source":["bank"]})");
  put_target("other", target("q", kQueueArn));
  put_event("shop", "Order Placed", "{}");
  pump();
  EXPECT_TRUE(queues_.delivered().empty());
  EXPECT_EQ(metric("MatchedEvents", "r"), 0);
}

TEST_F(BusRoutingTest, MetricsCountMatchesInvocationsAndFailures) {
  put_rule("r", R"({"source":["shop"]})");
  put_target("r", target("q", kQueueArn));
  put_target("r", target("f", kFunctionArn));
  put_rule("idle", R"({"source":["shop"]})");  // matches, but has no targets
  functions_.fail_next(kFunctionArn, 1);
  put_event("shop", "A", "{}");
  put_event("shop", "B", "{}");
  put_event("bank", "C", "{}");
  pump();
  EXPECT_EQ(metric("MatchedEvents", "r"), 2);
  EXPECT_EQ(metric("TriggeredRules", "r"), 2);
  EXPECT_EQ(metric("MatchedEvents", "idle"), 2);
  EXPECT_EQ(metric("TriggeredRules", "idle"), 0);
  EXPECT_EQ(metric("Invocations", "r", "q"), 2);
  EXPECT_EQ(metric("Invocations", "r", "f"), 1);
  EXPECT_EQ(metric("FailedInvocations", "r", "f"), 1);
  EXPECT_EQ(metric("FailedInvocations", "r", "q"), 0);
}

TEST_F(BusRoutingTest, PutEventsEntriesFailOneByOne) {
  EventEntry good;
  good.source = "shop";
  good.detail_type = "Order Placed";
  good.detail = "{}";
  EventEntry no_source = good;
  no_source.source = "";
  EventEntry reserved = good;
  reserved.source = "aws.acm";
  EventEntry malformed = good;
  malformed.detail = "[1,2]";
  EventEntry unknown_bus = good;
  unknown_bus.event_bus = "nowhere";
  auto results = must(bus().put_events({good, no_source, reserved, malformed, unknown_bus, good}));
  ASSERT_EQ(results.size(), 6u);
  EXPECT_FALSE(results[0].event_id.empty());
  EXPECT_EQ(results[1].error_code, "InvalidArgument");
  EXPECT_EQ(results[2].error_code, "NotAuthorizedForSourceException");
  EXPECT_EQ(results[3].error_code, "MalformedDetail");
  EXPECT_EQ(results[4].error_code, "InvalidArgument");
  EXPECT_FALSE(results[5].event_id.empty());
  EXPECT_NE(results[0].event_id, results[5].event_id);
  for (int i = 1; i <= 4; ++i) EXPECT_TRUE(results[i].event_id.empty());
  EXPECT_EQ(must(store().list_events({})).size(), 2u);
}

TEST_F(BusRoutingTest, EventTimeIsTheEntrysTimeInWholeSeconds) {
  put_rule("r", R"({"source":["shop"]})");
  put_target("r", target("q", kQueueArn));
  EventEntry entry;
  entry.source = "shop";
  entry.detail_type = "Order Placed";
  entry.detail = "{}";
  entry.resources = {"arn:aws:shop:::order/1"};
  TimePoint t;
  parse_iso8601("2030-05-06T07:08:09.750Z", t);
  entry.time = t;
  must(bus().put_events({entry}));
  pump();
  ASSERT_EQ(queues_.delivered().size(), 1u);
  const json event = json::parse(queues_.delivered()[0].payload);
  EXPECT_EQ(event["time"], "2030-05-06T07:08:09Z");
  EXPECT_EQ(event["resources"], json::array({"arn:aws:shop:::order/1"}));
}

}  // namespace
}  // namespace certflow::events::bus::testing
