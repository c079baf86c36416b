// The lambda channel over real functions (src/functions/): /bin/sh commands that keep what they
// read on stdin, in the same temporary SQLite store as the signer.
#include "notify/channels/function_channel.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "signer_fixture.h"

namespace certflow::notify::testing {
namespace {

using nlohmann::json;

const std::string kFunctionPrefix = "arn:aws:lambda:us-east-1:000000000000:function:";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

class FunctionChannelTest : public SignerTest {
 protected:
  void SetUp() override {
    SignerTest::SetUp();
    functions_ = std::make_unique<functions::Functions>(store(), clock_, functions::Config{});
    channel_ = std::make_unique<FunctionChannel>(*functions_, signer());
  }
  void TearDown() override {
    channel_.reset();
    functions_.reset();
  }

  // A function running `/bin/sh -c script`.
  void create(const std::string& name, const std::string& script, int timeout_seconds = 10) {
    functions::FunctionSpec spec;
    spec.name = name;
    spec.command = {"/bin/sh", "-c", script};
    spec.timeout_seconds = timeout_seconds;
    must(functions_->create(spec));
  }
  std::string path(const std::string& name) const { return files_.path() + "/" + name; }
  Notification to_function(Notification n, const std::string& name) {
    n.protocol = "lambda";
    n.endpoint = kFunctionPrefix + name;
    return n;
  }

  store::testing::TempDir files_;
  std::unique_ptr<functions::Functions> functions_;
  std::unique_ptr<FunctionChannel> channel_;
};

TEST_F(FunctionChannelTest, EndpointIsAnExistingUnqualifiedFunctionOfThisCertflow) {
  create("handler", "cat > /dev/null");
  EXPECT_TRUE(channel_->check_endpoint("lambda", kFunctionPrefix + "handler"));
  EXPECT_FALSE(channel_->needs_confirmation());

  for (const char* bad : {"handler", "arn:aws:sqs:us-east-1:000000000000:q",
                          "arn:aws:lambda:us-east-1:000000000000:layer:x"}) {
    auto malformed = channel_->check_endpoint("lambda", bad);
    ASSERT_FALSE(malformed) << bad;
    EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidParameter);
    EXPECT_TRUE(malformed.error().message.starts_with("Invalid parameter: Lambda endpoint ARN"))
        << malformed.error().message;
  }
  auto alias = channel_->check_endpoint("lambda", kFunctionPrefix + "handler:prod");
  ASSERT_FALSE(alias);
  EXPECT_EQ(alias.error().code, ErrorCode::kInvalidParameter);
  EXPECT_NE(alias.error().message.find("no versions or aliases"), std::string::npos);
  auto foreign =
      channel_->check_endpoint("lambda", "arn:aws:lambda:us-east-1:123456789012:function:handler");
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("not a function of this certflow"), std::string::npos);

  auto missing = channel_->check_endpoint("lambda", kFunctionPrefix + "later");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("certflow function create later -- COMMAND"),
            std::string::npos);
}

