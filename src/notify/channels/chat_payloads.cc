// Each service's limits shape the payloads: Slack's header text is at most 150 characters, its
// section texts 3000 and fields 2000, and at most 10 fields a section; long messages are cut
// (the full message stays in the topic's other subscriptions, and in email).
#include "notify/channels/chat_payloads.h"

#include <nlohmann/json.hpp>

namespace certflow::notify {
namespace {

using nlohmann::ordered_json;

constexpr size_t kMaxText = 2800;

// Cut at a UTF-8 character boundary, with a mark that something is missing.
std::string cut(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t end = limit - 1;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

std::string dumped(const ordered_json& payload) {
  return payload.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

// Slack's mrkdwn treats these three as control characters.
std::string slack_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

// The message for a plain (not certificate) notification: pretty JSON or the text.
std::string body_text(const Notification& n) { return readable_message(n.message); }

bool is_json_text(const Notification& n) {
  const auto parsed = nlohmann::json::parse(n.message, nullptr, false);
  return !parsed.is_discarded() && parsed.is_structured();
}

// Warning colours by what happened: red when the certificate is or will soon be unusable.
std::string colour(const MessageSummary& s) {
  if (s.status == "Expired" || s.status.rfind("Renewal action required", 0) == 0 ||
      s.status == "Revoked") {
    return "#D40E0D";
  }
  if (s.status == "Approaching expiration") return "#F2A33A";
  if (s.status.rfind("Available", 0) == 0) return "#2EB886";
  return "#439FE0";
}

// The facts shown as fields (the Action is shown apart: it is long).
std::vector<std::pair<std::string, std::string>> field_facts(const MessageSummary& s) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [label, value] : s.facts()) {
    if (label != "Action" && label != "Console") out.emplace_back(label, value);
  }
  return out;
}

}  // namespace

std::string slack_payload(const Notification& n, const MessageSummary& s) {
  ordered_json blocks = ordered_json::array();
  blocks.push_back(
      {{"type", "header"}, {"text", {{"type", "plain_text"}, {"text", cut(s.title, 150)}}}});
  if (s.certificate_event) {
    ordered_json fields = ordered_json::array();
    for (const auto& [label, value] : field_facts(s)) {
      fields.push_back(
          {{"type", "mrkdwn"}, {"text", cut("*" + label + "*\n" + slack_escaped(value), 2000)}});
    }
    blocks.push_back({{"type", "section"}, {"fields", fields}});
    blocks.push_back(
        {{"type", "section"},
         {"text",
          {{"type", "mrkdwn"}, {"text", cut("*Action*\n" + slack_escaped(s.action), kMaxText)}}}});
    if (!s.console_url.empty()) {
      blocks.push_back(
          {{"type", "actions"},
           {"elements",
            ordered_json::array({{{"type", "button"},
                                  {"text", {{"type", "plain_text"}, {"text", "Open in certflow"}}},
                                  {"url", s.console_url}}})}});
    }
  } else {
    const std::string text = slack_escaped(body_text(n));
    const std::string shown =
        is_json_text(n) ? "```" + cut(text, kMaxText) + "```" : cut(text, kMaxText);
    blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", shown}}}});
  }
  std::string context = "certflow topic " + n.topic_arn;
  if (!n.unsubscribe_url.empty()) context += " · <" + n.unsubscribe_url + "|Unsubscribe>";
  blocks.push_back({{"type", "context"},
                    {"elements", ordered_json::array({{{"type", "mrkdwn"}, {"text", context}}})}});
  // "text" is what Slack shows in notifications and where blocks cannot be drawn.
  return dumped({{"text", s.title}, {"blocks", blocks}});
}

std::string mattermost_payload(const Notification& n, const MessageSummary& s) {
  if (!s.certificate_event) {
    const std::string text = body_text(n);
    return dumped({{"text", "#### " + s.title + "\n" +
                                (is_json_text(n) ? "```json\n" + cut(text, kMaxText) + "\n```"
                                                 : cut(text, kMaxText))}});
  }
  ordered_json fields = ordered_json::array();
  for (const auto& [label, value] : field_facts(s)) {
    fields.push_back({{"title", label}, {"value", value}, {"short", label != "Certificate"}});
  }
  fields.push_back({{"title", "Action"}, {"value", cut(s.action, kMaxText)}, {"short", false}});
  ordered_json attachment = {{"fallback", s.title}, {"color", colour(s)}, {"title", s.title}};
  if (!s.console_url.empty()) attachment["title_link"] = s.console_url;
  attachment["fields"] = fields;
  std::string footer = "certflow topic " + n.topic_arn;
  if (!s.console_url.empty()) footer += " · [Open in certflow](" + s.console_url + ")";
  if (!n.unsubscribe_url.empty()) footer += " · [Unsubscribe](" + n.unsubscribe_url + ")";
  attachment["footer"] = footer;
  return dumped({{"text", s.title}, {"attachments", ordered_json::array({attachment})}});
}

std::string teams_payload(const Notification& n, const MessageSummary& s) {
  const std::string emphasis = colour(s) == "#D40E0D"   ? "Attention"
                               : colour(s) == "#F2A33A" ? "Warning"
                               : colour(s) == "#2EB886" ? "Good"
                                                        : "Default";
  ordered_json body = ordered_json::array();
  body.push_back({{"type", "TextBlock"},
                  {"text", s.title},
                  {"weight", "Bolder"},
                  {"size", "Medium"},
                  {"color", emphasis},
                  {"wrap", true}});
  ordered_json actions = ordered_json::array();
  if (s.certificate_event) {
    ordered_json facts = ordered_json::array();
    for (const auto& [label, value] : field_facts(s)) {
      facts.push_back({{"title", label}, {"value", value}});
    }
    body.push_back({{"type", "FactSet"}, {"facts", facts}});
    body.push_back({{"type", "TextBlock"}, {"text", cut(s.action, kMaxText)}, {"wrap", true}});
    if (!s.console_url.empty()) {
      actions.push_back(
          {{"type", "Action.OpenUrl"}, {"title", "Open in certflow"}, {"url", s.console_url}});
    }
  } else {
    ordered_json text = {
        {"type", "TextBlock"}, {"text", cut(body_text(n), kMaxText)}, {"wrap", true}};
    if (is_json_text(n)) text["fontType"] = "Monospace";
    body.push_back(text);
  }
  if (!n.unsubscribe_url.empty()) {
    actions.push_back(
        {{"type", "Action.OpenUrl"}, {"title", "Unsubscribe"}, {"url", n.unsubscribe_url}});
  }
  ordered_json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                       {"type", "AdaptiveCard"},
                       {"version", "1.4"},
                       {"body", body}};
  if (!actions.empty()) card["actions"] = actions;
  return dumped({{"type", "message"},
                 {"attachments",
                  ordered_json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                        {"contentUrl", nullptr},
                                        {"content", card}}})}});
}

}  // namespace certflow::notify
