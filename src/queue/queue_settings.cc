#include "queue/queue_settings.h"

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

namespace certflow::queue {

using nlohmann::json;

namespace {

struct IntegerAttribute {
  const char* name;
  int64_t min;
  int64_t max;
  int64_t QueueSettings::*field;
};

constexpr std::array<IntegerAttribute, 5> kIntegerAttributes = {{
    {"VisibilityTimeout", 0, 43'200, &QueueSettings::visibility_timeout},
    {"MaximumMessageSize", 1024, kMaxMessageBytes, &QueueSettings::maximum_message_size},
    {"MessageRetentionPeriod", 60, 1'209'600, &QueueSettings::message_retention_period},
    {"DelaySeconds", 0, 900, &QueueSettings::delay_seconds},
    {"ReceiveMessageWaitTimeSeconds", 0, 20, &QueueSettings::receive_wait_seconds},
}};

const std::set<std::string, std::less<>>& stored_only_names() {
  static const std::set<std::string, std::less<>> names = {
      "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled",
      "RedriveAllowPolicy"};
  return names;
}

std::optional<int64_t> parse_integer(const std::string& text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

Error invalid_value(const std::string& name) {
  return Error{ErrorCode::kInvalidAttributeValue, "Invalid value for the parameter " + name + "."};
}

Error invalid_redrive(const std::string& value, const std::string& reason) {
  return Error{ErrorCode::kInvalidParameterValue, "Value " + value +
                                                      " for parameter RedrivePolicy is invalid. "
                                                      "Reason: " +
                                                      reason};
}

Result<std::optional<RedrivePolicy>> parse_redrive_policy(const std::string& text) {
  if (text.empty()) return std::nullopt;  // "" removes the policy
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return tl::unexpected(invalid_redrive(text, "Redrive policy is not a valid JSON map."));
  }
  RedrivePolicy policy;
  auto arn = doc.find("deadLetterTargetArn");
  if (arn == doc.end() || !arn->is_string()) {
    return tl::unexpected(invalid_redrive(text,
                                          "Redrive policy does not contain mandatory attribute: "
                                          "deadLetterTargetArn."));
  }
  policy.dead_letter_target_arn = arn->get<std::string>();
  auto count = doc.find("maxReceiveCount");
  std::optional<int64_t> max_receive;
  if (count != doc.end() && count->is_number_integer()) max_receive = count->get<int64_t>();
  if (count != doc.end() && count->is_string())
    max_receive = parse_integer(count->get<std::string>());
  if (count == doc.end()) {
    return tl::unexpected(invalid_redrive(
        text, "Redrive policy does not contain mandatory attribute: maxReceiveCount."));
  }
  if (!max_receive || *max_receive < 1 || *max_receive > 1000) {
    return tl::unexpected(
        invalid_redrive(text, "Invalid value for maxReceiveCount: must be between 1 and 1000."));
  }
  policy.max_receive_count = *max_receive;
  return policy;
}

std::string redrive_policy_text(const RedrivePolicy& policy) {
  return json{{"deadLetterTargetArn", policy.dead_letter_target_arn},
              {"maxReceiveCount", policy.max_receive_count}}
      .dump();
}

}  // namespace

Status apply_attributes(QueueSettings& settings, const Attributes& attributes) {
  QueueSettings updated = settings;
  for (const auto& [name, value] : attributes) {
    bool known = false;
    for (const auto& attribute : kIntegerAttributes) {
      if (name != attribute.name) continue;
      known = true;
      auto number = parse_integer(value);
      if (!number || *number < attribute.min || *number > attribute.max) {
        return tl::unexpected(invalid_value(name));
      }
      updated.*attribute.field = *number;
    }
    if (known) continue;
    if (name == "RedrivePolicy") {
      auto policy = parse_redrive_policy(value);
      if (!policy) return tl::unexpected(policy.error());
      updated.redrive_policy = *policy;
    } else if (name == "Policy") {
      json doc = json::parse(value, nullptr, /*allow_exceptions=*/false);
      if (!value.empty() && (doc.is_discarded() || !doc.is_object())) {
        return tl::unexpected(invalid_value(name));
      }
      updated.policy = value;
    } else if (name == "FifoQueue") {
      if (value == "true") {
        return fail(ErrorCode::kUnsupportedOperation,
                    "certflow offers standard queues only; FIFO queues are not supported.");
      }
      if (value != "false") return tl::unexpected(invalid_value(name));
    } else if (stored_only_names().count(name) > 0) {
      updated.stored_only[name] = value;
    } else {
      // Read-only names (QueueArn, ...), FIFO-only settings and names SQS does not know alike.
      return fail(ErrorCode::kInvalidAttributeName, "Unknown Attribute " + name + ".");
    }
  }
  settings = std::move(updated);
  return {};
}

Attributes settable_attributes(const QueueSettings& settings) {
  Attributes out;
  for (const auto& attribute : kIntegerAttributes) {
    out[attribute.name] = std::to_string(settings.*attribute.field);
  }
  if (settings.redrive_policy) out["RedrivePolicy"] = redrive_policy_text(*settings.redrive_policy);
  if (!settings.policy.empty()) out["Policy"] = settings.policy;
  out["SqsManagedSseEnabled"] = "false";  // certflow keeps message bodies as sent
  for (const auto& [name, value] : settings.stored_only) out[name] = value;
  return out;
}

std::string encode_settings(const QueueSettings& settings) {
  json doc = json::object();
  for (const auto& attribute : kIntegerAttributes) doc[attribute.name] = settings.*attribute.field;
  if (settings.redrive_policy) {
    doc["RedrivePolicy"] = {
        {"deadLetterTargetArn", settings.redrive_policy->dead_letter_target_arn},
        {"maxReceiveCount", settings.redrive_policy->max_receive_count}};
  }
  if (!settings.policy.empty()) doc["Policy"] = settings.policy;
  if (!settings.stored_only.empty()) doc["StoredOnly"] = settings.stored_only;
  return doc.dump();
}

Result<QueueSettings> decode_settings(const std::string& text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return fail(ErrorCode::kInternal, "queue: unreadable settings in store");
  QueueSettings settings;
  try {
    for (const auto& attribute : kIntegerAttributes) {
      if (doc.contains(attribute.name)) {
        settings.*attribute.field = doc.at(attribute.name).get<int64_t>();
      }
    }
    if (doc.contains("RedrivePolicy")) {
      const json& policy = doc.at("RedrivePolicy");
      settings.redrive_policy = RedrivePolicy{policy.at("deadLetterTargetArn").get<std::string>(),
                                              policy.at("maxReceiveCount").get<int64_t>()};
    }
    settings.policy = doc.value("Policy", std::string());
    if (doc.contains("StoredOnly")) {
      settings.stored_only = doc.at("StoredOnly").get<std::map<std::string, std::string>>();
    }
  } catch (const json::exception& e) {
    return fail(ErrorCode::kInternal,
                std::string("queue: unreadable settings in store: ") + e.what());
  }
  return settings;
}

std::string encode_tags(const Tags& tags) { return json(tags).dump(); }

Result<Tags> decode_tags(const std::string& text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return fail(ErrorCode::kInternal, "queue: unreadable tags in store");
  Tags tags;
  for (const auto& [key, value] : doc.items()) {
    if (!value.is_string()) return fail(ErrorCode::kInternal, "queue: unreadable tags in store");
    tags[key] = value.get<std::string>();
  }
  return tags;
}

Status validate_queue_name(const std::string& name) {
  if (name.size() > 5 && name.compare(name.size() - 5, 5, ".fifo") == 0) {
    return fail(ErrorCode::kUnsupportedOperation,
                "certflow offers standard queues only; FIFO queues (names ending in .fifo) are "
                "not supported.");
  }
  bool valid = !name.empty() && name.size() <= 80;
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '_';
    valid = valid && allowed;
  }
  if (!valid) {
    return fail(ErrorCode::kInvalidParameterValue,
                "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in "
                "length");
  }
  return {};
}

Status validate_tags(const Tags& tags) {
  if (tags.size() > 50) {
    return fail(ErrorCode::kInvalidParameterValue,
                "Too many tags: a queue can have at most 50 tags, not " +
                    std::to_string(tags.size()) + ".");
  }
  for (const auto& [key, value] : tags) {
    if (key.empty() || key.size() > 128 || value.size() > 256) {
      return fail(ErrorCode::kInvalidParameterValue,
                  "Tag keys must be 1 to 128 characters and values at most 256 characters; the "
                  "tag '" +
                      key.substr(0, 128) + "' is not.");
    }
  }
  return {};
}

}  // namespace certflow::queue
