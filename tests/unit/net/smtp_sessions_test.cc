// send_all's SMTP sessions against a real local server: a batch goes over as few connections as
// it has sessions, and a mail that fails — refused, or its connection lost — fails alone, with
// its own error, while the mails around it still arrive.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "net/smtp_client.h"
#include "net/test_http_server.h"  // closed_port()
#include "net/test_smtp_session_server.h"

namespace certflow::net {
namespace {

using certflow::testing::SmtpSessionServer;
using HangUp = SmtpSessionServer::HangUp;
using namespace std::chrono_literals;

SmtpSettings settings_for(const std::string& url) {
  SmtpSettings settings;
  settings.url = url;
  settings.from = "certflow@alerts.example.com";
  settings.tls = SmtpSettings::Tls::kNone;
  settings.timeout = 5s;
  return settings;
}

// Mail i goes to mail<i>@example.com with the subject "mail <i>".
std::vector<MailMessage> numbered_mails(size_t count) {
  std::vector<MailMessage> mails(count);
  for (size_t i = 0; i < count; ++i) {
    mails[i].to = "mail" + std::to_string(i) + "@example.com";
    mails[i].subject = "mail " + std::to_string(i);
    mails[i].text_body = "Body of mail " + std::to_string(i) + ".\n";
    mails[i].message_id = "m" + std::to_string(i);
  }
  return mails;
}

// The recipients of the mails that arrived, in arrival order; each arrived mail names one.
std::vector<std::string> arrived(const SmtpSessionServer& server) {
  std::vector<std::string> to;
  for (const auto& mail : server.mails()) {
    EXPECT_EQ(mail.to.size(), 1u);
    if (mail.to.empty()) continue;
    to.push_back(mail.to[0]);
    // The data is the mail that names this recipient, not a neighbour's.
    EXPECT_NE(mail.data.find("To: " + mail.to[0] + "\r\n"), std::string::npos) << mail.data;
  }
  return to;
}

std::vector<std::string> recipients(const std::vector<MailMessage>& mails,
                                    const std::set<size_t>& except = {}) {
  std::vector<std::string> to;
  for (size_t i = 0; i < mails.size(); ++i) {
    if (!except.contains(i)) to.push_back(mails[i].to);
  }
  return to;
}

TEST(SmtpSessionsTest, OneSessionCarriesTheWholeBatchOverOneConnection) {
  SmtpSessionServer server;
  const auto mails = numbered_mails(12);
  const auto results = send_all(settings_for(server.url()), mails, 1);
  ASSERT_EQ(results.size(), mails.size());
  for (size_t i = 0; i < results.size(); ++i) {
    EXPECT_TRUE(results[i]) << i << ": " << results[i].error().message;
  }
  EXPECT_EQ(arrived(server), recipients(mails));  // one session: one after another, in order
  EXPECT_EQ(server.connections(), 1);
}

TEST(SmtpSessionsTest, ConcurrentSessionsOpenNoMoreConnectionsThanTheirNumber) {
  SmtpSessionServer server;
  const auto mails = numbered_mails(40);
  const auto results = send_all(settings_for(server.url()), mails, 3);
  ASSERT_EQ(results.size(), mails.size());
  for (size_t i = 0; i < results.size(); ++i) {
    EXPECT_TRUE(results[i]) << i << ": " << results[i].error().message;
  }
  auto got = arrived(server);
  std::sort(got.begin(), got.end());
  auto want = recipients(mails);
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);  // each mail once
  EXPECT_LE(server.connections(), 3);
}

TEST(SmtpSessionsTest, RefusedRecipientsFailOnlyTheirOwnMails) {
  SmtpSessionServer server;
  auto mails = numbered_mails(8);
  mails[2].to = "gone@example.com";
  mails[5].to = "busy@example.com";
  server.reply_to_recipient("gone@example.com", "550 5.1.1 No such user here");
  server.reply_to_recipient("busy@example.com", "451 4.3.0 Mailbox busy, try later");
  const auto results = send_all(settings_for(server.url()), mails, 1);
  ASSERT_EQ(results.size(), mails.size());
  for (size_t i : {0, 1, 3, 4, 6, 7}) {
    EXPECT_TRUE(results[i]) << i << ": " << results[i].error().message;
  }
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().kind, SmtpErrorKind::kRejected);
  EXPECT_EQ(results[2].error().reply_code, 550);
  EXPECT_EQ(results[2].error().command, "RCPT");
  EXPECT_NE(results[2].error().message.find("No such user here"), std::string::npos)
      << results[2].error().message;
  ASSERT_FALSE(results[5]);
  EXPECT_EQ(results[5].error().kind, SmtpErrorKind::kTemporary);
  EXPECT_EQ(results[5].error().reply_code, 451);
  EXPECT_NE(results[5].error().message.find("Mailbox busy"), std::string::npos);
  EXPECT_EQ(arrived(server), recipients(mails, {2, 5}));
  // libcurl ends a session after a failed mail, so each failure costs one new connection.
  EXPECT_LE(server.connections(), 3);
}

