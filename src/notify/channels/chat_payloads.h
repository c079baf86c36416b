// The JSON bodies certflow posts to chat incoming webhooks: Slack (Block Kit), Mattermost
// (Slack-compatible attachments) and Microsoft Teams (an Adaptive Card in a message). For ACM
// certificate events they carry the summary's facts and a link to the console; other messages go
// as text. Private to the chat channel (and its tests).
#pragma once

#include <string>

#include "notify/channel.h"
#include "notify/channels/acm_summary.h"

namespace certflow::notify {

std::string slack_payload(const Notification& notification, const MessageSummary& summary);
std::string mattermost_payload(const Notification& notification, const MessageSummary& summary);
std::string teams_payload(const Notification& notification, const MessageSummary& summary);

}  // namespace certflow::notify
