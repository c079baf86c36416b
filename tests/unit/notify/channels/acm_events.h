// ACM EventBridge events as acm-events.md shows them, wrapped in the notification a topic hands
// to a channel, for the email and chat channel tests.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "notify/channel.h"

namespace certflow::notify::testing {

inline const std::string kCertificateId = "61f50cd4-45b9-4259-b049-d0a53682fa4b";
inline const std::string kCertificateArn =
    "arn:aws:acm:us-east-1:000000000000:certificate/" + kCertificateId;

// An event published 2026-11-27T10:15:30Z about kCertificateArn.
// Ordered as AWS writes it (version, id, detail-type, ...).
inline nlohmann::ordered_json acm_event(const std::string& detail_type,
                                        const nlohmann::json& detail) {
  return {{"version", "0"},
          {"id", "9c95e8e4-96a4-ef3f-b739-b6aa5b193afb"},
          {"detail-type", detail_type},
          {"source", "aws.acm"},
          {"account", "000000000000"},
          {"time", "2026-11-27T10:15:30Z"},
          {"region", "us-east-1"},
          {"resources", nlohmann::json::array({kCertificateArn})},
          {"detail", nlohmann::ordered_json::parse(detail.dump())}};
}

// The event as the event bus's topic target publishes it: no Subject.
inline Notification acm_notification(const nlohmann::ordered_json& event,
                                     const std::string& protocol = "email",
                                     const std::string& endpoint = "ops@example.com") {
  Notification n;
  n.type = MessageType::kNotification;
  n.message_id = "3f1d2c4b-8a9e-4f60-b7c2-1d2e3f4a5b6c";
  n.topic_arn = "arn:aws:sns:us-east-1:000000000000:cert-alerts";
  n.topic_display_name = "Cert alerts";
  n.subscription_arn = n.topic_arn + ":7e1f0a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
  n.protocol = protocol;
  n.endpoint = endpoint;
  n.message = event.dump();
  n.timestamp = from_epoch_millis(1'795'774'530'000);
  n.unsubscribe_url =
      "http://127.0.0.1:8443/?Action=Unsubscribe&SubscriptionArn=" + n.subscription_arn;
  return n;
}

}  // namespace certflow::notify::testing
