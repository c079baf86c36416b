// certflow's outgoing mail: RFC 5322 messages it composes itself, sent over SMTP (or SMTPS, or
// SMTP with STARTTLS) through libcurl, one at a time or overlapping on curl multi. A door of the
// net room beside http_client.h; libcurl stays behind it. No clock is read here: the caller
// stamps each message's Date.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace certflow::net {

struct SmtpSettings {
  // smtp://host:port, or smtps://host:port for TLS from the first byte. A path names this host
  // in EHLO (smtp://relay:587/certflow.example.com); without one libcurl uses the host name.
  std::string url;
  std::string from;      // the envelope sender and the From address
  std::string username;  // AUTH only when not empty
  std::string password;
  enum class Tls {
    kNone,                 // plain SMTP, even when the server offers STARTTLS
    kStartTlsIfAvailable,  // STARTTLS when offered, plain otherwise (CURLUSESSL_TRY)
    kStartTlsRequired,     // STARTTLS or fail (CURLUSESSL_ALL)
  };
  Tls tls = Tls::kStartTlsIfAvailable;
  bool verify_peer = true;  // check the server's certificate and name against the trust store
  std::chrono::milliseconds timeout{10000};  // the whole exchange, connecting included
};

struct MailMessage {
  std::string to;
  std::string subject;  // line breaks and other control characters become spaces
  std::string text_body;
  std::optional<std::string> html_body;  // with it, multipart/alternative
  // Further headers ("List-Unsubscribe", "X-..."): a header certflow writes itself (Date, From,
  // To, Subject, Message-ID, MIME-Version, Content-*) or a value with a line break is refused.
  std::vector<std::pair<std::string, std::string>> extra_headers;
  std::string from_name;  // the display name in From ("" for the bare address)
  TimePoint date{};       // the Date header
  // The left part of Message-ID (characters outside [A-Za-z0-9.-_] dropped); "" for a random one.
  // A retry of the same mail should keep it, so mail clients can tell the copies are one mail.
  std::string message_id;
};

// Why a mail did not go. A person reads `message`; code chooses by `kind`.
enum class SmtpErrorKind {
  kRefused,    // nothing listens there, or the connection could not be made
  kTimeout,    // no complete exchange within the timeout
  kRejected,   // the server answered 5xx: a permanent refusal
  kTemporary,  // the server answered 4xx: try again later
  kTls,        // STARTTLS missing though required, handshake failed, or certificate not trusted
  kAuth,       // the server refused the username and password (5xx to AUTH)
  kInvalid,    // the settings or the message cannot be sent as given (nothing was sent)
  kTransport,  // the connection broke or the answer was not SMTP
};

struct SmtpError {
  SmtpErrorKind kind = SmtpErrorKind::kTransport;
  int reply_code = 0;   // the server's failing reply code; 0 when there was none
  std::string command;  // the command that failed ("MAIL", "RCPT", "DATA", "AUTH", ...); "" if none
  std::string message;  // libcurl's reason and the server's reply text
};

using SmtpResult = tl::expected<void, SmtpError>;

// A practical check, not RFC 5321's full grammar: local@domain with an ASCII dot-atom local part
// of at most 64 characters, a domain of letter/digit/hyphen labels with at least one dot (or
// "localhost"), at most 254 characters in all, and nothing that could end a header or an SMTP
// command (spaces, control characters, angle brackets, quotes).
bool valid_email_address(std::string_view address);

// The message as it goes over the wire after DATA: CRLF line ends, no line over 998 characters,
// bodies in quoted-printable. kInvalid when an address or an extra header is not acceptable.
tl::expected<std::string, SmtpError> compose_message(std::string_view from,
                                                     const MailMessage& message);

SmtpResult send_mail(const SmtpSettings& settings, const MailMessage& message);
// Sends the messages with at most `max_concurrent` (>= 1) SMTP sessions at once; results in the
// messages' order. Thread-safe: each call has its own transfers.
std::vector<SmtpResult> send_all(const SmtpSettings& settings,
                                 const std::vector<MailMessage>& messages, size_t max_concurrent);

// "ConnectionRefused", "Timeout", "Rejected", "TemporaryFailure", "TlsError",
// "AuthenticationFailed", "InvalidMessage", "TransportError".
std::string_view smtp_error_kind_name(SmtpErrorKind kind);

}  // namespace certflow::net
