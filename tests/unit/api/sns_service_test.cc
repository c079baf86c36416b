// SNS through the front door: signed query-protocol forms answered in SNS's XML, over a real
// topics engine on a temporary SQLite store, delivering through the real sqs channel (into
// certflow's queues) and the real http channel (to a local HTTP server).
#include "api/sns/sns_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "api/api_handler.h"
#include "iam/access_keys.h"
#include "net/test_http_server.h"  // tests/unit
#include "notify/channels/http_channel.h"
#include "notify/channels/queue_channel.h"
#include "notify/signer.h"
#include "notify/topics.h"
#include "queue/queues.h"

namespace certflow::api {
namespace {

using nlohmann::json;

constexpr const char* kKeyId = "AKIASNSTESTKEY000001";
constexpr const char* kSecret = "snsTestSecret/0123456789abcdefghijklmnop";
constexpr const char* kNamespace = "http://sns.amazonaws.com/doc/2010-03-31/";
constexpr const char* kAccount = "000000000000";
constexpr const char* kTopic = "arn:aws:sns:us-east-1:000000000000:my-topic";
constexpr const char* kTopicForm = "arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Amy-topic";

std::string form_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The text of the first <name> element in `xml` ("" when there is none).
std::string element(const std::string& xml, const std::string& name) {
  const std::string open = "<" + name + ">";
  const size_t start = xml.find(open);
  if (start == std::string::npos) return "";
  const size_t end = xml.find("</" + name + ">", start);
  return xml.substr(start + open.size(), end - start - open.size());
}

class SnsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("certflow-sns-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir_);
    store_ = std::move(*store::open_sqlite_store({(dir_ / "certflow.db").string()}));
    master_ = std::make_unique<crypto::MasterKey>(
        std::move(*crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'm')))));
    ASSERT_TRUE(iam::add_access_key(*store_, *master_, kKeyId, crypto::SecretBytes(kSecret),
                                    "admin", clock_.now()));
    auto signer =
        notify::MessageSigner::load_or_create(*store_, *master_, clock_, "http://127.0.0.1:8750");
    ASSERT_TRUE(signer) << signer.error().message;
    signer_ = std::make_unique<notify::MessageSigner>(std::move(*signer));
    queues_ = std::make_unique<queue::Queues>(*store_, clock_, queue::QueuesConfig{});
    queue_channel_ = std::make_unique<notify::QueueChannel>(*queues_, *signer_);
    http_channel_ = std::make_unique<notify::HttpChannel>(*signer_);
    channels_.add("sqs", *queue_channel_);
    channels_.add("http", *http_channel_);
    topics_ = std::make_unique<notify::Topics>(
        *store_, clock_, channels_, *master_, *signer_, *queues_,
        notify::NotifyConfig{"us-east-1", kAccount, "http://127.0.0.1:8750"});
    ASSERT_TRUE(topics_->load());
    services_.add(make_sns_query_service(*topics_, kAccount));
    credentials_ = std::make_unique<iam::StoredCredentials>(*store_, *master_);
    handler_ = std::make_unique<ApiHandler>(services_, *credentials_, clock_, ApiOptions{});
  }
  void TearDown() override {
    handler_.reset();
    topics_.reset();
    queues_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  HttpResponse query(const std::string& body) {
    HttpRequest request{"POST", "/", "", {}, body};
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                       {"host", "127.0.0.1:8750"}};
    iam::sign_request("POST", "/", "", request.headers, body,
                      {kKeyId, crypto::SecretBytes(kSecret), "us-east-1", "sns"}, clock_.now());
    return handler_->handle(request);
  }
  // The body of a call that must succeed.
  std::string ok(const std::string& body) {
    HttpResponse response = query(body);
    EXPECT_EQ(response.status, 200) << body << "\n" << response.body;
    EXPECT_EQ(response.content_type, "text/xml");
    return response.body;
  }

  static std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }

  std::string create_queue(const std::string& name) {
    EXPECT_TRUE(queues_->create_queue({name, {}, {}}));
    return "arn:aws:sqs:us-east-1:000000000000:" + name;
  }
  std::vector<queue::ReceivedMessage> receive(const std::string& queue) {
    queue::ReceiveRequest request;
    request.max_messages = 10;
    request.wait_seconds = 0;
    auto messages = queues_->receive_message(queue, request);
    EXPECT_TRUE(messages) << messages.error().message;
    return messages ? *messages : std::vector<queue::ReceivedMessage>{};
  }

  std::filesystem::path dir_;
  SimulatedClock clock_{from_epoch_millis(1'800'000'000'000)};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::MasterKey> master_;
  std::unique_ptr<notify::MessageSigner> signer_;
  std::unique_ptr<queue::Queues> queues_;
  std::unique_ptr<notify::QueueChannel> queue_channel_;
  std::unique_ptr<notify::HttpChannel> http_channel_;
  notify::ChannelRegistry channels_;
  std::unique_ptr<notify::Topics> topics_;
  ServiceRegistry services_;
  std::unique_ptr<iam::StoredCredentials> credentials_;
  std::unique_ptr<ApiHandler> handler_;
};

