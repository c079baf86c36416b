// Buses and rules: EventBridge's management operations over the store.
#include <set>

#include "bus_fixture.h"

namespace certflow::events::bus::testing {
namespace {

class BusManagementTest : public BusTest {};

TEST_F(BusManagementTest, EventBusIsCreatedDescribedByNameOrArnAndDeleted) {
  auto created = must(bus().create_event_bus("orders", "order events"));
  EXPECT_EQ(created.arn, "arn:aws:events:us-east-1:000000000000:event-bus/orders");
  EXPECT_EQ(created.description, "order events");

  auto by_name = must(bus().describe_event_bus("orders"));
  EXPECT_EQ(by_name.name, "orders");
  EXPECT_EQ(by_name.description, "order events");
  EXPECT_EQ(by_name.created_at, clock_.now());
  EXPECT_EQ(must(bus().describe_event_bus(created.arn)).name, "orders");
  EXPECT_EQ(must(bus().describe_event_bus("")).name, "default");

  must(bus().delete_event_bus("orders"));
  EXPECT_EQ(bus().describe_event_bus("orders").error().code, ErrorCode::kResourceNotFound);
  must(bus().delete_event_bus("orders"));  // deleting what is gone succeeds, as in EventBridge
}

TEST_F(BusManagementTest, EventBusNamesAreCheckedAndUnique) {
  must(bus().create_event_bus("orders", ""));
  EXPECT_EQ(bus().create_event_bus("orders", "").error().code, ErrorCode::kResourceAlreadyExists);
  EXPECT_EQ(bus().create_event_bus("default", "").error().code, ErrorCode::kValidation);
  EXPECT_EQ(bus().create_event_bus("bad name", "").error().code, ErrorCode::kValidation);
  EXPECT_EQ(bus().delete_event_bus("default").error().code, ErrorCode::kValidation);
  EXPECT_EQ(bus().describe_event_bus("nope").error().code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(bus()
                .describe_event_bus("arn:aws:events:eu-west-1:111111111111:event-bus/orders")
                .error()
                .code,
            ErrorCode::kResourceNotFound);
}

TEST_F(BusManagementTest, ListEventBusesPagesThroughEveryBusOnce) {
  for (const char* name : {"alpha", "zeta", "mid", "beta"}) must(bus().create_event_bus(name, ""));
  for (size_t limit : {1, 2, 3, 10}) {
    std::vector<std::string> names;
    std::optional<std::string> token;
    do {
      auto page = must(bus().list_event_buses("", token, limit));
      EXPECT_LE(page.items.size(), limit);
      for (const auto& info : page.items) names.push_back(info.name);
      token = page.next_token;
    } while (token);
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()),
              (std::set<std::string>{"alpha", "beta", "default", "mid", "zeta"}))
        << "limit " << limit;
    EXPECT_EQ(names.size(), 5u) << "limit " << limit;
  }
  auto prefixed = must(bus().list_event_buses("de", std::nullopt, 10));
  ASSERT_EQ(prefixed.items.size(), 1u);
  EXPECT_EQ(prefixed.items[0].name, "default");
  EXPECT_EQ(bus().list_event_buses("", std::string("not a token!"), 10).error().code,
            ErrorCode::kValidation);
}

TEST_F(BusManagementTest, EventBusWithRulesCannotBeDeleted) {
  must(bus().create_event_bus("orders", ""));
  put_rule("r1", R"({"source":["shop"]})", "orders");
  EXPECT_EQ(bus().delete_event_bus("orders").error().code, ErrorCode::kValidation);
  must(bus().delete_rule("orders", "r1"));
  must(bus().delete_event_bus("orders"));
}

TEST_F(BusManagementTest, PutRuleCreatesThenReplacesWithoutKeepingOmittedValues) {
  RuleSpec spec;
  spec.name = "expiring";
  spec.event_pattern = R"({"source":["aws.acm"]})";
  spec.description = "certificates";
  spec.role_arn = "arn:aws:iam::000000000000:role/events";
  EXPECT_EQ(must(bus().put_rule(spec)), "arn:aws:events:us-east-1:000000000000:rule/expiring");
  Rule rule = must(bus().describe_rule("default", "expiring"));
  EXPECT_EQ(rule.state, "ENABLED");
  EXPECT_EQ(rule.event_pattern, R"({"source":["aws.acm"]})");
  EXPECT_EQ(rule.description, "certificates");
  EXPECT_EQ(rule.role_arn, "arn:aws:iam::000000000000:role/events");
  EXPECT_EQ(rule.bus, "default");

  RuleSpec replaced;
  replaced.name = "expiring";
  replaced.event_pattern = R"({"source":["shop"]})";
  replaced.state = "DISABLED";
  must(bus().put_rule(replaced));
  rule = must(bus().describe_rule("default", "expiring"));
  EXPECT_EQ(rule.state, "DISABLED");
  EXPECT_EQ(rule.event_pattern, R"({"source":["shop"]})");
  EXPECT_EQ(rule.description, "");
  EXPECT_EQ(rule.role_arn, "");
}

TEST_F(BusManagementTest, RuleOnACustomBusHasTheBusInItsArn) {
  must(bus().create_event_bus("orders", ""));
  EXPECT_EQ(put_rule("big", R"({"source":["shop"]})",
                     "arn:aws:events:us-east-1:000000000000:event-bus/orders"),
            "arn:aws:events:us-east-1:000000000000:rule/orders/big");
  EXPECT_EQ(must(bus().describe_rule("orders", "big")).bus, "orders");
  EXPECT_EQ(bus().describe_rule("default", "big").error().code, ErrorCode::kResourceNotFound);
}

TEST_F(BusManagementTest, PutRuleRefusesBadInput) {
  RuleSpec spec;
  spec.name = "r";
  EXPECT_EQ(bus().put_rule(spec).error().code, ErrorCode::kValidation);  // neither given
  spec.event_pattern = R"({"source":"aws.acm"})";                        // a leaf must be an array
  auto bad = bus().put_rule(spec);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidEventPattern);
  EXPECT_NE(bad.error().message.find("Event pattern is not valid"), std::string::npos);
  spec.event_pattern = "{not json";
  EXPECT_EQ(bus().put_rule(spec).error().code, ErrorCode::kInvalidEventPattern);
  spec.event_pattern = R"({"source":["x"]})";
  spec.bus = "nowhere";
  EXPECT_EQ(bus().put_rule(spec).error().code, ErrorCode::kResourceNotFound);
  spec.bus = "default";
  spec.name = "has space";
  EXPECT_EQ(bus().put_rule(spec).error().code, ErrorCode::kValidation);
  EXPECT_FALSE(must(store().get_rule("default", "r")));  // nothing was written
}

