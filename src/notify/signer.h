// SNS's message signatures: certflow signs every HTTP/S, email-json, SQS and Lambda envelope with
// its own RSA key, and serves the key's certificate at SigningCertURL
// (<public-url>/SimpleNotificationService-<sha256 of the certificate, hex>.pem), so standard
// SNS message validators that are pointed at certflow accept its messages.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/envelope.h"
#include "crypto/secret.h"
#include "notify/channel.h"
#include "store/store.h"

namespace certflow::notify {

class MessageSigner {
 public:
  // The signing key and certificate of this certflow: created on first use (RSA 2048,
  // self-signed, CN sns.certflow.local, 10 years) and kept in the store as a resource of kind
  // "sns-signing-key", the key sealed with the master key; the same on every later start.
  static Result<MessageSigner> load_or_create(store::Store& store, const crypto::MasterKey& master,
                                              const Clock& clock, std::string public_url);

  const std::string& certificate_pem() const { return certificate_pem_; }
  // "/SimpleNotificationService-<hex>.pem": the path the daemon serves the certificate at.
  const std::string& certificate_path() const { return certificate_path_; }
  std::string signing_cert_url() const { return public_url_ + certificate_path_; }

  // Base64 of the RSA PKCS#1 v1.5 signature of `text`: SHA-1 for version 1, SHA-256 for 2.
  // The string to sign leaves out the subscription (sns-message-signing.md), so a fan-out signs
  // each message once: recent signatures are remembered (PKCS#1 v1.5 is deterministic, so a
  // remembered signature is the one signing again would give).
  Result<std::string> sign(std::string_view text, int signature_version) const;

 private:
  struct SigningState;  // the parsed key and the recent signatures, shared by copies

  std::string public_url_;
  std::string certificate_pem_;
  std::string certificate_path_;
  std::shared_ptr<SigningState> state_;
};

// SNS's Timestamp: UTC, ISO 8601 with milliseconds always present, "2026-11-27T10:15:30.123Z".
std::string notification_timestamp(TimePoint time);

// SNS's string to sign for a message (sns-message-signing.md §1).
std::string string_to_sign(const Notification& notification);

// The JSON document SNS posts to HTTP/S endpoints (and puts in SQS messages and email-json
// mails): Type, MessageId, Token/TopicArn/Subject/Message/SubscribeURL/UnsubscribeURL as the
// type has them, Timestamp (ISO 8601 with milliseconds, Z), SignatureVersion, Signature,
// SigningCertURL, MessageAttributes ({"Type","Value"}) when there are any.
Result<std::string> json_envelope(const Notification& notification, const MessageSigner& signer);

}  // namespace certflow::notify