TEST_F(SnsServiceTest, CreateTopicAnswersInSnsXmlAndKeepsItsTags) {
  HttpResponse response = query(
      "Action=CreateTopic&Version=2010-03-31&Name=my-topic&Attributes.entry.1.key=DisplayName"
      "&Attributes.entry.1.value=Certificates&Tags.member.1.Key=env&Tags.member.1.Value=dev");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "text/xml");
  EXPECT_EQ(response.body, std::string("<CreateTopicResponse xmlns=\"") + kNamespace +
                               "\"><CreateTopicResult><TopicArn>" + kTopic +
                               "</TopicArn></CreateTopicResult><ResponseMetadata><RequestId>" +
                               header(response, "x-amzn-RequestId") +
                               "</RequestId></ResponseMetadata></CreateTopicResponse>");

  EXPECT_TRUE(contains(ok(std::string("Action=ListTagsForResource&ResourceArn=") + kTopicForm),
                       "<ListTagsForResourceResult><Tags><member><Key>env</Key><Value>dev"
                       "</Value></member></Tags></ListTagsForResourceResult>"));
  const std::string attributes =
      ok(std::string("Action=GetTopicAttributes&TopicArn=") + kTopicForm);
  EXPECT_TRUE(contains(attributes,
                       "<entry><key>DisplayName</key><value>Certificates</value>"
                       "</entry>"))
      << attributes;
  EXPECT_TRUE(contains(
      attributes, std::string("<entry><key>TopicArn</key><value>") + kTopic + "</value></entry>"));
  EXPECT_TRUE(contains(ok("Action=ListTopics&Version=2010-03-31"),
                       std::string("<ListTopicsResult><Topics><member><TopicArn>") + kTopic +
                           "</TopicArn></member></Topics></ListTopicsResult>"));
}

