// SQS through the front door in both of its protocols: signed query-protocol forms answered in
// XML, and JSON 1.0 with awsQueryCompatible errors, over one set of queues.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "api/api_handler.h"
#include "api/sqs/sqs_service.h"
#include "iam/access_keys.h"

namespace certflow::api {
namespace {

using nlohmann::json;

constexpr const char* kKeyId = "AKIASQSTESTKEY000001";
constexpr const char* kSecret = "sqsTestSecret/0123456789abcdefghijklmnop";
constexpr const char* kNamespace = "http://queue.amazonaws.com/doc/2012-11-05/";

class SqsProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("certflow-sqs-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir_);
    store_ = std::move(*store::open_sqlite_store({(dir_ / "certflow.db").string()}));
    master_ = std::make_unique<crypto::MasterKey>(
        std::move(*crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'm')))));
    ASSERT_TRUE(iam::add_access_key(*store_, *master_, kKeyId, crypto::SecretBytes(kSecret),
                                    "admin", clock_.now()));
    queues_ = std::make_unique<queue::Queues>(*store_, clock_, queue::QueuesConfig{});
    services_.add(make_sqs_json_service(*queues_));
    services_.add(make_sqs_query_service(*queues_));
    credentials_ = std::make_unique<iam::StoredCredentials>(*store_, *master_);
    handler_ = std::make_unique<ApiHandler>(services_, *credentials_, clock_, ApiOptions{});
  }
  void TearDown() override {
    handler_.reset();
    queues_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  HttpResponse query(const std::string& body, const std::string& path = "/",
                     const std::string& secret = kSecret, const std::string& service = "sqs") {
    HttpRequest request{"POST", path, "", {}, body};
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                       {"host", "127.0.0.1:8750"}};
    iam::sign_request("POST", path, "", request.headers, body,
                      {kKeyId, crypto::SecretBytes(secret), "us-east-1", service}, clock_.now());
    return handler_->handle(request);
  }

  HttpResponse json_call(const std::string& operation, const json& input) {
    const std::string body = input.dump();
    HttpRequest request{"POST", "/", "", {}, body};
    request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                       {"Host", "127.0.0.1:8750"},
                       {"X-Amz-Target", "AmazonSQS." + operation},
                       {"x-amzn-query-mode", "true"}};
    iam::sign_request("POST", "/", "", request.headers, body,
                      {kKeyId, crypto::SecretBytes(kSecret), "us-east-1", "sqs"}, clock_.now());
    return handler_->handle(request);
  }

  static std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }

  static bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }

  std::filesystem::path dir_;
  SimulatedClock clock_{from_epoch_millis(1'800'000'000'000)};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::MasterKey> master_;
  std::unique_ptr<queue::Queues> queues_;
  ServiceRegistry services_;
  std::unique_ptr<iam::StoredCredentials> credentials_;
  std::unique_ptr<ApiHandler> handler_;
};

TEST_F(SqsProtocolTest, QueryRequestsAreAnsweredInSqsXml) {
  HttpResponse response = query(
      "Action=CreateQueue&Version=2012-11-05&QueueName=q1&Attribute.1.Name=VisibilityTimeout"
      "&Attribute.1.Value=60&Tag.1.Key=team&Tag.1.Value=pki");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "text/xml");
  const std::string request_id = header(response, "x-amzn-RequestId");
  EXPECT_EQ(response.body, std::string("<CreateQueueResponse xmlns=\"") + kNamespace +
                               "\"><CreateQueueResult><QueueUrl>http://127.0.0.1:8750/"
                               "000000000000/q1</QueueUrl></CreateQueueResult><ResponseMetadata>"
                               "<RequestId>" +
                               request_id +
                               "</RequestId></ResponseMetadata></CreateQueueResponse>");
  EXPECT_EQ(queues_->get_attributes("q1", {"VisibilityTimeout"})->at("VisibilityTimeout"), "60");
  HttpResponse deleted =
      query("Action=DeleteQueue&QueueUrl=http%3A%2F%2F127.0.0.1%3A8750%2F000000000000%2Fq1");
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  // An action without a result element answers with the metadata only.
  EXPECT_TRUE(contains(deleted.body, "<DeleteQueueResponse xmlns=\"" + std::string(kNamespace) +
                                         "\"><ResponseMetadata>"));
}

TEST_F(SqsProtocolTest, QueryErrorsUseTheErrorResponseShape) {
  HttpResponse response = query("Action=GetQueueUrl&Version=2012-11-05&QueueName=nope");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "text/xml");
  EXPECT_EQ(response.body,
            std::string("<ErrorResponse xmlns=\"") + kNamespace +
                "\"><Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>"
                "<Message>The specified queue does not exist.</Message></Error><RequestId>" +
                header(response, "x-amzn-RequestId") + "</RequestId></ErrorResponse>");
  EXPECT_TRUE(contains(query("Action=Frobnicate").body, "<Code>InvalidAction</Code>"));
  EXPECT_TRUE(contains(query("Version=2012-11-05").body, "<Code>InvalidAction</Code>"));
  EXPECT_TRUE(contains(query("Action=GetQueueUrl&QueueName=%G1").body,
                       "<Code>MalformedQueryString</Code>"));
  EXPECT_TRUE(contains(query("Action=GetQueueUrl").body, "<Code>MissingParameter</Code>"));
  EXPECT_TRUE(contains(query("Action=CreateQueue&QueueName=q&Attribute.1.Name=Colour"
                             "&Attribute.1.Value=red")
                           .body,
                       "<Code>InvalidAttributeName</Code>"));
}