TEST_F(BusManagementTest, ScheduleExpressionIsValidatedAndKeptOnTheDefaultBusOnly) {
  RuleSpec spec;
  spec.name = "nightly";
  spec.schedule_expression = "rate(1 day)";
  must(bus().put_rule(spec));
  EXPECT_EQ(must(bus().describe_rule("default", "nightly")).schedule_expression, "rate(1 day)");

  spec.schedule_expression = "rate(0 days)";
  auto bad = bus().put_rule(spec);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kValidation);
  EXPECT_NE(bad.error().message.find("ScheduleExpression"), std::string::npos);
  spec.schedule_expression = "cron(0 12 * * ? *)";
  must(bus().put_rule(spec));

  must(bus().create_event_bus("orders", ""));
  spec.bus = "orders";
  EXPECT_EQ(bus().put_rule(spec).error().code, ErrorCode::kValidation);
}

TEST_F(BusManagementTest, ListRulesFiltersByPrefixAndPages) {
  for (const char* name : {"acm-a", "acm-b", "acm-c", "other"}) {
    put_rule(name, R"({"source":["x"]})");
  }
  auto all = must(bus().list_rules("default", "", std::nullopt, 100));
  EXPECT_EQ(all.items.size(), 4u);
  EXPECT_FALSE(all.next_token);

  std::vector<std::string> names;
  auto page = must(bus().list_rules("default", "acm-", std::nullopt, 2));
  for (const auto& r : page.items) names.push_back(r.name);
  ASSERT_TRUE(page.next_token);
  page = must(bus().list_rules("default", "acm-", page.next_token, 2));
  for (const auto& r : page.items) names.push_back(r.name);
  EXPECT_FALSE(page.next_token);
  EXPECT_EQ(names, (std::vector<std::string>{"acm-a", "acm-b", "acm-c"}));

  EXPECT_EQ(bus().list_rules("nowhere", "", std::nullopt, 10).error().code,
            ErrorCode::kResourceNotFound);
}

TEST_F(BusManagementTest, RulesAreEnabledAndDisabled) {
  put_rule("r", R"({"source":["x"]})");
  must(bus().set_rule_state("default", "r", false));
  EXPECT_EQ(must(bus().describe_rule("default", "r")).state, "DISABLED");
  must(bus().set_rule_state("default", "r", true));
  EXPECT_EQ(must(bus().describe_rule("default", "r")).state, "ENABLED");
  EXPECT_EQ(bus().set_rule_state("default", "nope", true).error().code,
            ErrorCode::kResourceNotFound);
}

TEST_F(BusManagementTest, RuleWithTargetsCannotBeDeletedUntilTheyAreRemoved) {
  put_rule("r", R"({"source":["x"]})");
  put_target("r", target("q", kQueueArn));
  auto refused = bus().delete_rule("default", "r");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  EXPECT_NE(refused.error().message.find("Rule can't be deleted since it has targets"),
            std::string::npos);
  EXPECT_TRUE(must(bus().remove_targets("default", "r", {"q"})).empty());
  must(bus().delete_rule("default", "r"));
  EXPECT_EQ(bus().describe_rule("default", "r").error().code, ErrorCode::kResourceNotFound);
  must(bus().delete_rule("default", "r"));  // already gone: succeeds
}

}  // namespace
}  // namespace certflow::events::bus::testing
