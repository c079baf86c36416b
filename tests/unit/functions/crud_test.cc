// Creating, reading, listing and deleting functions, and what create refuses.
#include <sys/stat.h>

#include "functions_fixture.h"

namespace certflow::functions::testing {
namespace {

const std::string kArnPrefix = "arn:aws:lambda:us-east-1:000000000000:function:";

class FunctionsCrudTest : public FunctionsTest {
 protected:
  FunctionSpec spec(const std::string& name) {
    FunctionSpec out;
    out.name = name;
    out.command = {script("ok.sh", "exit 0"), "--flag", "two words"};
    return out;
  }
  Error create_fails(const FunctionSpec& spec) {
    auto created = functions().create(spec);
    EXPECT_FALSE(created) << "created " << spec.name;
    return created ? Error{ErrorCode::kInternal, ""} : created.error();
  }
};

TEST_F(FunctionsCrudTest, CreateReturnsTheFunctionWithItsLambdaArn) {
  FunctionSpec wanted = spec("notify-team_1");
  wanted.timeout_seconds = 120;
  wanted.description = "tells the team";
  wanted.environment = {{"TEAM", "platform"}, {"EMPTY", ""}};
  FunctionInfo created = must(functions().create(wanted));
  EXPECT_EQ(created.name, "notify-team_1");
  EXPECT_EQ(created.arn, kArnPrefix + "notify-team_1");
  EXPECT_EQ(created.command, wanted.command);
  EXPECT_EQ(created.timeout_seconds, 120);
  EXPECT_EQ(created.description, "tells the team");
  EXPECT_EQ(created.environment, wanted.environment);
  EXPECT_EQ(created.created, clock_.now());

  FunctionInfo got = must(functions().get("notify-team_1"));
  EXPECT_EQ(got.arn, created.arn);
  EXPECT_EQ(got.command, created.command);
  EXPECT_EQ(got.environment, created.environment);
  EXPECT_EQ(got.created, created.created);
  // Kept in the bus resources table, where the rest of the bus's named resources live.
  auto row = must(store().get_resource("function", "notify-team_1"));
  ASSERT_TRUE(row);
  EXPECT_EQ(row->arn, created.arn);
}

TEST_F(FunctionsCrudTest, TimeoutDefaultsToThirtySeconds) {
  EXPECT_EQ(must(functions().create(spec("f"))).timeout_seconds, 30);
}

TEST_F(FunctionsCrudTest, BareCommandIsResolvedOnTheSearchPathAtCreateTime) {
  script("my-tool", "exit 0");
  Config config;
  config.search_path = "/nonexistent:relative/dir:" + scripts_.path();
  reconfigure(config);
  FunctionSpec wanted = spec("tool");
  wanted.command = {"my-tool", "arg"};
  EXPECT_EQ(must(functions().create(wanted)).command,
            (std::vector<std::string>{path("my-tool"), "arg"}));
}

TEST_F(FunctionsCrudTest, CommandThatCannotRunIsRefusedSayingWhy) {
  FunctionSpec wanted = spec("f");
  wanted.command = {path("missing.sh")};
  Error missing = create_fails(wanted);
  EXPECT_EQ(missing.code, ErrorCode::kValidation);
  EXPECT_NE(missing.message.find("No such file"), std::string::npos) << missing.message;

  wanted.command = {"scripts/ok.sh"};
  EXPECT_NE(create_fails(wanted).message.find("relative path"), std::string::npos);

  wanted.command = {scripts_.path()};
  EXPECT_NE(create_fails(wanted).message.find("is a directory"), std::string::npos);

  const std::string plain = script("plain.sh", "exit 0");
  ::chmod(plain.c_str(), 0644);
  wanted.command = {plain};
  EXPECT_NE(create_fails(wanted).message.find("not executable"), std::string::npos);

  wanted.command = {"certflow-no-such-program"};
  Error not_on_path = create_fails(wanted);
  EXPECT_NE(not_on_path.message.find("not found on the daemon's PATH"), std::string::npos)
      << not_on_path.message;

  wanted.command = {};
  EXPECT_NE(create_fails(wanted).message.find("needs a command"), std::string::npos);
  EXPECT_TRUE(must(functions().list("", std::nullopt, 50)).items.empty());
}

TEST_F(FunctionsCrudTest, NamesOutsideLambdasPatternAreRefused) {
  for (const std::string& name :
       std::vector<std::string>{"", "has space", "dots.not.allowed", "slash/no",
                                std::string(65, 'a'), std::string("nul\0x", 5)}) {
    Error error = create_fails(spec(name));
    EXPECT_EQ(error.code, ErrorCode::kValidation) << name;
    EXPECT_NE(error.message.find("1 to 64 letters"), std::string::npos) << error.message;
  }
  EXPECT_TRUE(functions().create(spec(std::string(64, 'a'))));
}

TEST_F(FunctionsCrudTest, TimeoutMustBeOneTo900Seconds) {
  FunctionSpec wanted = spec("f");
  for (int timeout : {0, -1, 901}) {
    wanted.timeout_seconds = timeout;
    EXPECT_NE(create_fails(wanted).message.find("1 to 900 seconds"), std::string::npos);
  }
  wanted.timeout_seconds = 900;
  EXPECT_TRUE(functions().create(wanted));
}

TEST_F(FunctionsCrudTest, EnvironmentVariablesMustBeWellFormedAndNotReserved) {
  FunctionSpec wanted = spec("f");
  for (const char* name : {"1ABC", "HAS-DASH", "", "CERTFLOW_FUNCTION_NAME", "AWS_REGION"}) {
    wanted.environment = {{name, "x"}};
    EXPECT_EQ(create_fails(wanted).code, ErrorCode::kValidation) << name;
  }
  wanted.environment = {{"OK", std::string("a\0b", 3)}};
  EXPECT_NE(create_fails(wanted).message.find("NUL"), std::string::npos);
  wanted.environment = {{"BIG", std::string(20'000, 'x')}};
  EXPECT_NE(create_fails(wanted).message.find("16 KiB"), std::string::npos);
  wanted.environment = {{"CERTFLOW_OTHER", "allowed"}, {"_private", "ok"}};
  EXPECT_TRUE(functions().create(wanted));
}

TEST_F(FunctionsCrudTest, DescriptionIsAtMost256Characters) {
  FunctionSpec wanted = spec("f");
  wanted.description = std::string(257, 'd');
  EXPECT_EQ(create_fails(wanted).code, ErrorCode::kValidation);
}

TEST_F(FunctionsCrudTest, SecondFunctionWithTheSameNameIsAlreadyExists) {
  must(functions().create(spec("dup")));
  Error error = create_fails(spec("dup"));
  EXPECT_EQ(error.code, ErrorCode::kResourceAlreadyExists);
  EXPECT_NE(error.message.find("certflow function delete dup"), std::string::npos);
}

TEST_F(FunctionsCrudTest, UnknownFunctionIsNotFoundEverywhere) {
  EXPECT_EQ(functions().get("ghost").error().code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(functions().remove("ghost").error().code, ErrorCode::kResourceNotFound);
  auto invoked = functions().invoke("ghost", "{}");
  ASSERT_FALSE(invoked);
  EXPECT_EQ(invoked.error().code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(invoked.error().message,
            "Function ghost does not exist (`certflow function list` shows them).");
}

TEST_F(FunctionsCrudTest, DeleteRemovesTheFunction) {
  must(functions().create(spec("gone")));
  must(functions().remove("gone"));
  EXPECT_EQ(functions().get("gone").error().code, ErrorCode::kResourceNotFound);
  EXPECT_TRUE(functions().create(spec("gone")));  // the name is free again
}

TEST_F(FunctionsCrudTest, ListFiltersByPrefixAndPagesInNameOrder) {
  for (const char* name : {"b-two", "a-one", "b-one", "b-three", "c"}) {
    must(functions().create(spec(name)));
  }
  auto first = must(functions().list("b-", std::nullopt, 2));
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].name, "b-one");
  EXPECT_EQ(first.items[1].name, "b-three");
  ASSERT_TRUE(first.next_token);
  auto second = must(functions().list("b-", first.next_token, 2));
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].name, "b-two");
  EXPECT_FALSE(second.next_token);
  EXPECT_EQ(must(functions().list("", std::nullopt, 50)).items.size(), 5u);

  EXPECT_EQ(functions().list("", std::string("not a token!"), 50).error().code,
            ErrorCode::kValidation);
  EXPECT_EQ(functions().list("", std::nullopt, 0).error().code, ErrorCode::kValidation);
  EXPECT_EQ(functions().list("", std::nullopt, 51).error().code, ErrorCode::kValidation);
}

TEST_F(FunctionsCrudTest, ArnsOfThisInstallationNameTheirFunction) {
  EXPECT_EQ(functions().arn("f"), kArnPrefix + "f");
  EXPECT_EQ(functions().name_from_arn(kArnPrefix + "f"), "f");
  EXPECT_FALSE(functions().name_from_arn(kArnPrefix + "f:1"));  // a version
  EXPECT_FALSE(functions().name_from_arn(kArnPrefix));
  EXPECT_FALSE(functions().name_from_arn("arn:aws:lambda:eu-west-1:000000000000:function:f"));
  EXPECT_FALSE(functions().name_from_arn("arn:aws:lambda:us-east-1:111111111111:function:f"));
  EXPECT_FALSE(functions().name_from_arn("arn:aws:sqs:us-east-1:000000000000:f"));
}

}  // namespace
}  // namespace certflow::functions::testing
