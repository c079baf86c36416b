// The bus's function target: PutTargets' check, delivery outcomes, and the log records each
// invocation leaves in /aws/lambda/NAME.
#include "events/targets/function_target.h"

#include "functions_fixture.h"

namespace certflow::functions::testing {
namespace {

using events::bus::Delivery;
using events::bus::DeliveryOutcome;
using events::targets::FunctionTarget;

const std::string kArnPrefix = "arn:aws:lambda:us-east-1:000000000000:function:";

class FunctionTargetTest : public FunctionsTest {
 protected:
  void SetUp() override {
    FunctionsTest::SetUp();
    target_ = std::make_unique<FunctionTarget>(functions(), store(), clock_);
  }
  void TearDown() override {
    target_.reset();
    FunctionsTest::TearDown();
  }

  static Delivery delivery(const std::string& name, const std::string& payload = "{}",
                           const std::string& event_id = "event-1", int64_t attempt = 1) {
    Delivery out;
    out.target_arn = kArnPrefix + name;
    out.payload = payload;
    out.rule = "on-expiry";
    out.rule_arn = "arn:aws:events:us-east-1:000000000000:rule/on-expiry";
    out.target_id = "fn";
    out.event_id = event_id;
    out.attempt = attempt;
    return out;
  }
  std::vector<store::LogRecordRow> log_of(const std::string& name) {
    store::LogQuery query;
    query.log_group = "/aws/lambda/" + name;
    return must(store().list_log_records(query));
  }

  std::unique_ptr<FunctionTarget> target_;
};

TEST_F(FunctionTargetTest, CheckAcceptsExistingFunctionsOfThisInstallationOnly) {
  create_script_function("exists", "exit 0");
  EXPECT_TRUE(target_->check(kArnPrefix + "exists"));

  auto missing = target_->check(kArnPrefix + "later");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kResourceNotFound);
  EXPECT_NE(missing.error().message.find("create it first with `certflow function create later "
                                         "-- COMMAND`"),
            std::string::npos)
      << missing.error().message;

  auto other_account = target_->check("arn:aws:lambda:us-east-1:123456789012:function:exists");
  ASSERT_FALSE(other_account);
  EXPECT_EQ(other_account.error().code, ErrorCode::kValidation);
  EXPECT_NE(other_account.error().message.find(kArnPrefix + "NAME"), std::string::npos);

  auto alias = target_->check(kArnPrefix + "exists:prod");
  ASSERT_FALSE(alias);
  EXPECT_NE(alias.error().message.find("no versions or aliases"), std::string::npos);
}

TEST_F(FunctionTargetTest, ExitZeroIsADeliveryAndLeavesOneLogRecord) {
  create_script_function("handler", "echo \"got $(cat)\"");
  EXPECT_TRUE(target_->deliver(delivery("handler", R"({"id":"event-1"})")));
  auto records = log_of("handler");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].rule, "on-expiry");
  EXPECT_EQ(records[0].event_id, "event-1");
  EXPECT_EQ(records[0].time_ms, to_epoch_millis(clock_.now()));
  const std::string& message = records[0].message;
  EXPECT_TRUE(
      message.starts_with("START event event-1 attempt 1 (rule on-expiry, target fn)\n"
                          "got {\"id\":\"event-1\"}\n"
                          "END exit 0 in "))
      << message;
  EXPECT_TRUE(message.ends_with(" ms")) << message;
}

TEST_F(FunctionTargetTest, NonZeroExitIsARetryableFunctionErrorNamingTheLastLine) {
  create_script_function("broken", "echo working; echo 'disk full' >&2; exit 2");
  DeliveryOutcome outcome = target_->deliver(delivery("broken", "{}", "event-7", 3));
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, "FunctionError");
  EXPECT_TRUE(outcome.error().retryable);
  EXPECT_EQ(outcome.error().message,
            "Function broken failed: exit status 2; last output line: disk full");
  auto records = log_of("broken");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].message.starts_with("START event event-7 attempt 3 "))
      << records[0].message;
  EXPECT_NE(records[0].message.find("working\ndisk full\nEND exit 2 in "), std::string::npos);
}

TEST_F(FunctionTargetTest, TimeoutIsARetryableFunctionTimeout) {
  create_script_function("slow", "sleep 30", /*timeout_seconds=*/1);
  DeliveryOutcome outcome = target_->deliver(delivery("slow"));
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, "FunctionTimeout");
  EXPECT_TRUE(outcome.error().retryable);
  auto records = log_of("slow");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].message.ends_with("END timed out after 1 s (killed)"))
      << records[0].message;
}

TEST_F(FunctionTargetTest, DeletedFunctionIsANonRetryableResourceNotFound) {
  create_script_function("deleted", "exit 0");
  must(functions().remove("deleted"));
  DeliveryOutcome outcome = target_->deliver(delivery("deleted"));
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code, "ResourceNotFound");
  EXPECT_FALSE(outcome.error().retryable);
  EXPECT_TRUE(log_of("deleted").empty());  // nothing ran
}

TEST_F(FunctionTargetTest, ABatchRunsSideBySideWithOutcomesInOrder) {
  create_script_function("nap", "sleep 0.3");
  create_script_function("fail", "sleep 0.3; exit 1");
  std::vector<Delivery> batch;
  for (int i = 0; i < 6; ++i) {
    batch.push_back(delivery(i == 4 ? "fail" : "nap", "{}", "event-" + std::to_string(i)));
  }
  batch.push_back(delivery("ghost"));
  std::vector<DeliveryOutcome> outcomes;
  auto took = time_of([&] { outcomes = target_->deliver_all(batch); });
  EXPECT_LT(took, std::chrono::milliseconds(1200));  // 6 × 0.3 s one after the other
  ASSERT_EQ(outcomes.size(), 7u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(static_cast<bool>(outcomes[i]), i != 4) << i;
  EXPECT_EQ(outcomes[4].error().code, "FunctionError");
  EXPECT_EQ(outcomes[4].error().message,
            "Function fail failed: exit status 1; it printed nothing.");
  EXPECT_EQ(outcomes[6].error().code, "ResourceNotFound");
  EXPECT_EQ(log_of("nap").size(), 5u);
  EXPECT_EQ(log_of("fail").size(), 1u);
}

}  // namespace
}  // namespace certflow::functions::testing
