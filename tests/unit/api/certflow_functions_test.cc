// The native API's function operations (Certflow.CreateFunction, ...) over real functions: the
// answers, and the errors a request gets when a member is wrong.
#include "api/certflow/certflow_functions.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "api/service_calls.h"
#include "inventory/inventory_fixture.h"

namespace certflow::api {
namespace {

using nlohmann::json;

class CertflowFunctionsTest : public inventory::testing::InventoryTest {
 protected:
  void SetUp() override {
    InventoryTest::SetUp();
    functions_ = std::make_unique<functions::Functions>(*store_, *clock_, functions::Config{});
    service_ = make_certflow_service({*store_, *inventory_, *clock_, nullptr, functions_.get()});
    script_ = (dir_ / "hello.sh").string();
    std::ofstream(script_) << "#!/bin/sh\necho \"hello $(cat)\"\nexit \"${EXIT:-0}\"\n";
    ::chmod(script_.c_str(), 0755);
  }
  void TearDown() override {
    service_.reset();
    functions_.reset();
    InventoryTest::TearDown();
  }

  json call(const std::string& operation, const json& input) {
    return api::testing::call_ok(*service_, operation, input);
  }
  Error call_fails(const std::string& operation, const json& input) {
    return api::testing::call_error(*service_, operation, input);
  }

  std::unique_ptr<functions::Functions> functions_;
  std::unique_ptr<JsonService> service_;
  std::string script_;
};

TEST_F(CertflowFunctionsTest, FunctionsAreCreatedShownListedAndDeleted) {
  json created = call("CreateFunction", {{"Name", "hello"},
                                         {"Command", {script_, "--verbose"}},
                                         {"Timeout", 5},
                                         {"Description", "says hello"},
                                         {"Environment", {{"EXIT", "0"}}}});
  EXPECT_EQ(created, json({{"Name", "hello"},
                           {"Arn", "arn:aws:lambda:us-east-1:000000000000:function:hello"},
                           {"Command", {script_, "--verbose"}},
                           {"Timeout", 5},
                           {"Description", "says hello"},
                           {"Environment", {{"EXIT", "0"}}},
                           {"Created", to_iso8601(clock_->now())}}));
  EXPECT_EQ(call("GetFunction", {{"Name", "hello"}}), created);
  call("CreateFunction", {{"Name", "hello2"}, {"Command", {script_}}});
  json page = call("ListFunctions", {{"Limit", 1}});
  ASSERT_EQ(page["Functions"].size(), 1u);
  EXPECT_EQ(page["Functions"][0], created);
  ASSERT_TRUE(page.contains("NextToken"));
  page = call("ListFunctions", {{"NextToken", page["NextToken"]}});
  ASSERT_EQ(page["Functions"].size(), 1u);
  EXPECT_EQ(page["Functions"][0]["Timeout"], 30);
  EXPECT_FALSE(page.contains("NextToken"));

  EXPECT_EQ(call("DeleteFunction", {{"Name", "hello"}}), json::object());
  EXPECT_EQ(call_fails("GetFunction", {{"Name", "hello"}}).code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(call_fails("DeleteFunction", {{"Name", "hello"}}).code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(call_fails("CreateFunction", {{"Name", "hello2"}, {"Command", {script_}}}).code,
            ErrorCode::kResourceAlreadyExists);
}

TEST_F(CertflowFunctionsTest, InvokeFunctionAnswersExitCodeAndOutput) {
  call("CreateFunction", {{"Name", "hello"}, {"Command", {script_}}});
  json out = call("InvokeFunction", {{"Name", "hello"}, {"Payload", "world"}});
  EXPECT_EQ(out["ExitCode"], 0);
  EXPECT_EQ(out["TimedOut"], false);
  EXPECT_EQ(out["Output"], "hello world\n");
  EXPECT_TRUE(out["DurationMs"].is_number_integer());
  EXPECT_FALSE(out.contains("Signal"));
  // Without a payload the function reads {}.
  EXPECT_EQ(call("InvokeFunction", {{"Name", "hello"}})["Output"], "hello {}\n");

  call("CreateFunction",
       {{"Name", "failing"}, {"Command", {script_}}, {"Environment", {{"EXIT", "7"}}}});
  EXPECT_EQ(call("InvokeFunction", {{"Name", "failing"}})["ExitCode"], 7);
  EXPECT_EQ(call_fails("InvokeFunction", {{"Name", "ghost"}}).code, ErrorCode::kResourceNotFound);
}

TEST_F(CertflowFunctionsTest, BadMembersAreValidationErrorsNamingTheMember) {
  Error error = call_fails("CreateFunction", {{"Name", "bad name"}, {"Command", {script_}}});
  EXPECT_EQ(error.code, ErrorCode::kValidation);
  EXPECT_NE(error.message.find("at 'name' failed to satisfy constraint: Member must satisfy "
                               "regular expression pattern"),
            std::string::npos)
      << error.message;

  error = call_fails("CreateFunction", {{"Name", "f"}});
  EXPECT_NE(error.message.find("Value null at 'command'"), std::string::npos) << error.message;
  error = call_fails("CreateFunction", {{"Name", "f"}, {"Command", json::array()}});
  EXPECT_NE(error.message.find("at 'command'"), std::string::npos) << error.message;
  error = call_fails("CreateFunction", {{"Name", "f"}, {"Command", {script_}}, {"Timeout", 901}});
  EXPECT_NE(error.message.find("'901' at 'timeout'"), std::string::npos) << error.message;

  // The functions room's own checks come through with their messages.
  error = call_fails("CreateFunction", {{"Name", "f"}, {"Command", {"relative/path"}}});
  EXPECT_EQ(error.code, ErrorCode::kValidation);
  EXPECT_NE(error.message.find("relative path"), std::string::npos) << error.message;

  // A member of the wrong JSON type is a SerializationException, as in every AWS JSON API.
  EXPECT_EQ(call_fails("CreateFunction", {{"Name", "f"}, {"Command", script_}}).code,
            ErrorCode::kSerialization);
  EXPECT_EQ(call_fails("CreateFunction",
                       {{"Name", "f"}, {"Command", {script_}}, {"Environment", {{"N", 1}}}})
                .code,
            ErrorCode::kSerialization);
  EXPECT_EQ(call_fails("InvokeFunction", {{"Name", "f"}, {"Payload", {{"a", 1}}}}).code,
            ErrorCode::kSerialization);
  EXPECT_EQ(call_fails("ListFunctions", {{"Limit", 51}}).code, ErrorCode::kValidation);
  EXPECT_EQ(call_fails("ListFunctions", {{"NextToken", "not/a/token"}}).code,
            ErrorCode::kValidation);
}

TEST_F(CertflowFunctionsTest, DaemonWithoutFunctionsAnswersServiceUnavailable) {
  auto bare = make_certflow_service({*store_, *inventory_, *clock_});
  for (const char* operation :
       {"CreateFunction", "GetFunction", "ListFunctions", "DeleteFunction", "InvokeFunction"}) {
    auto out = bare->invoke(operation, {{"Name", "f"}});
    ASSERT_FALSE(out) << operation;
    EXPECT_EQ(out.error().code, ErrorCode::kServiceUnavailable) << operation;
  }
}

}  // namespace
}  // namespace certflow::api
