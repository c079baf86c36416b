// Built-in functions: registered code seen like stored functions by get, list and invoke, and
// protected from create and delete.
#include <atomic>

#include "events/targets/function_target.h"
#include "functions_fixture.h"

namespace certflow::functions::testing {
namespace {

class BuiltinFunctionsTest : public FunctionsTest {
 protected:
  void SetUp() override {
    FunctionsTest::SetUp();
    BuiltinFunction echo;
    echo.name = "m-echo";
    echo.description = "answers with its payload";
    echo.invoke = [this](const std::string& payload) {
      ++calls_;
      Invocation invocation;
      invocation.exit_code = payload == "fail" ? 2 : 0;
      invocation.output = "got " + payload;
      return invocation;
    };
    echo.stop = [this] { ++stops_; };
    functions().add_builtin(echo);
  }
  std::atomic<int> calls_{0};
  std::atomic<int> stops_{0};
};

TEST_F(BuiltinFunctionsTest, GetShowsTheBuiltinWithItsArnAndCommand) {
  FunctionInfo info = must(functions().get("m-echo"));
  EXPECT_EQ(info.arn, "arn:aws:lambda:us-east-1:000000000000:function:m-echo");
  EXPECT_EQ(info.command, std::vector<std::string>{"builtin:m-echo"});
  EXPECT_EQ(info.description, "answers with its payload");
  EXPECT_EQ(info.created, clock_.now());
  EXPECT_EQ(functions().name_from_arn(info.arn), "m-echo");
}

TEST_F(BuiltinFunctionsTest, InvokeRunsTheCodeAndReportsItsExitCode) {
  Invocation ok = must(functions().invoke("m-echo", "hello"));
  EXPECT_TRUE(ok.succeeded());
  EXPECT_EQ(ok.output, "got hello");
  Invocation failed = must(functions().invoke("m-echo", "fail"));
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_FALSE(failed.succeeded());

  create_script_function("stored", "cat");
  auto results = functions().invoke_all({{"m-echo", "a"}, {"stored", "b"}, {"m-echo", "c"}});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(must(std::move(results[0])).output, "got a");
  EXPECT_EQ(must(std::move(results[1])).output, "b");
  EXPECT_EQ(must(std::move(results[2])).output, "got c");
  EXPECT_EQ(calls_, 4);
}

TEST_F(BuiltinFunctionsTest, ListMergesBuiltinsAndStoredFunctionsInNameOrderAcrossPages) {
  for (const char* name : {"a-one", "n-two", "z-three"}) create_script_function(name, "exit 0");
  std::vector<std::string> names;
  std::optional<std::string> token;
  do {
    auto page = must(functions().list("", token, 1));
    for (const auto& function : page.items) names.push_back(function.name);
    token = page.next_token;
  } while (token);
  EXPECT_EQ(names, (std::vector<std::string>{"a-one", "m-echo", "n-two", "z-three"}));
  auto prefixed = must(functions().list("m-", std::nullopt, 50));
  ASSERT_EQ(prefixed.items.size(), 1u);
  EXPECT_EQ(prefixed.items[0].command, std::vector<std::string>{"builtin:m-echo"});
  EXPECT_TRUE(must(functions().list("zz", std::nullopt, 50)).items.empty());
}

TEST_F(BuiltinFunctionsTest, ABuiltinNameCanBeNeitherCreatedNorDeleted) {
  FunctionSpec spec;
  spec.name = "m-echo";
  spec.command = {script("x.sh", "exit 0")};
  auto created = functions().create(spec);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::kResourceAlreadyExists);
  EXPECT_NE(created.error().message.find("built-in function"), std::string::npos);
  auto removed = functions().remove("m-echo");
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, ErrorCode::kValidation);
  EXPECT_NE(removed.error().message.find("built-in"), std::string::npos) << removed.error().message;
  EXPECT_TRUE(functions().get("m-echo"));
}

TEST_F(BuiltinFunctionsTest, ABuiltinHidesAStoredFunctionOfTheSameName) {
  create_script_function("shadowed", "echo stored");
  BuiltinFunction shadow;
  shadow.name = "shadowed";
  shadow.invoke = [](const std::string&) {
    Invocation invocation;
    invocation.exit_code = 0;
    invocation.output = "builtin";
    return invocation;
  };
  functions().add_builtin(shadow);
  EXPECT_EQ(must(functions().invoke("shadowed", "")).output, "builtin");
  auto page = must(functions().list("shadowed", std::nullopt, 50));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].command, std::vector<std::string>{"builtin:shadowed"});
}

TEST_F(BuiltinFunctionsTest, ARulesLambdaTargetDeliversToABuiltinByItsArn) {
  events::targets::FunctionTarget target(functions(), store(), clock_);
  const std::string arn = "arn:aws:lambda:us-east-1:000000000000:function:m-echo";
  EXPECT_TRUE(target.check(arn));
  events::bus::Delivery delivery;
  delivery.target_arn = arn;
  delivery.payload = "fail";
  delivery.rule = "on-available";
  delivery.event_id = "event-1";
  delivery.attempt = 1;
  auto failed = target.deliver(delivery);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, "FunctionError");
  EXPECT_NE(failed.error().message.find("exit status 2"), std::string::npos);
  delivery.payload = "ok";
  EXPECT_TRUE(target.deliver(delivery));
  store::LogQuery query;
  query.log_group = "/aws/lambda/m-echo";
  auto records = must(store().list_log_records(query));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_NE(records[1].message.find("got ok"), std::string::npos) << records[1].message;
}

TEST_F(BuiltinFunctionsTest, StopCallsTheStopHooksAndRefusesNewInvocations) {
  functions().stop();
  EXPECT_EQ(stops_, 1);
  auto refused = functions().invoke("m-echo", "x");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_EQ(calls_, 0);
}

}  // namespace
}  // namespace certflow::functions::testing
