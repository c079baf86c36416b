// The http and https protocols: SNS's signed JSON documents POSTed to a URL (sns-message-signing.md
// §3), or the bare message with RawMessageDelivery.
//
// Endpoints: an http subscription takes any http:// URL and an https subscription any https://
// URL. Unlike API destinations (https only, http just for loopback hosts), plain http to any host
// is allowed: SNS offers http subscriptions by design, and the messages are signed, so a receiver
// can still tell them apart from forgeries (it cannot keep them secret — use https for that).
// User information in the URL (https://user:password@host/) is sent as HTTP basic
// authentication, as SNS does, and is kept out of every failure message.
//
// Outcomes follow SNS (SendMessageToHttp.prepare: "a status code outside the range of 200–4xx"
// or no answer within about 15 seconds is a failed attempt):
//   2xx                                   delivered;
//   5xx, 1xx, timeout, refused, DNS, TLS,
//   broken connection                     retryable failure (the delivery policy's schedule);
//   3xx, 4xx (429 too)                    final failure. SNS does not retry these either, but it
//                                         counts them as delivered and drops the message silently;
//                                         certflow reports them, so the log says why and a
//                                         RedrivePolicy queue keeps the message.
// Redirects are not followed (net's rule, and SNS's).
//
// Every request carries the notification's content_type (the subscription's effective
// DeliveryPolicy requestPolicy), or SNS's default text/plain; charset=UTF-8.
#pragma once

#include <chrono>

#include "notify/channel.h"
#include "notify/signer.h"

namespace certflow::notify {

class HttpChannel final : public Channel {
 public:
  static constexpr std::chrono::milliseconds kAttemptTimeout{15000};  // SNS's
  static constexpr size_t kMaxConcurrent = 64;
  static constexpr const char* kUserAgent = "Amazon Simple Notification Service Agent";
  static constexpr const char* kContentType = "text/plain; charset=UTF-8";  // SNS's default

  explicit HttpChannel(const MessageSigner& signer) : signer_(signer) {}

  Status check_endpoint(const std::string& protocol, const std::string& endpoint) override;
  bool needs_confirmation() const override { return true; }
  std::vector<ChannelOutcome> deliver_all(const std::vector<Notification>& batch) override;

 private:
  const MessageSigner& signer_;
};

// The URL with any user information replaced by "***": safe for logs and messages.
std::string redacted_url(const std::string& url);

}  // namespace certflow::notify
