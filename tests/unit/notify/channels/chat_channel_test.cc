// The slack, mattermost and teams channels against a real local HTTP server: the payload each
// service expects, with the facts of every ACM event type, and HTTP answers as outcomes.
#include "notify/channels/chat_channel.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "net/test_http_server.h"
#include "notify/channels/acm_events.h"

namespace certflow::notify {
namespace {

using certflow::testing::TestHttpServer;
using nlohmann::json;
using testing::acm_event;
using testing::acm_notification;
using testing::kCertificateArn;
using testing::kCertificateId;

const std::string kPublic = "http://127.0.0.1:8443";
const std::string kConsole = kPublic + "/console/certificates/" + kCertificateId;

struct EventCase {
  std::string detail_type;
  json detail;
  std::string domain;
  std::string days;
  std::string action_part;
};

std::vector<EventCase> event_cases() {
  return {
      {"ACM Certificate Approaching Expiration",
       {{"DaysToExpiry", 30}, {"CommonName", "example.com"}},
       "example.com",
       "30",
       "re-import a renewed certificate"},
      {"ACM Certificate Expired",
       {{"CertificateType", "AMAZON_ISSUED"},
        {"CommonName", "shop.example.com"},
        {"DaysToExpiry", 0}},
       "shop.example.com",
       "0 (expired)",
       "Replace it now"},
      {"ACM Certificate Available",
       {{"Action", "RENEWAL"},
        {"CertificateType", "PRIVATE"},
        {"CommonName", "api.internal"},
        {"DaysToExpiry", 395}},
       "api.internal",
       "395",
       "export-certificate"},
      {"ACM Certificate Renewal Action Required",
       {{"CommonName", "db.internal"}, {"RenewalStatusReason", "CAA_ERROR"}, {"DaysToExpiry", 15}},
       "db.internal",
       "15",
       "CAA record"},
  };
}

// Posts one notification per protocol to the server and returns the parsed bodies by path.
json post(TestHttpServer& server, const Notification& base, const std::string& protocol) {
  Notification n = base;
  n.protocol = protocol;
  n.endpoint = server.url("/" + protocol);
  ChatChannel channel(kPublic);
  const auto outcomes = channel.deliver_all({n});
  EXPECT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes[0]) << outcomes[0].error().code << " " << outcomes[0].error().message;
  const auto requests = server.requests("/" + protocol);
  EXPECT_FALSE(requests.empty());
  if (requests.empty()) return json();
  const auto& request = requests.back();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.header("content-type"), "application/json; charset=utf-8");
  return json::parse(request.body, nullptr, false);
}

TEST(ChatChannelTest, EndpointIsAnHttpsWebhookOrLoopbackHttp) {
  ChatChannel channel(kPublic);
  EXPECT_FALSE(channel.needs_confirmation());
  for (const char* protocol : {"slack", "mattermost", "teams"}) {
    EXPECT_TRUE(channel.check_endpoint(protocol, "https://hooks.slack.com/services/T0/B0/x"));
    EXPECT_TRUE(channel.check_endpoint(protocol, "http://127.0.0.1:8065/hooks/abc"));
    EXPECT_TRUE(channel.check_endpoint(protocol, "http://localhost/hooks/abc"));
    EXPECT_TRUE(channel.check_endpoint(protocol, "http://[::1]:9000/hooks"));
  }
  for (const char* bad : {"http://hooks.example.com/x", "http://127.evil.example/x", "ftp://x/y",
                          "hooks.slack.com/services/x", "https://", "https://user@evil.example/x",
                          "https://hooks.example.com/a b", ""}) {
    auto status = channel.check_endpoint("slack", bad);
    ASSERT_FALSE(status) << bad;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidParameter);
    EXPECT_EQ(status.error().message.rfind("Invalid parameter: Endpoint", 0), 0u);
  }
  EXPECT_FALSE(channel.check_endpoint("email", "https://hooks.slack.com/services/x"));
}

TEST(ChatChannelTest, SlackBlocksCarryTheFactsOfEveryAcmEvent) {
  TestHttpServer server;
  for (const auto& c : event_cases()) {
    const json body = post(server, acm_notification(acm_event(c.detail_type, c.detail)), "slack");
    ASSERT_TRUE(body.is_object()) << c.detail_type;
    const std::string title = body["text"];
    EXPECT_NE(title.find(c.domain), std::string::npos) << title;
    const json& blocks = body["blocks"];
    ASSERT_TRUE(blocks.is_array());
    EXPECT_EQ(blocks[0]["type"], "header");
    EXPECT_EQ(blocks[0]["text"]["text"], title);
    std::vector<std::string> fields;
    for (const auto& field : blocks[1]["fields"]) fields.push_back(field["text"]);
    EXPECT_NE(std::find(fields.begin(), fields.end(), "*Certificate*\n" + kCertificateArn),
              fields.end());
    EXPECT_NE(std::find(fields.begin(), fields.end(), "*Domain*\n" + c.domain), fields.end());
    EXPECT_NE(std::find(fields.begin(), fields.end(), "*Days left*\n" + c.days), fields.end())
        << c.detail_type;
    const std::string action = blocks[2]["text"]["text"];
    EXPECT_EQ(action.rfind("*Action*\n", 0), 0u);
    EXPECT_NE(action.find(c.action_part), std::string::npos) << action;
    EXPECT_EQ(blocks[3]["type"], "actions");
    EXPECT_EQ(blocks[3]["elements"][0]["url"], kConsole);
  }
}

