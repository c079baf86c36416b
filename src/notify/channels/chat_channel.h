// certflow's chat protocols, "slack", "mattermost" and "teams": each subscription's endpoint is
// an incoming-webhook URL, and each message is one POST of the service's JSON (chat_payloads.h).
// Not SNS protocols: certflow's own, so that certificate alerts reach a team's channel without a
// function in between. A webhook URL is a secret the channel's owner handed out, so there is no
// confirmation step.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "notify/channel.h"

namespace certflow::notify {

class ChatChannel final : public Channel {
 public:
  // public_url: where certflow's console links point, no trailing slash.
  explicit ChatChannel(std::string public_url,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // An https:// URL, or http:// to a loopback host (localhost, 127.0.0.0/8, [::1]).
  Status check_endpoint(const std::string& protocol, const std::string& endpoint) override;
  bool needs_confirmation() const override { return false; }
  // 2xx is delivered; 429, 5xx and connection failures are retryable; other answers are final.
  std::vector<ChannelOutcome> deliver_all(const std::vector<Notification>& batch) override;

  // The JSON body posted for a notification, by its protocol.
  std::string payload(const Notification& notification) const;

 private:
  std::string public_url_;
  std::chrono::milliseconds timeout_;
};

}  // namespace certflow::notify
