// The SMTP client against a real local SMTP server: the message's headers and body as a mail
// client reads them, encodings, header injection, libcurl's dot-stuffing, and each way a send
// fails, as a value.
#include "net/smtp_client.h"

#include <gtest/gtest.h>

#include "net/test_http_server.h"  // closed_port()
#include "notify/channels/mail_parsing.h"
#include "notify/channels/test_smtp_server.h"

namespace certflow::net {
namespace {

using certflow::testing::decode_quoted_printable;
using certflow::testing::decode_words;
using certflow::testing::longest_line;
using certflow::testing::parse_mail;
using certflow::testing::TestSmtpServer;
using namespace std::chrono_literals;

const TimePoint kFriday = from_epoch_millis(1'795'774'530'123);  // 2026-11-27T10:15:30.123Z

SmtpSettings settings_for(const TestSmtpServer& server) {
  SmtpSettings settings;
  settings.url = server.url();
  settings.from = "certflow@alerts.example.com";
  settings.tls = SmtpSettings::Tls::kNone;
  settings.timeout = 5s;
  return settings;
}

MailMessage mail_to(const std::string& to, const std::string& subject = "Hello",
                    const std::string& body = "Hi there.\n") {
  MailMessage mail;
  mail.to = to;
  mail.subject = subject;
  mail.text_body = body;
  mail.date = kFriday;
  mail.message_id = "0b9d9a7e.5b0e3c9a";
  return mail;
}

TEST(SmtpClientTest, DeliversHeadersAndQuotedPrintableBody) {
  TestSmtpServer server;
  MailMessage mail = mail_to("ops@example.com", "Certificate expiring");
  mail.from_name = "Cert \"Alerts\"";
  const std::string long_line(200, 'x');
  mail.text_body = "Zertifikat läuft ab = bald\nsecond line with trailing space \n" + long_line;
  mail.extra_headers = {{"List-Unsubscribe", "<http://127.0.0.1/?Action=Unsubscribe>"}};
  auto sent = send_mail(settings_for(server), mail);
  ASSERT_TRUE(sent) << sent.error().message;

  const auto mails = server.mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].from, "certflow@alerts.example.com");
  EXPECT_EQ(mails[0].to, std::vector<std::string>{"ops@example.com"});
  const auto parsed = parse_mail(mails[0].data);
  EXPECT_EQ(parsed.header("date"), "Fri, 27 Nov 2026 10:15:30 +0000");
  EXPECT_EQ(parsed.header("from"), "\"Cert \\\"Alerts\\\"\" <certflow@alerts.example.com>");
  EXPECT_EQ(parsed.header("to"), "ops@example.com");
  EXPECT_EQ(parsed.header("subject"), "Certificate expiring");
  EXPECT_EQ(parsed.header("message-id"), "<0b9d9a7e.5b0e3c9a@alerts.example.com>");
  EXPECT_EQ(parsed.header("mime-version"), "1.0");
  EXPECT_EQ(parsed.header("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(parsed.header("content-transfer-encoding"), "quoted-printable");
  EXPECT_EQ(parsed.header("list-unsubscribe"), "<http://127.0.0.1/?Action=Unsubscribe>");
  EXPECT_EQ(
      decode_quoted_printable(parsed.body),
      "Zertifikat läuft ab = bald\r\nsecond line with trailing space \r\n" + long_line + "\r\n");
  EXPECT_NE(parsed.body.find("l=C3=A4uft ab =3D bald"), std::string::npos) << parsed.body;
  EXPECT_NE(parsed.body.find("trailing space=20\r\n"), std::string::npos) << parsed.body;
  EXPECT_LE(longest_line(mails[0].data), 76u);
}

TEST(SmtpClientTest, NonAsciiSubjectAndDisplayNameAreEncodedWords) {
  TestSmtpServer server;
  const std::string subject =
      "Zertifikat für bücher.example läuft in 3 Tagen ab — bitte erneuern ✓ (Ärger vermeiden)";
  MailMessage mail = mail_to("ops@example.com", subject);
  mail.from_name = "Zertifikatsdienst Müller";
  ASSERT_TRUE(send_mail(settings_for(server), mail));

  const auto mails = server.mails();
  ASSERT_EQ(mails.size(), 1u);
  const auto parsed = parse_mail(mails[0].data);
  const std::string raw_subject = parsed.header("subject");
  EXPECT_EQ(raw_subject.rfind("=?UTF-8?B?", 0), 0u) << raw_subject;
  EXPECT_EQ(decode_words(raw_subject), subject);
  // Folded into several words, none longer than RFC 2047's 75 characters.
  EXPECT_NE(parsed.head.find("?=\r\n =?UTF-8?B?"), std::string::npos) << parsed.head;
  size_t word = 0;
  while ((word = raw_subject.find("=?UTF-8?B?", word)) != std::string::npos) {
    const size_t end = raw_subject.find("?=", word + 10) + 2;
    EXPECT_LE(end - word, 75u);
    word = end;
  }
  const std::string from = parsed.header("from");
  EXPECT_EQ(decode_words(from), "Zertifikatsdienst Müller <certflow@alerts.example.com>");
}

TEST(SmtpClientTest, LineBreaksCannotInjectHeadersOrRecipients) {
  TestSmtpServer server;
  MailMessage mail = mail_to("ops@example.com", "Hello\r\nBcc: victim@example.org\nX-Evil: 1");
  mail.from_name = "Topic\r\nBcc: victim@example.org";
  ASSERT_TRUE(send_mail(settings_for(server), mail));
  auto mails = server.mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, std::vector<std::string>{"ops@example.com"});
  const auto parsed = parse_mail(mails[0].data);
  EXPECT_EQ(parsed.headers.count("bcc"), 0u) << parsed.head;
  EXPECT_EQ(parsed.headers.count("x-evil"), 0u) << parsed.head;
  EXPECT_EQ(parsed.header("subject"), "Hello  Bcc: victim@example.org X-Evil: 1");

  // Where a line break cannot be made harmless, nothing is sent.
  const auto settings = settings_for(server);
  auto bad_to = send_mail(settings, mail_to("ops@example.com\r\nRCPT TO:<victim@example.org>"));
  ASSERT_FALSE(bad_to);
  EXPECT_EQ(bad_to.error().kind, SmtpErrorKind::kInvalid);
  MailMessage bad_header = mail_to("ops@example.com");
  bad_header.extra_headers = {{"X-Topic", "a\r\nBcc: victim@example.org"}};
  auto refused_header = send_mail(settings, bad_header);
  ASSERT_FALSE(refused_header);
  EXPECT_EQ(refused_header.error().kind, SmtpErrorKind::kInvalid);
  bad_header.extra_headers = {{"Subject", "second subject"}};
  EXPECT_FALSE(send_mail(settings, bad_header));
  SmtpSettings bad_from = settings;
  bad_from.from = "certflow@example.com\r\nRCPT TO:<victim@example.org>";
  EXPECT_FALSE(send_mail(bad_from, mail_to("ops@example.com")));
  EXPECT_EQ(server.mails().size(), 1u);
  for (const auto& command : server.commands()) {
    EXPECT_EQ(command.find("victim"), std::string::npos) << command;
  }
}

TEST(SmtpClientTest, ValidEmailAddressIsAPracticalCheck) {
  for (const char* good : {"ops@example.com", "first.last+certs@mail.example.co.uk",
                           "o'brien@example.org", "root@localhost", "a@b-c.example"}) {
    EXPECT_TRUE(valid_email_address(good)) << good;
  }
  for (const char* bad : {"",
                          "ops",
                          "@example.com",
                          "ops@",
                          "ops@@example.com",
                          "a@b@example.com",
                          "ops@example",
                          "ops @example.com",
                          "ops@exa mple.com",
                          "<ops@example.com>",
                          "ops@example.com>",
                          "ops@example.com\r\n",
                          ".ops@example.com",
                          "ops.@example.com",
                          "o..ps@example.com",
                          "ops@-example.com",
                          "ops@example-.com",
                          "ops@example..com",
                          "\"ops\"@example.com",
                          "öps@example.com",
                          "ops@exämple.com",
                          "ops@example.com,other@example.com"}) {
    EXPECT_FALSE(valid_email_address(bad)) << bad;
  }
  EXPECT_FALSE(valid_email_address(std::string(65, 'a') + "@example.com"));
  EXPECT_FALSE(valid_email_address("a@" + std::string(250, 'b') + ".com"));
}

TEST(SmtpClientTest, LeadingDotsSurviveTheTransfer) {
  // A line of a single "." would end DATA early if libcurl did not double it on the wire; the
  // server undoes the doubling, so the body must arrive exactly as given.
  TestSmtpServer server;
  const std::string body = "before\n.\n.hidden\n..two\nafter the dots\n";
  ASSERT_TRUE(send_mail(settings_for(server), mail_to("ops@example.com", "dots", body)));
  const auto mails = server.mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(decode_quoted_printable(parse_mail(mails[0].data).body),
            "before\r\n.\r\n.hidden\r\n..two\r\nafter the dots\r\n");
}

TEST(SmtpClientTest, HtmlBodyMakesMultipartAlternative) {
  TestSmtpServer server;
  MailMessage mail = mail_to("ops@example.com", "both", "plain ü\n");
  mail.html_body = "<p>html &amp; ü</p>";
  ASSERT_TRUE(send_mail(settings_for(server), mail));
  const auto mails = server.mails();
  ASSERT_EQ(mails.size(), 1u);
  const auto parsed = parse_mail(mails[0].data);
  const std::string type = parsed.header("content-type");
  ASSERT_EQ(type.rfind("multipart/alternative; boundary=\"", 0), 0u) << type;
  const std::string boundary =
      type.substr(type.find('"') + 1, type.rfind('"') - type.find('"') - 1);
  const std::string& body = parsed.body;
  const size_t first = body.find("--" + boundary + "\r\n");
  const size_t second = body.find("--" + boundary + "\r\n", first + 1);
  const size_t last = body.find("--" + boundary + "--");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(last, std::string::npos);
  auto part = [&](size_t start, size_t end) {
    const size_t from = start + boundary.size() + 4;
    return parse_mail(body.substr(from, end - from));
  };
  const auto plain = part(first, second);
  EXPECT_EQ(plain.header("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(decode_quoted_printable(plain.body).find("plain ü\r\n"), 0u);
  const auto html = part(second, last);
  EXPECT_EQ(html.header("content-type"), "text/html; charset=UTF-8");
  EXPECT_EQ(decode_quoted_printable(html.body).find("<p>html &amp; ü</p>"), 0u);
}

TEST(SmtpClientTest, ConnectionRefusedIsRefused) {
  SmtpSettings settings;
  settings.url = "smtp://127.0.0.1:" + std::to_string(certflow::testing::closed_port());
  settings.from = "certflow@example.com";
  settings.timeout = 5s;
  auto sent = send_mail(settings, mail_to("ops@example.com"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, SmtpErrorKind::kRefused) << sent.error().message;
}

TEST(SmtpClientTest, RecipientRefusalsCarryTheServersReply) {
  TestSmtpServer server;
  server.reply_to_recipient("gone@example.com", "550 5.1.1 No such user here");
  server.reply_to_recipient("busy@example.com", "451 4.3.0 Mailbox busy, try later");
  auto rejected = send_mail(settings_for(server), mail_to("gone@example.com"));
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, SmtpErrorKind::kRejected);
  EXPECT_EQ(rejected.error().reply_code, 550);
  EXPECT_EQ(rejected.error().command, "RCPT");
  EXPECT_NE(rejected.error().message.find("No such user here"), std::string::npos)
      << rejected.error().message;

  auto deferred = send_mail(settings_for(server), mail_to("busy@example.com"));
  ASSERT_FALSE(deferred);
  EXPECT_EQ(deferred.error().kind, SmtpErrorKind::kTemporary);
  EXPECT_EQ(deferred.error().reply_code, 451);
  EXPECT_NE(deferred.error().message.find("Mailbox busy"), std::string::npos);
  EXPECT_TRUE(server.mails().empty());
}

TEST(SmtpClientTest, RefusedDataAndUnwillingGreetingAreFailures) {
  TestSmtpServer server;
  server.reply_to_data("554 5.7.1 Message rejected as spam");
  auto refused = send_mail(settings_for(server), mail_to("ops@example.com"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, SmtpErrorKind::kRejected);
  EXPECT_EQ(refused.error().reply_code, 554);
  EXPECT_NE(refused.error().message.find("rejected as spam"), std::string::npos);

  TestSmtpServer busy;
  busy.greet_with("421 4.3.2 Too many connections");
  auto later = send_mail(settings_for(busy), mail_to("ops@example.com"));
  ASSERT_FALSE(later);
  EXPECT_EQ(later.error().kind, SmtpErrorKind::kTemporary) << later.error().message;
  EXPECT_EQ(later.error().reply_code, 421);
}

TEST(SmtpClientTest, SilentServerTimesOut) {
  TestSmtpServer server;
  server.stay_silent();
  SmtpSettings settings = settings_for(server);
  settings.timeout = 300ms;
  auto sent = send_mail(settings, mail_to("ops@example.com"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, SmtpErrorKind::kTimeout) << sent.error().message;
}

TEST(SmtpClientTest, RequiredStartTlsThatIsNotOfferedSendsNothing) {
  TestSmtpServer server;
  SmtpSettings settings = settings_for(server);
  settings.tls = SmtpSettings::Tls::kStartTlsRequired;
  auto sent = send_mail(settings, mail_to("ops@example.com"));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, SmtpErrorKind::kTls) << sent.error().message;
  for (const auto& command : server.commands()) {
    EXPECT_NE(command.rfind("MAIL", 0), 0u) << "mail sent without TLS: " << command;
  }
  // Only when available: the same server takes the mail in the clear.
  settings.tls = SmtpSettings::Tls::kStartTlsIfAvailable;
  EXPECT_TRUE(send_mail(settings, mail_to("ops@example.com")));
  EXPECT_EQ(server.mails().size(), 1u);
}

TEST(SmtpClientTest, AuthenticatesAndReportsRefusedCredentials) {
  TestSmtpServer server;
  server.require_auth("mailer", "s3cret pass");
  SmtpSettings settings = settings_for(server);
  settings.username = "mailer";
  settings.password = "s3cret pass";
  auto sent = send_mail(settings, mail_to("ops@example.com"));
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(server.mails().size(), 1u);

  settings.password = "wrong";
  auto refused = send_mail(settings, mail_to("ops@example.com"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, SmtpErrorKind::kAuth) << refused.error().message;
  EXPECT_EQ(refused.error().reply_code, 535);
  EXPECT_EQ(refused.error().message.find("wrong"), std::string::npos);  // no secret in messages
  EXPECT_EQ(server.mails().size(), 1u);
}

TEST(SmtpClientTest, SendAllKeepsTheMessagesOrder) {
  TestSmtpServer server;
  server.reply_to_recipient("gone@example.com", "550 5.1.1 No such user");
  std::vector<MailMessage> mails;
  for (const char* to : {"a@example.com", "b@example.com", "gone@example.com", "bad address",
                         "c@example.com", "d@example.com"}) {
    mails.push_back(mail_to(to, std::string("for ") + to));
  }
  const auto results = send_all(settings_for(server), mails, 3);
  ASSERT_EQ(results.size(), 6u);
  EXPECT_TRUE(results[0]);
  EXPECT_TRUE(results[1]);
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().kind, SmtpErrorKind::kRejected);
  ASSERT_FALSE(results[3]);
  EXPECT_EQ(results[3].error().kind, SmtpErrorKind::kInvalid);
  EXPECT_TRUE(results[4]);
  EXPECT_TRUE(results[5]);
  std::map<std::string, std::string> subjects;
  for (const auto& mail : server.mails()) {
    ASSERT_EQ(mail.to.size(), 1u);
    subjects[mail.to[0]] = parse_mail(mail.data).header("subject");
  }
  EXPECT_EQ(subjects.size(), 4u);
  EXPECT_EQ(subjects["a@example.com"], "for a@example.com");
  EXPECT_EQ(subjects["d@example.com"], "for d@example.com");
}

TEST(SmtpClientTest, ComposeFoldsLongAsciiSubjectsAndRefusesBadSettings) {
  MailMessage mail = mail_to("ops@example.com", std::string(1200, 's'));
  auto composed = compose_message("certflow@example.com", mail);
  ASSERT_TRUE(composed);
  EXPECT_LE(longest_line(*composed), 998u);
  EXPECT_EQ(decode_words(parse_mail(*composed).header("subject")), std::string(1200, 's'));
  // A subject that looks like an encoded word is encoded, so it reads back as written.
  mail.subject = "=?UTF-8?B?SGk=?=";
  composed = compose_message("certflow@example.com", mail);
  ASSERT_TRUE(composed);
  EXPECT_EQ(decode_words(parse_mail(*composed).header("subject")), "=?UTF-8?B?SGk=?=");

  SmtpSettings settings;
  settings.url = "http://127.0.0.1:25";
  settings.from = "certflow@example.com";
  auto wrong_scheme = send_mail(settings, mail_to("ops@example.com"));
  ASSERT_FALSE(wrong_scheme);
  EXPECT_EQ(wrong_scheme.error().kind, SmtpErrorKind::kInvalid);
}

}  // namespace
}  // namespace certflow::net
