// The "email" and "email-json" protocols: a topic's messages as mail, sent through the SMTP
// server certflow is started with (--smtp-url). "email" mails read like SNS's, with a summary of
// ACM certificate events on top; "email-json" mails carry SNS's signed JSON envelope. Both need
// the address's owner to confirm the subscription from the mail certflow sends first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "net/smtp_client.h"
#include "notify/channel.h"
#include "notify/signer.h"

namespace certflow::notify {

class EmailChannel final : public Channel {
 public:
  // smtp: nullopt when no mail server is configured; every delivery then fails (retryable) with
  // code "SmtpNotConfigured". public_url: where certflow's links point, no trailing slash.
  EmailChannel(std::optional<net::SmtpSettings> smtp, const MessageSigner& signer,
               const Clock& clock, std::string public_url);

  Status check_endpoint(const std::string& protocol, const std::string& endpoint) override;
  bool needs_confirmation() const override { return true; }
  // A 4xx reply, a timeout or an unreachable server is retryable; a 5xx to the recipient or to
  // the message is final.
  std::vector<ChannelOutcome> deliver_all(const std::vector<Notification>& batch) override;

  // The mail a notification becomes (the Date is the clock's now). Fails only when email-json's
  // envelope cannot be signed.
  Result<net::MailMessage> render(const Notification& notification) const;

 private:
  std::optional<net::SmtpSettings> smtp_;
  const MessageSigner& signer_;
  const Clock& clock_;
  std::string public_url_;
};

}  // namespace certflow::notify