TEST_F(FunctionChannelTest, TheFunctionReadsLambdasSnsEvent) {
  create("handler", "cat > " + path("event.json"));
  Notification n =
      to_function(sample_notification(std::nullopt, "line one\nline two \u00e9"), "handler");
  n.signature_version = 2;
  ASSERT_TRUE(channel_->deliver_all({n}).at(0));

  const json event = json::parse(read_file(path("event.json")));
  ASSERT_EQ(event["Records"].size(), 1u);
  const json& record = event["Records"][0];
  EXPECT_EQ(record["EventSource"], "aws:sns");
  EXPECT_EQ(record["EventVersion"], "1.0");
  EXPECT_EQ(record["EventSubscriptionArn"], kSubscriptionArn);
  const json& sns = record["Sns"];
  EXPECT_EQ(sns["Type"], "Notification");
  EXPECT_EQ(sns["MessageId"], n.message_id);
  EXPECT_EQ(sns["TopicArn"], kTopicArn);
  EXPECT_TRUE(sns["Subject"].is_null());
  EXPECT_EQ(sns["Message"], n.message);
  EXPECT_EQ(sns["Timestamp"], "2026-11-27T10:15:30.123Z");
  EXPECT_EQ(sns["SigningCertUrl"], signer().signing_cert_url());
  EXPECT_EQ(sns["UnsubscribeUrl"], n.unsubscribe_url);
  EXPECT_EQ(sns["MessageAttributes"], json::object());
  EXPECT_FALSE(sns.contains("SigningCertURL"));
  // Lambda's quirk: labelled "1", yet signed with SHA-256 when the topic says version 2.
  EXPECT_EQ(sns["SignatureVersion"], "1");
  EXPECT_TRUE(openssl_verifies(string_to_sign(n), sns["Signature"], signer().certificate_pem(), 2));
  EXPECT_FALSE(
      openssl_verifies(string_to_sign(n), sns["Signature"], signer().certificate_pem(), 1));
}

TEST_F(FunctionChannelTest, SubjectAndAttributesAppearWhenTheMessageHasThem) {
  create("handler", "cat > " + path("event.json"));
  Notification n = to_function(sample_notification(), "handler");
  n.attributes["severity"] = {"String", "high"};
  ASSERT_TRUE(channel_->deliver_all({n}).at(0));
  const json sns = json::parse(read_file(path("event.json")))["Records"][0]["Sns"];
  EXPECT_EQ(sns["Subject"], "Certificate expiring");
  EXPECT_EQ(sns["MessageAttributes"],
            json::parse(R"({"severity":{"Type":"String","Value":"high"}})"));
  EXPECT_TRUE(openssl_verifies(string_to_sign(n), sns["Signature"], signer().certificate_pem(), 1));
}

TEST_F(FunctionChannelTest, FailuresAreRetriedUnlessTheFunctionIsGone) {
  create("fails", "cat > /dev/null; echo 'cannot reach the pager' >&2; exit 3");
  create("slow", "sleep 30", 1);
  create("works", "cat > " + path("works.json"));
  auto outcomes = channel_->deliver_all(
      {to_function(sample_notification(), "fails"), to_function(sample_notification(), "slow"),
       to_function(sample_notification(), "works"), to_function(sample_notification(), "deleted")});
  ASSERT_EQ(outcomes.size(), 4u);

  ASSERT_FALSE(outcomes[0]);
  EXPECT_EQ(outcomes[0].error().code, "FunctionError");
  EXPECT_TRUE(outcomes[0].error().retryable);
  EXPECT_NE(outcomes[0].error().message.find("exit status 3"), std::string::npos);
  EXPECT_NE(outcomes[0].error().message.find("cannot reach the pager"), std::string::npos);

  ASSERT_FALSE(outcomes[1]);
  EXPECT_EQ(outcomes[1].error().code, "FunctionTimeout");
  EXPECT_TRUE(outcomes[1].error().retryable);

  EXPECT_TRUE(outcomes[2]);
  EXPECT_FALSE(read_file(path("works.json")).empty());

  ASSERT_FALSE(outcomes[3]);
  EXPECT_EQ(outcomes[3].error().code, "ResourceNotFound");
  EXPECT_FALSE(outcomes[3].error().retryable);
}

TEST_F(FunctionChannelTest, ConfirmationsAreNotSentToFunctions) {
  create("handler", "cat > " + path("event.json"));
  auto outcomes = channel_->deliver_all(
      {to_function(sample_confirmation(MessageType::kSubscriptionConfirmation), "handler")});
  ASSERT_FALSE(outcomes.at(0));
  EXPECT_EQ(outcomes[0].error().code, "UnsupportedMessageType");
  EXPECT_FALSE(outcomes[0].error().retryable);
  EXPECT_TRUE(read_file(path("event.json")).empty());
}

}  // namespace
}  // namespace certflow::notify::testing
