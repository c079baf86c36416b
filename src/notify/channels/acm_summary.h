// What a person should read first about a topic's message: for an ACM certificate event (the
// EventBridge events of acm-events.md, which the event bus publishes to topics), the certificate,
// its domain, the days left, its state and what to do; for any other message, a generic summary.
// Shared by the email and chat channels.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "notify/channel.h"

namespace certflow::notify {

struct MessageSummary {
  bool certificate_event = false;  // an EventBridge event about an ACM certificate
  std::string title;               // one line: a mail's subject, a chat message's heading
  std::string detail_type;         // the event's detail-type ("" for a plain message)
  std::string certificate_arn;
  std::string domain;  // CommonName / DomainName, else the certificate id
  std::optional<int64_t> days_to_expiry;
  std::string expires;      // "2026-12-27" when the event tells or implies it
  std::string status;       // "Approaching expiration", "Expired", ...
  std::string action;       // what to do, in a sentence or two
  std::string console_url;  // <public_url>/console/certificates/<id>; "" for no certificate

  // The known facts as (label, value), in reading order: Certificate, Domain, Days left, Expires,
  // Status, Action, Console. A plain message has only Topic.
  std::vector<std::pair<std::string, std::string>> facts() const;
  // The title, a blank line, then "Label: value" lines.
  std::string text() const;
};

// public_url: where certflow serves its API and console, without a trailing slash.
MessageSummary summarize(const Notification& notification, const std::string& public_url);

// The message pretty-printed when it is a JSON object or array, as it is otherwise.
std::string readable_message(const std::string& message);

}  // namespace certflow::notify
