// PutTargets, ListTargetsByRule, RemoveTargets, ListRuleNamesByTarget.
#include "bus_fixture.h"

namespace certflow::events::bus::testing {
namespace {

class BusTargetsTest : public BusTest {
 protected:
  void SetUp() override {
    BusTest::SetUp();
    put_rule("r", R"({"source":["shop"]})");
  }
};

TEST_F(BusTargetsTest, TargetsComeBackAsTheyWerePut) {
  TargetSpec whole = target("whole", kQueueArn);
  whole.retry_policy = RetryPolicy{2, 600};
  whole.dead_letter_arn = kDlqArn;
  whole.role_arn = "arn:aws:iam::000000000000:role/events";
  TargetSpec constant = target("constant", kOtherQueueArn);
  constant.input.input = R"({"fixed":true})";
  TargetSpec path = target("path", kFunctionArn);
  path.input.input_path = "$.detail";
  TargetSpec transformed = target("transformed", kQueueArn);
  transformed.input.input_transformer =
      transform::InputTransformer{{{"name", "$.detail.name"}}, "Hello <name>"};
  EXPECT_TRUE(
      must(bus().put_targets("default", "r", {whole, constant, path, transformed})).empty());

  auto targets = must(bus().list_targets("default", "r"));
  ASSERT_EQ(targets.size(), 4u);  // in Id order
  EXPECT_EQ(targets[0].id, "constant");
  EXPECT_EQ(targets[0].input.input, R"({"fixed":true})");
  EXPECT_EQ(targets[1].id, "path");
  EXPECT_EQ(targets[1].arn, kFunctionArn);
  EXPECT_EQ(targets[1].input.input_path, "$.detail");
  EXPECT_EQ(targets[2].id, "transformed");
  ASSERT_TRUE(targets[2].input.input_transformer);
  EXPECT_EQ(targets[2].input.input_transformer->input_template, "Hello <name>");
  EXPECT_EQ(targets[2].input.input_transformer->input_paths_map.at("name"), "$.detail.name");
  EXPECT_EQ(targets[3].id, "whole");
  ASSERT_TRUE(targets[3].retry_policy);
  EXPECT_EQ(targets[3].retry_policy->maximum_retry_attempts, 2);
  EXPECT_EQ(targets[3].retry_policy->maximum_event_age_seconds, 600);
  EXPECT_EQ(targets[3].dead_letter_arn, kDlqArn);
  EXPECT_EQ(targets[3].role_arn, "arn:aws:iam::000000000000:role/events");
  EXPECT_FALSE(targets[3].input.input || targets[3].input.input_path);
}

TEST_F(BusTargetsTest, SameIdReplacesTheTarget) {
  put_target("r", target("q", kQueueArn));
  put_target("r", target("q", kOtherQueueArn));
  auto targets = must(bus().list_targets("default", "r"));
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].arn, kOtherQueueArn);
}

TEST_F(BusTargetsTest, SixthTargetIsLimitExceededAndNothingIsAdded) {
  std::vector<TargetSpec> five;
  for (int i = 0; i < 5; ++i) five.push_back(target("t" + std::to_string(i), kQueueArn));
  EXPECT_TRUE(must(bus().put_targets("default", "r", five)).empty());
  auto refused = bus().put_targets("default", "r", {target("t5", kQueueArn)});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(must(bus().list_targets("default", "r")).size(), 5u);
  // Replacing one of the five is not a sixth.
  EXPECT_TRUE(must(bus().put_targets("default", "r", {target("t0", kOtherQueueArn)})).empty());

  put_rule("r2", R"({"source":["shop"]})");
  five.push_back(target("t5", kQueueArn));
  EXPECT_EQ(bus().put_targets("default", "r2", five).error().code, ErrorCode::kLimitExceeded);
  EXPECT_TRUE(must(bus().list_targets("default", "r2")).empty());
}

TEST_F(BusTargetsTest, UnknownRuleOrBusIsNotFound) {
  EXPECT_EQ(bus().put_targets("default", "nope", {target("q", kQueueArn)}).error().code,
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(bus().put_targets("nowhere", "r", {target("q", kQueueArn)}).error().code,
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(bus().list_targets("default", "nope").error().code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(bus().remove_targets("default", "nope", {"q"}).error().code,
            ErrorCode::kResourceNotFound);
}

TEST_F(BusTargetsTest, BadEntriesFailOneByOneAndTheOthersAreAdded) {
  queues_.make_missing(kOtherQueueArn);
  TargetSpec bad_retry = target("retry", kQueueArn);
  bad_retry.retry_policy = RetryPolicy{186, 60};
  TargetSpec bad_age = target("age", kQueueArn);
  bad_age.retry_policy = RetryPolicy{3, 59};
  TargetSpec two_inputs = target("inputs", kQueueArn);
  two_inputs.input.input = "{}";
  two_inputs.input.input_path = "$.detail";
  TargetSpec bad_dlq = target("dlq", kQueueArn);
  bad_dlq.dead_letter_arn = kFunctionArn;
  auto failures =
      must(bus().put_targets("default", "r",
                             {target("ok", kQueueArn), target("missing", kOtherQueueArn),
                              target("kind", "arn:aws:sns:us-east-1:000000000000:topic"), bad_retry,
                              bad_age, two_inputs, bad_dlq}));
  ASSERT_EQ(failures.size(), 6u);
  EXPECT_EQ(failures[0].id, "missing");
  EXPECT_EQ(failures[0].error_code, "ResourceNotFoundException");
  for (size_t i = 1; i < failures.size(); ++i) {
    EXPECT_EQ(failures[i].error_code, "ValidationException") << failures[i].id;
  }
  auto targets = must(bus().list_targets("default", "r"));
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].id, "ok");
}

TEST_F(BusTargetsTest, RemovingAnUnknownIdIsAFailedEntry) {
  put_target("r", target("q", kQueueArn));
  auto failures = must(bus().remove_targets("default", "r", {"q", "ghost"}));
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].id, "ghost");
  EXPECT_EQ(failures[0].error_code, "ResourceNotFoundException");
  EXPECT_TRUE(must(bus().list_targets("default", "r")).empty());
}

TEST_F(BusTargetsTest, RuleNamesByTargetArnAreListedPerBus) {
  put_rule("r2", R"({"source":["shop"]})");
  put_target("r", target("q", kQueueArn));
  put_target("r2", target("q", kQueueArn));
  must(bus().create_event_bus("orders", ""));
  put_rule("r3", R"({"source":["shop"]})", "orders");
  put_target("r3", target("q", kQueueArn), "orders");
  EXPECT_EQ(must(bus().list_rule_names_by_target("default", kQueueArn)),
            (std::vector<std::string>{"r", "r2"}));
  EXPECT_EQ(must(bus().list_rule_names_by_target("orders", kQueueArn)),
            (std::vector<std::string>{"r3"}));
  EXPECT_TRUE(must(bus().list_rule_names_by_target("default", kDlqArn)).empty());
  EXPECT_EQ(bus().list_rule_names_by_target("nowhere", kQueueArn).error().code,
            ErrorCode::kResourceNotFound);
}

}  // namespace
}  // namespace certflow::events::bus::testing