TEST_F(SqsProtocolTest, QueryAuthenticationErrorsAnswerInXml) {
  HttpResponse bad = query("Action=ListQueues", "/", "wrong-secret");
  EXPECT_EQ(bad.status, 403);
  EXPECT_EQ(bad.content_type, "text/xml");
  EXPECT_TRUE(contains(bad.body, std::string("<ErrorResponse xmlns=\"") + kNamespace));
  EXPECT_TRUE(contains(bad.body, "<Code>SignatureDoesNotMatch</Code>"));
  HttpRequest unsigned_request{"POST",
                               "/",
                               "",
                               {{"Content-Type", "application/x-www-form-urlencoded"}},
                               "Action=ListQueues"};
  HttpResponse missing = handler_->handle(unsigned_request);
  EXPECT_EQ(missing.status, 403);
  EXPECT_TRUE(contains(missing.body, "<Code>MissingAuthenticationToken</Code>"));
  // A credential scope naming a service certflow does not speak in the query protocol.
  HttpResponse other = query("Action=ListTopics", "/", kSecret, "sns");
  EXPECT_EQ(other.status, 400);
  EXPECT_TRUE(contains(other.body, "<Code>InvalidAction</Code>"));
}

TEST_F(SqsProtocolTest, ARequestPostedToTheQueueUrlNeedsNoQueueUrl) {
  ASSERT_EQ(query("Action=CreateQueue&QueueName=q1").status, 200);
  HttpResponse sent = query("Action=SendMessage&MessageBody=hi+there", "/000000000000/q1");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_TRUE(contains(sent.body, "<MessageId>"));
  HttpResponse received = query("Action=ReceiveMessage&AttributeName.1=All", "/000000000000/q1");
  ASSERT_EQ(received.status, 200) << received.body;
  EXPECT_TRUE(contains(received.body, "<Body>hi there</Body>"));
  EXPECT_TRUE(contains(received.body, "<Attribute><Name>ApproximateReceiveCount</Name><Value>1"));
  EXPECT_TRUE(contains(query("Action=SendMessage&MessageBody=x", "/999999999999/q1").body,
                       "<Code>AWS.SimpleQueueService.NonExistentQueue</Code>"));
}

TEST_F(SqsProtocolTest, JsonErrorsCarryTheQueryCodeForBotocore) {
  HttpResponse response = json_call("GetQueueUrl", {{"QueueName", "nope"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/x-amz-json-1.0");
  json body = json::parse(response.body);
  EXPECT_EQ(body["__type"], "com.amazonaws.sqs#QueueDoesNotExist");
  EXPECT_EQ(body["message"], "The specified queue does not exist.");
  EXPECT_EQ(header(response, "x-amzn-query-error"),
            "AWS.SimpleQueueService.NonExistentQueue;Sender");
  HttpResponse missing = json_call("SendMessage", {{"QueueUrl", "x"}});
  EXPECT_EQ(json::parse(missing.body)["__type"], "com.amazonaws.sqs#MissingParameter");
  EXPECT_EQ(header(missing, "x-amzn-query-error"), "MissingParameter;Sender");
  HttpResponse unknown = json_call("Frobnicate", json::object());
  EXPECT_EQ(json::parse(unknown.body)["__type"], "UnknownOperationException");
  EXPECT_EQ(header(unknown, "x-amzn-query-error"), "");
}

TEST_F(SqsProtocolTest, BothProtocolsShareOneImplementationAndOneSetOfQueues) {
  HttpResponse created = json_call("CreateQueue", {{"QueueName", "shared"}});
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string url = json::parse(created.body)["QueueUrl"];
  EXPECT_EQ(url, "http://127.0.0.1:8750/000000000000/shared");
  HttpResponse sent = query(
      "Action=SendMessage&QueueUrl=" +
      std::string("http%3A%2F%2F127.0.0.1%3A8750%2F000000000000%2Fshared") +
      "&MessageBody=from+query&MessageAttribute.1.Name=k&MessageAttribute.1.Value.DataType=String"
      "&MessageAttribute.1.Value.StringValue=v");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_TRUE(contains(sent.body, "<MD5OfMessageAttributes>"));
  HttpResponse received =
      json_call("ReceiveMessage", {{"QueueUrl", url}, {"MessageAttributeNames", {"All"}}});
  ASSERT_EQ(received.status, 200) << received.body;
  json message = json::parse(received.body)["Messages"][0];
  EXPECT_EQ(message["Body"], "from query");
  EXPECT_EQ(message["MessageAttributes"]["k"],
            (json{{"DataType", "String"}, {"StringValue", "v"}}));
  EXPECT_EQ(message["MD5OfBody"], "f57cbb4992db96ac575597e43c5478a8");
}

TEST_F(SqsProtocolTest, BatchFailuresCarrySqsCodes) {
  ASSERT_EQ(query("Action=CreateQueue&QueueName=q1").status, 200);
  HttpResponse response = query(
      "Action=DeleteMessageBatch&QueueUrl=%2F000000000000%2Fq1"
      "&DeleteMessageBatchRequestEntry.1.Id=a&DeleteMessageBatchRequestEntry.1.ReceiptHandle=bad");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(contains(response.body,
                       "<DeleteMessageBatchResult><BatchResultErrorEntry><Id>a</Id><SenderFault>"
                       "true</SenderFault><Code>ReceiptHandleIsInvalid</Code>"));
  EXPECT_TRUE(contains(query("Action=DeleteMessageBatch&QueueUrl=%2F000000000000%2Fq1").body,
                       "<Code>MissingParameter</Code>"));
}

}  // namespace
}  // namespace certflow::api
