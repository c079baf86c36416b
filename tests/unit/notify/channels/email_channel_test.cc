// The email and email-json channel against a real local SMTP server: the confirmation and
// notification mails as a mail client reads them, the ACM summary on top, the signed JSON
// envelope, and each SMTP outcome as retryable or final.
#include "notify/channels/email_channel.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "net/test_http_server.h"  // closed_port()
#include "notify/channels/acm_events.h"
#include "notify/channels/mail_parsing.h"
#include "notify/channels/signer_fixture.h"
#include "notify/channels/test_smtp_server.h"

namespace certflow::notify {
namespace {

using certflow::testing::decode_quoted_printable;
using certflow::testing::decode_words;
using certflow::testing::parse_mail;
using certflow::testing::ParsedMail;
using certflow::testing::TestSmtpServer;
using testing::acm_event;
using testing::acm_notification;
using namespace std::chrono_literals;

class EmailChannelTest : public testing::SignerTest {
 protected:
  net::SmtpSettings smtp(const std::string& url) const {
    net::SmtpSettings settings;
    settings.url = url;
    settings.from = "certflow@alerts.example.com";
    settings.tls = net::SmtpSettings::Tls::kNone;
    settings.timeout = 5s;
    return settings;
  }
  EmailChannel channel_for(const TestSmtpServer& server) {
    return EmailChannel(smtp(server.url()), signer(), clock_, testing::kPublicUrl);
  }
  // Delivers one notification and returns the mail that arrived.
  ParsedMail deliver(const TestSmtpServer& server, const Notification& n) {
    auto channel = channel_for(server);
    const auto outcomes = channel.deliver_all({n});
    EXPECT_EQ(outcomes.size(), 1u);
    EXPECT_TRUE(outcomes[0]) << outcomes[0].error().code << ": " << outcomes[0].error().message;
    const auto mails = server.mails();
    EXPECT_EQ(mails.size(), 1u);
    if (mails.empty()) return {};
    EXPECT_EQ(mails[0].to, std::vector<std::string>{n.endpoint});
    return parse_mail(mails[0].data);
  }
  static Notification expiring(const std::string& protocol = "email") {
    return acm_notification(acm_event("ACM Certificate Approaching Expiration",
                                      {{"DaysToExpiry", 30}, {"CommonName", "example.com"}}),
                            protocol);
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(EmailChannelTest, EndpointMustBeOneEmailAddress) {
  EmailChannel channel(std::nullopt, signer(), clock_, testing::kPublicUrl);
  EXPECT_TRUE(channel.check_endpoint("email", "ops@example.com"));
  EXPECT_TRUE(channel.check_endpoint("email-json", "ops+certs@example.co.uk"));
  EXPECT_TRUE(channel.needs_confirmation());
  for (const char* bad : {"ops", "ops@example.com, dev@example.com", "Ops <ops@example.com>",
                          "ops@example.com\r\nBcc: x@example.org", "https://example.com"}) {
    auto status = channel.check_endpoint("email", bad);
    ASSERT_FALSE(status) << bad;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidParameter);
    EXPECT_EQ(status.error().message.rfind("Invalid parameter: Email address", 0), 0u)
        << status.error().message;
  }
  EXPECT_FALSE(channel.check_endpoint("sms", "ops@example.com"));
}

TEST_F(EmailChannelTest, ConfirmationMailCarriesTheSubscribeUrl) {
  TestSmtpServer server;
  Notification n = testing::sample_confirmation(MessageType::kSubscriptionConfirmation);
  n.protocol = "email";
  n.endpoint = "ops@example.com";
  n.topic_display_name = "Cert alerts";
  const auto mail = deliver(server, n);
  EXPECT_EQ(mail.header("subject"), "AWS Notification - Subscription Confirmation");
  EXPECT_EQ(mail.header("from"), "\"Cert alerts\" <certflow@alerts.example.com>");
  EXPECT_EQ(mail.header("to"), "ops@example.com");
  EXPECT_EQ(mail.header("date"), "Fri, 27 Nov 2026 10:15:30 +0000");  // the channel's clock
  const std::string body = decode_quoted_printable(mail.body);
  EXPECT_TRUE(contains(
      body, std::string("You have chosen to subscribe to the topic: \r\n") + testing::kTopicArn))
      << body;
  EXPECT_TRUE(contains(body,
                       "To confirm this subscription, click or visit the link below (If "
                       "this was in error no action is necessary)"));
  EXPECT_TRUE(contains(body, "Confirm subscription: " + n.subscribe_url)) << body;
  EXPECT_TRUE(contains(body, "certflow at http://127.0.0.1:8443")) << body;
}

TEST_F(EmailChannelTest, AcmNotificationMailSummarisesTheEventAboveIt) {
  TestSmtpServer server;
  const Notification n = expiring();
  const auto mail = deliver(server, n);
  EXPECT_EQ(mail.header("subject"), "ACM: certificate for example.com expires in 30 days");
  EXPECT_EQ(mail.header("list-unsubscribe"), "<" + n.unsubscribe_url + ">");
  const std::string body = decode_quoted_printable(mail.body);
  EXPECT_EQ(body.rfind("ACM: certificate for example.com expires in 30 days\r\n\r\n", 0), 0u)
      << body;
  EXPECT_TRUE(contains(body, "Certificate: " + testing::kCertificateArn)) << body;
  EXPECT_TRUE(contains(body, "Domain: example.com\r\n"));
  EXPECT_TRUE(contains(body, "Days left: 30\r\n"));
  EXPECT_TRUE(contains(body, "Action: If it is an imported certificate, re-import"));
  EXPECT_TRUE(contains(
      body, "Console: http://127.0.0.1:8443/console/certificates/" + testing::kCertificateId));
  // The event itself follows, pretty-printed, then SNS's footer.
  EXPECT_TRUE(contains(body, "\"detail-type\": \"ACM Certificate Approaching Expiration\""))
      << body;
  EXPECT_TRUE(contains(body, "    \"DaysToExpiry\": 30"));
  EXPECT_TRUE(contains(body,
                       "If you wish to stop receiving notifications from this topic, please "
                       "click or visit the link below to unsubscribe:\r\n" +
                           n.unsubscribe_url))
      << body;
  EXPECT_LT(body.find("Days left"), body.find("\"version\": \"0\""));
  EXPECT_LT(body.find("\"version\""), body.find("\"detail-type\""));  // the event's own order
  EXPECT_LT(body.find("\"detail-type\""), body.find("stop receiving"));
}

TEST_F(EmailChannelTest, SubjectIsThePublishedOneThenTheSummaryThenTheDisplayName) {
  EmailChannel channel(std::nullopt, signer(), clock_, testing::kPublicUrl);
  Notification n = expiring();
  n.subject = "Überprüfen: Zertifikat";
  EXPECT_EQ(channel.render(n)->subject, "Überprüfen: Zertifikat");
  n.subject.reset();
  EXPECT_EQ(channel.render(n)->subject, "ACM: certificate for example.com expires in 30 days");
  n.message = "plain text, not an event";
  EXPECT_EQ(channel.render(n)->subject, "Cert alerts");
  EXPECT_EQ(channel.render(n)->text_body.rfind("plain text, not an event\n\n--\n", 0), 0u);
  n.topic_display_name.clear();
  EXPECT_EQ(channel.render(n)->subject, "AWS Notification Message");
  EXPECT_EQ(channel.render(n)->from_name, "");
}

TEST_F(EmailChannelTest, NonAsciiSubjectArrivesEncoded) {
  TestSmtpServer server;
  Notification n = expiring();
  n.subject = "Zertifikat für bücher.example läuft ab";
  const auto mail = deliver(server, n);
  EXPECT_EQ(mail.header("subject").rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(decode_words(mail.header("subject")), *n.subject);
}

TEST_F(EmailChannelTest, SmtpOutcomesAreRetryableOrFinal) {
  TestSmtpServer server;
  server.reply_to_recipient("gone@example.com", "550 5.1.1 No such user");
  server.reply_to_recipient("busy@example.com", "451 4.3.0 Try again later");
  std::vector<Notification> batch;
  for (const char* to : {"ops@example.com", "gone@example.com", "busy@example.com"}) {
    batch.push_back(acm_notification(acm_event("ACM Certificate Expired", {}), "email", to));
  }
  auto channel = channel_for(server);
  const auto outcomes = channel.deliver_all(batch);
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_TRUE(outcomes[0]);
  ASSERT_FALSE(outcomes[1]);
  EXPECT_EQ(outcomes[1].error().code, "SmtpRejected");
  EXPECT_FALSE(outcomes[1].error().retryable);
  EXPECT_TRUE(contains(outcomes[1].error().message, "No such user"));
  ASSERT_FALSE(outcomes[2]);
  EXPECT_EQ(outcomes[2].error().code, "SmtpTemporaryFailure");
  EXPECT_TRUE(outcomes[2].error().retryable);

  EmailChannel nowhere(smtp("smtp://127.0.0.1:" + std::to_string(certflow::testing::closed_port())),
                       signer(), clock_, testing::kPublicUrl);
  const auto refused = nowhere.deliver_all({expiring()});
  ASSERT_FALSE(refused[0]);
  EXPECT_EQ(refused[0].error().code, "SmtpConnectionRefused");
  EXPECT_TRUE(refused[0].error().retryable);
}

TEST_F(EmailChannelTest, WithoutSmtpEveryDeliveryWaitsForConfiguration) {
  EmailChannel channel(std::nullopt, signer(), clock_, testing::kPublicUrl);
  const auto outcomes = channel.deliver_all({expiring(), expiring("email-json")});
  ASSERT_EQ(outcomes.size(), 2u);
  for (const auto& outcome : outcomes) {
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, "SmtpNotConfigured");
    EXPECT_TRUE(outcome.error().retryable);
    EXPECT_TRUE(contains(outcome.error().message, "--smtp-url"));
  }
}

TEST_F(EmailChannelTest, EmailJsonCarriesTheSignedEnvelope) {
  TestSmtpServer server;
  Notification n = expiring("email-json");
  n.subject = "Certificate expiring";
  const auto mail = deliver(server, n);
  EXPECT_EQ(mail.header("subject"), "Certificate expiring");
  const std::string body = decode_quoted_printable(mail.body);
  const auto envelope = nlohmann::json::parse(body, nullptr, false);
  ASSERT_TRUE(envelope.is_object()) << body;
  EXPECT_EQ(envelope.value("Type", ""), "Notification");
  EXPECT_EQ(envelope.value("Message", ""), n.message);
  EXPECT_EQ(envelope.value("UnsubscribeURL", ""), n.unsubscribe_url);
  EXPECT_EQ(testing::reference_verify(body, signer().certificate_pem()), "verified: True");

  TestSmtpServer confirm_server;
  Notification confirmation = testing::sample_confirmation(MessageType::kSubscriptionConfirmation);
  confirmation.protocol = "email-json";
  confirmation.endpoint = "ops@example.com";
  const auto confirm_mail = deliver(confirm_server, confirmation);
  EXPECT_EQ(confirm_mail.header("subject"), "AWS Notification - Subscription Confirmation");
  const auto confirm_envelope =
      nlohmann::json::parse(decode_quoted_printable(confirm_mail.body), nullptr, false);
  EXPECT_EQ(confirm_envelope.value("Type", ""), "SubscriptionConfirmation");
  EXPECT_EQ(confirm_envelope.value("SubscribeURL", ""), confirmation.subscribe_url);
}

}  // namespace
}  // namespace certflow::notify