TEST(SmtpSessionsTest, ServerThatHangsUpAfterThreeMailsGetsTheRestOnNewConnections) {
  SmtpSessionServer server;
  server.hang_up_after(3, HangUp::kAfterReply);
  const auto mails = numbered_mails(10);
  const auto results = send_all(settings_for(server.url()), mails, 1);
  ASSERT_EQ(results.size(), mails.size());
  for (size_t i = 0; i < results.size(); ++i) {
    EXPECT_TRUE(results[i]) << i << ": " << results[i].error().message;
  }
  EXPECT_EQ(arrived(server), recipients(mails));
  EXPECT_EQ(server.connections(), 4);
}

TEST(SmtpSessionsTest, StaleConnectionIsTriedOnceMoreOnAFreshOne) {
  SmtpSessionServer server;
  server.hang_up_after(3, HangUp::kAtNextMail);
  const auto mails = numbered_mails(10);
  const auto results = send_all(settings_for(server.url()), mails, 1);
  ASSERT_EQ(results.size(), mails.size());
  for (size_t i = 0; i < results.size(); ++i) {
    EXPECT_TRUE(results[i]) << i << ": " << results[i].error().message;
  }
  EXPECT_EQ(arrived(server), recipients(mails));  // each once: nothing sent twice
  EXPECT_EQ(server.connections(), 4);
  EXPECT_EQ(server.mail_commands(), 10 + 3);  // mails 3, 6 and 9 met a stale connection first
}

TEST(SmtpSessionsTest, ConnectionLostInTheMiddleOfAMailFailsThatMailAlone) {
  SmtpSessionServer server;
  auto mails = numbered_mails(6);
  mails[3].to = "lost@example.com";
  server.hang_up_at_recipient("lost@example.com");
  const auto results = send_all(settings_for(server.url()), mails, 1);
  ASSERT_EQ(results.size(), mails.size());
  for (size_t i : {0, 1, 2, 4, 5}) {
    EXPECT_TRUE(results[i]) << i << ": " << results[i].error().message;
  }
  ASSERT_FALSE(results[3]);
  EXPECT_EQ(results[3].error().kind, SmtpErrorKind::kTransport) << results[3].error().message;
  EXPECT_EQ(arrived(server), recipients(mails, {3}));
  // The server had answered MAIL: the mail is not tried again.
  EXPECT_EQ(server.mail_commands(), 6);
  EXPECT_EQ(server.connections(), 2);
}

TEST(SmtpSessionsTest, InvalidMailsInABatchFailWithoutTouchingTheSession) {
  SmtpSessionServer server;
  auto mails = numbered_mails(5);
  mails[1].to = "not an address";
  mails[3].extra_headers = {{"Subject", "twice"}};
  const auto results = send_all(settings_for(server.url()), mails, 2);
  ASSERT_EQ(results.size(), mails.size());
  for (size_t i : {0, 2, 4}) {
    EXPECT_TRUE(results[i]) << i << ": " << results[i].error().message;
  }
  for (size_t i : {1, 3}) {
    ASSERT_FALSE(results[i]);
    EXPECT_EQ(results[i].error().kind, SmtpErrorKind::kInvalid) << results[i].error().message;
  }
  auto got = arrived(server);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, recipients(mails, {1, 3}));
}

TEST(SmtpSessionsTest, NobodyListeningFailsEveryMailAsRefused) {
  const auto mails = numbered_mails(4);
  const auto url = "smtp://127.0.0.1:" + std::to_string(certflow::testing::closed_port());
  const auto results = send_all(settings_for(url), mails, 2);
  ASSERT_EQ(results.size(), mails.size());
  for (const auto& result : results) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, SmtpErrorKind::kRefused) << result.error().message;
  }
}

}  // namespace
}  // namespace certflow::net