TEST(ChatChannelTest, MattermostAttachmentsCarryTheFactsOfEveryAcmEvent) {
  TestHttpServer server;
  for (const auto& c : event_cases()) {
    const json body =
        post(server, acm_notification(acm_event(c.detail_type, c.detail)), "mattermost");
    ASSERT_TRUE(body.is_object());
    const json& attachment = body["attachments"][0];
    EXPECT_EQ(attachment["title_link"], kConsole);
    std::map<std::string, std::string> fields;
    for (const auto& field : attachment["fields"]) fields[field["title"]] = field["value"];
    EXPECT_EQ(fields["Certificate"], kCertificateArn);
    EXPECT_EQ(fields["Domain"], c.domain);
    EXPECT_EQ(fields["Days left"], c.days) << c.detail_type;
    EXPECT_NE(fields["Action"].find(c.action_part), std::string::npos) << fields["Action"];
    EXPECT_NE(attachment["footer"].get<std::string>().find("[Unsubscribe]("), std::string::npos);
  }
}

TEST(ChatChannelTest, TeamsGetsAnAdaptiveCardWithTheFacts) {
  TestHttpServer server;
  for (const auto& c : event_cases()) {
    const json body = post(server, acm_notification(acm_event(c.detail_type, c.detail)), "teams");
    ASSERT_TRUE(body.is_object());
    EXPECT_EQ(body["type"], "message");
    ASSERT_EQ(body["attachments"].size(), 1u);
    const json& attachment = body["attachments"][0];
    EXPECT_EQ(attachment["contentType"], "application/vnd.microsoft.card.adaptive");
    const json& card = attachment["content"];
    EXPECT_EQ(card["type"], "AdaptiveCard");
    EXPECT_EQ(card["$schema"], "http://adaptivecards.io/schemas/adaptive-card.json");
    EXPECT_EQ(card["version"], "1.4");
    EXPECT_EQ(card["body"][0]["type"], "TextBlock");
    EXPECT_NE(card["body"][0]["text"].get<std::string>().find(c.domain), std::string::npos);
    ASSERT_EQ(card["body"][1]["type"], "FactSet");
    std::map<std::string, std::string> facts;
    for (const auto& fact : card["body"][1]["facts"]) facts[fact["title"]] = fact["value"];
    EXPECT_EQ(facts["Certificate"], kCertificateArn);
    EXPECT_EQ(facts["Domain"], c.domain);
    EXPECT_EQ(facts["Days left"], c.days);
    EXPECT_NE(card["body"][2]["text"].get<std::string>().find(c.action_part), std::string::npos);
    ASSERT_EQ(card["actions"].size(), 2u);
    EXPECT_EQ(card["actions"][0]["type"], "Action.OpenUrl");
    EXPECT_EQ(card["actions"][0]["url"], kConsole);
    EXPECT_EQ(card["actions"][1]["title"], "Unsubscribe");
  }
}

TEST(ChatChannelTest, PlainMessagesGoAsText) {
  TestHttpServer server;
  Notification n = acm_notification(nlohmann::ordered_json::object());
  n.message = "backup <done> & verified";
  n.subject = "Nightly backup";
  const json slack = post(server, n, "slack");
  EXPECT_EQ(slack["text"], "Nightly backup");
  EXPECT_EQ(slack["blocks"][1]["text"]["text"], "backup &lt;done&gt; &amp; verified");
  const json mattermost = post(server, n, "mattermost");
  EXPECT_EQ(mattermost["text"], "#### Nightly backup\nbackup <done> & verified");
  const json teams = post(server, n, "teams");
  EXPECT_EQ(teams["attachments"][0]["content"]["body"][1]["text"], "backup <done> & verified");
}

TEST(ChatChannelTest, AnswersBecomeOutcomesInOrder) {
  TestHttpServer server;
  for (int status : {200, 204, 429, 503, 404, 410, 301}) {
    server.on("/" + std::to_string(status), [status](const TestHttpServer::Request&) {
      TestHttpServer::Reply reply;
      reply.status = status;
      reply.body = status == 404 ? "no_service" : "ok";
      return reply;
    });
  }
  std::vector<Notification> batch;
  for (int status : {200, 204, 429, 503, 404, 410, 301}) {
    batch.push_back(acm_notification(acm_event("ACM Certificate Expired", {}), "slack",
                                     server.url("/" + std::to_string(status))));
  }
  batch.push_back(acm_notification(
      acm_event("ACM Certificate Expired", {}), "teams",
      "http://127.0.0.1:" + std::to_string(certflow::testing::closed_port()) + "/hook"));
  ChatChannel channel(kPublic);
  const auto outcomes = channel.deliver_all(batch);
  ASSERT_EQ(outcomes.size(), 8u);
  EXPECT_TRUE(outcomes[0]);
  EXPECT_TRUE(outcomes[1]);
  const std::vector<std::pair<std::string, bool>> expected = {
      {"HttpStatus429", true},  {"HttpStatus503", true},  {"HttpStatus404", false},
      {"HttpStatus410", false}, {"HttpStatus301", false}, {"ConnectionRefused", true}};
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_FALSE(outcomes[i + 2]) << i;
    EXPECT_EQ(outcomes[i + 2].error().code, expected[i].first);
    EXPECT_EQ(outcomes[i + 2].error().retryable, expected[i].second) << expected[i].first;
  }
  EXPECT_NE(outcomes[4].error().message.find("no_service"), std::string::npos);
}

}  // namespace
}  // namespace certflow::notify