TEST_F(SnsServiceTest, ErrorsCarrySnsCodesStatusesAndTypes) {
  HttpResponse missing = query(std::string("Action=GetTopicAttributes&TopicArn=") +
                               form_encode("arn:aws:sns:us-east-1:000000000000:nope"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.content_type, "text/xml");
  EXPECT_EQ(element(missing.body, "Type"), "Sender");
  EXPECT_EQ(element(missing.body, "Code"), "NotFound");
  EXPECT_TRUE(contains(missing.body, std::string("<ErrorResponse xmlns=\"") + kNamespace +
                                         "\"><Error><Type>Sender</Type><Code>NotFound</Code>"));
  EXPECT_TRUE(contains(missing.body, "<RequestId>" + header(missing, "x-amzn-RequestId") +
                                         "</RequestId></ErrorResponse>"));

  HttpResponse no_arn = query("Action=GetTopicAttributes&Version=2010-03-31");
  EXPECT_EQ(no_arn.status, 400);
  EXPECT_EQ(element(no_arn.body, "Code"), "InvalidParameter");
  EXPECT_EQ(element(no_arn.body, "Message"), "Invalid parameter: TopicArn");

  HttpResponse untagged = query(
      "Action=TagResource&ResourceArn=" + form_encode("arn:aws:sns:us-east-1:000000000000:nope") +
      "&Tags.member.1.Key=a&Tags.member.1.Value=b");
  EXPECT_EQ(untagged.status, 404);
  EXPECT_EQ(element(untagged.body, "Code"), "ResourceNotFound");

  EXPECT_EQ(element(query("Action=CreatePlatformApplication").body, "Code"), "InvalidAction");
}

TEST_F(SnsServiceTest, TopicAttributesTagsAndDeletion) {
  ok("Action=CreateTopic&Name=my-topic");
  const std::string set = ok(std::string("Action=SetTopicAttributes&TopicArn=") + kTopicForm +
                             "&AttributeName=DisplayName&AttributeValue=R%26D");
  // An action without a result element answers with the metadata only.
  EXPECT_TRUE(contains(set, std::string("<SetTopicAttributesResponse xmlns=\"") + kNamespace +
                                "\"><ResponseMetadata>"));
  EXPECT_TRUE(contains(ok(std::string("Action=GetTopicAttributes&TopicArn=") + kTopicForm),
                       "<entry><key>DisplayName</key><value>R&amp;D</value></entry>"));

  const std::string tagged = ok(std::string("Action=TagResource&ResourceArn=") + kTopicForm +
                                "&Tags.member.1.Key=a&Tags.member.1.Value=1"
                                "&Tags.member.2.Key=b&Tags.member.2.Value=2");
  EXPECT_TRUE(contains(tagged, "<TagResourceResult></TagResourceResult>"));
  EXPECT_TRUE(contains(
      ok(std::string("Action=UntagResource&ResourceArn=") + kTopicForm + "&TagKeys.member.1=a"),
      "<UntagResourceResult></UntagResourceResult>"));
  EXPECT_TRUE(contains(ok(std::string("Action=ListTagsForResource&ResourceArn=") + kTopicForm),
                       "<Tags><member><Key>b</Key><Value>2</Value></member></Tags>"));

  EXPECT_TRUE(contains(
      ok(std::string("Action=DeleteTopic&TopicArn=") + kTopicForm),
      "<DeleteTopicResponse xmlns=\"" + std::string(kNamespace) + "\"><ResponseMetadata>"));
  // DeleteTopic is idempotent.
  ok(std::string("Action=DeleteTopic&TopicArn=") + kTopicForm);
  EXPECT_TRUE(contains(ok("Action=ListTopics"), "<Topics></Topics>"));
}

TEST_F(SnsServiceTest, QueueSubscriptionReceivesWhatIsPublished) {
  ok("Action=CreateTopic&Name=my-topic");
  const std::string queue_arn = create_queue("q1");
  const std::string subscribed =
      ok(std::string("Action=Subscribe&TopicArn=") + kTopicForm +
         "&Protocol=sqs&Endpoint=" + form_encode(queue_arn) +
         "&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=true");
  const std::string subscription_arn = element(subscribed, "SubscriptionArn");
  EXPECT_EQ(subscription_arn.rfind(std::string(kTopic) + ":", 0), 0u) << subscribed;

  const std::string listed =
      ok(std::string("Action=ListSubscriptionsByTopic&TopicArn=") + kTopicForm);
  EXPECT_TRUE(contains(listed, "<Subscriptions><member><SubscriptionArn>" + subscription_arn +
                                   "</SubscriptionArn><Owner>" + kAccount +
                                   "</Owner><Protocol>sqs</Protocol><Endpoint>" + queue_arn +
                                   "</Endpoint><TopicArn>" + kTopic +
                                   "</TopicArn></member></Subscriptions>"))
      << listed;
  EXPECT_TRUE(contains(ok("Action=ListSubscriptions"), "<SubscriptionArn>" + subscription_arn));
  EXPECT_TRUE(contains(
      ok("Action=GetSubscriptionAttributes&SubscriptionArn=" + form_encode(subscription_arn)),
      "<entry><key>RawMessageDelivery</key><value>true</value></entry>"));

  const std::string published =
      ok(std::string("Action=Publish&TopicArn=") + kTopicForm +
         "&Subject=ACM&Message=%7B%22a%22%3A1%7D&MessageAttributes.entry.1.Name=kind"
         "&MessageAttributes.entry.1.Value.DataType=String"
         "&MessageAttributes.entry.1.Value.StringValue=expiry");
  EXPECT_FALSE(element(published, "MessageId").empty()) << published;
  ASSERT_TRUE(topics_->deliver_due());
  auto messages = receive("q1");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].body, R"({"a":1})");

  // Without raw delivery the queue gets SNS's envelope.
  ok("Action=SetSubscriptionAttributes&SubscriptionArn=" + form_encode(subscription_arn) +
     "&AttributeName=RawMessageDelivery&AttributeValue=false");
  ok(std::string("Action=Publish&TargetArn=") + kTopicForm + "&Message=second");
  ASSERT_TRUE(topics_->deliver_due());
  messages = receive("q1");
  ASSERT_EQ(messages.size(), 1u);
  const json envelope = json::parse(messages[0].body);
  EXPECT_EQ(envelope["Type"], "Notification");
  EXPECT_EQ(envelope["Message"], "second");
  EXPECT_EQ(envelope["TopicArn"], kTopic);

  ok("Action=Unsubscribe&SubscriptionArn=" + form_encode(subscription_arn));
  EXPECT_TRUE(contains(ok(std::string("Action=ListSubscriptionsByTopic&TopicArn=") + kTopicForm),
                       "<Subscriptions></Subscriptions>"));
}

