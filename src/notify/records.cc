#include "notify/records.h"

#include <nlohmann/json.hpp>

#include "crypto/encoding.h"

namespace certflow::notify {

using nlohmann::json;

namespace {

Result<json> details_of(const store::ResourceRow& row) {
  json details = json::parse(row.details_json, nullptr, /*allow_exceptions=*/false);
  if (details.is_discarded() || !details.is_object()) {
    return fail(ErrorCode::kInternal, "stored " + row.kind + " " + row.name + " is unreadable");
  }
  return details;
}

std::map<std::string, std::string> string_map(const json& value) {
  std::map<std::string, std::string> out;
  if (!value.is_object()) return out;
  for (const auto& [key, item] : value.items()) {
    if (item.is_string()) out[key] = item.get<std::string>();
  }
  return out;
}

}  // namespace

store::ResourceRow to_row(const TopicRecord& topic, int64_t now_ms) {
  json details = {{"attributes", topic.attributes},
                  {"wrapped_data_key", crypto::base64_encode(topic.wrapped_data_key)}};
  return {kTopicKind, topic.name, topic.arn, details.dump(), topic.created_at_ms, now_ms};
}

Result<TopicRecord> topic_from_row(const store::ResourceRow& row) {
  auto details = details_of(row);
  if (!details) return tl::unexpected(details.error());
  TopicRecord topic;
  topic.name = row.name;
  topic.arn = row.arn;
  topic.created_at_ms = row.created_at_ms;
  topic.attributes = string_map(details->value("attributes", json::object()));
  auto key = crypto::base64_decode(details->value("wrapped_data_key", ""));
  if (!key) return fail(ErrorCode::kInternal, "stored topic " + row.name + " has a bad data key");
  topic.wrapped_data_key = std::move(*key);
  return topic;
}

store::ResourceRow to_row(const SubscriptionRecord& subscription, int64_t now_ms) {
  json details = {{"id", subscription.id},
                  {"topic_arn", subscription.topic_arn},
                  {"protocol", subscription.protocol},
                  {"endpoint", subscription.endpoint},
                  {"owner", subscription.owner},
                  {"confirmed", subscription.confirmed},
                  {"authenticated_unsubscribe", subscription.authenticated_unsubscribe},
                  {"token", subscription.token},
                  {"token_expires_ms", subscription.token_expires_ms},
                  {"attributes", subscription.attributes}};
  return {kSubscriptionKind,          subscription.topic_name + ":" + subscription.id,
          subscription.arn,           details.dump(),
          subscription.created_at_ms, now_ms};
}

Result<SubscriptionRecord> subscription_from_row(const store::ResourceRow& row) {
  auto details = details_of(row);
  if (!details) return tl::unexpected(details.error());
  SubscriptionRecord s;
  s.arn = row.arn;
  s.created_at_ms = row.created_at_ms;
  s.topic_name = row.name.substr(0, row.name.find(':'));
  s.id = details->value("id", "");
  s.topic_arn = details->value("topic_arn", "");
  s.protocol = details->value("protocol", "");
  s.endpoint = details->value("endpoint", "");
  s.owner = details->value("owner", "");
  s.confirmed = details->value("confirmed", false);
  s.authenticated_unsubscribe = details->value("authenticated_unsubscribe", false);
  s.token = details->value("token", "");
  s.token_expires_ms = details->value("token_expires_ms", int64_t{0});
  s.attributes = string_map(details->value("attributes", json::object()));
  return s;
}

}  // namespace certflow::notify