TEST_F(SnsServiceTest, PublishRefusesWhatSnsRefuses) {
  ok("Action=CreateTopic&Name=my-topic");
  HttpResponse empty = query(std::string("Action=Publish&TopicArn=") + kTopicForm + "&Message=");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(element(empty.body, "Code"), "InvalidParameter");
  EXPECT_EQ(element(empty.body, "Message"), "Invalid parameter: Empty message");

  HttpResponse bad_number = query(std::string("Action=Publish&TopicArn=") + kTopicForm +
                                  "&Message=m&MessageAttributes.entry.1.Name=n"
                                  "&MessageAttributes.entry.1.Value.DataType=Number"
                                  "&MessageAttributes.entry.1.Value.StringValue=many");
  EXPECT_EQ(bad_number.status, 400);
  EXPECT_EQ(element(bad_number.body, "Code"), "ParameterValueInvalid");

  HttpResponse no_topic =
      query("Action=Publish&TopicArn=" + form_encode("arn:aws:sns:us-east-1:000000000000:nope") +
            "&Message=m");
  EXPECT_EQ(no_topic.status, 404);
  EXPECT_EQ(element(no_topic.body, "Code"), "NotFound");
}

TEST_F(SnsServiceTest, PublishBatchReportsEachEntry) {
  ok("Action=CreateTopic&Name=my-topic");
  const std::string entries =
      std::string("Action=PublishBatch&TopicArn=") + kTopicForm +
      "&PublishBatchRequestEntries.member.1.Id=good"
      "&PublishBatchRequestEntries.member.1.Message=hello"
      "&PublishBatchRequestEntries.member.2.Id=bad"
      "&PublishBatchRequestEntries.member.2.Message=hello"
      "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name=n"
      "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value."
      "DataType=Number"
      "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value."
      "StringValue=many";
  const std::string answer = ok(entries);
  const std::string successful = element(answer, "Successful");
  EXPECT_EQ(element(successful, "Id"), "good");
  EXPECT_FALSE(element(successful, "MessageId").empty());
  const std::string failed = element(answer, "Failed");
  EXPECT_EQ(element(failed, "Id"), "bad");
  EXPECT_EQ(element(failed, "Code"), "ParameterValueInvalid");
  EXPECT_EQ(element(failed, "SenderFault"), "true");

  HttpResponse twice = query(std::string("Action=PublishBatch&TopicArn=") + kTopicForm +
                             "&PublishBatchRequestEntries.member.1.Id=a"
                             "&PublishBatchRequestEntries.member.1.Message=m"
                             "&PublishBatchRequestEntries.member.2.Id=a"
                             "&PublishBatchRequestEntries.member.2.Message=m");
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(element(twice.body, "Code"), "BatchEntryIdsNotDistinct");
  HttpResponse none = query(std::string("Action=PublishBatch&TopicArn=") + kTopicForm);
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(element(none.body, "Code"), "EmptyBatchRequest");
}

TEST_F(SnsServiceTest, HttpSubscriptionIsConfirmedWithTheTokenItReceives) {
  certflow::testing::TestHttpServer endpoint;
  ok("Action=CreateTopic&Name=my-topic");
  const std::string url = endpoint.url("/hook");
  const std::string subscribed = ok(std::string("Action=Subscribe&TopicArn=") + kTopicForm +
                                    "&Protocol=http&Endpoint=" + form_encode(url));
  EXPECT_EQ(element(subscribed, "SubscriptionArn"), "pending confirmation");
  EXPECT_TRUE(contains(ok("Action=ListSubscriptions"),
                       "<SubscriptionArn>PendingConfirmation</SubscriptionArn>"));

  ASSERT_TRUE(topics_->deliver_due());
  ASSERT_EQ(endpoint.count("/hook"), 1u);
  const json confirmation = json::parse(endpoint.requests("/hook")[0].body);
  EXPECT_EQ(confirmation["Type"], "SubscriptionConfirmation");
  const std::string token = confirmation["Token"];

  HttpResponse wrong =
      query(std::string("Action=ConfirmSubscription&TopicArn=") + kTopicForm + "&Token=0123");
  EXPECT_EQ(wrong.status / 100, 4) << wrong.body;
  const std::string confirmed =
      ok(std::string("Action=ConfirmSubscription&TopicArn=") + kTopicForm +
         "&Token=" + form_encode(token) + "&AuthenticateOnUnsubscribe=true");
  const std::string arn = element(confirmed, "SubscriptionArn");
  EXPECT_EQ(arn.rfind(std::string(kTopic) + ":", 0), 0u) << confirmed;
  EXPECT_TRUE(contains(ok("Action=ListSubscriptions"), "<SubscriptionArn>" + arn));
}

}  // namespace
}  // namespace certflow::api
