// Publish and PublishBatch: the topic's policy decides, then one message row and one delivery
// row per matching confirmed subscription are written in one transaction.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <set>

#include "core/ids.h"
#include "core/utf8.h"
#include "notify/state.h"
#include "notify/stored_message.h"

namespace certflow::notify {

using nlohmann::json;

namespace {

constexpr size_t kMaxMessageBytes = 256 * 1024;
constexpr size_t kMaxBatchEntries = 10;
constexpr size_t kMaxSubjectChars = 100;

bool is_valid_utf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (!next_code_point(text, pos)) return false;
  }
  return true;
}

bool valid_attribute_type(const std::string& type) {
  for (const char* base : {"String", "Number", "Binary"}) {
    const std::string b(base);
    if (type == b || (type.size() > b.size() + 1 && type.rfind(b + ".", 0) == 0)) return true;
  }
  return false;
}

Status check_attributes(const MessageAttributes& attributes) {
  if (attributes.size() > 10) {
    return invalid_parameter("MessageAttributes: a message may carry at most 10 attributes");
  }
  for (const auto& [name, attribute] : attributes) {
    if (name.empty() || name.size() > 256 || name.rfind("AWS.", 0) == 0 ||
        name.rfind("Amazon.", 0) == 0 || name.front() == '.' || name.back() == '.' ||
        name.find("..") != std::string::npos) {
      return fail(ErrorCode::kInvalidParameterValue,
                  "The message attribute name '" + name + "' is invalid.");
    }
    if (!valid_attribute_type(attribute.data_type)) {
      return fail(ErrorCode::kInvalidParameterValue,
                  "The message attribute '" + name + "' has an invalid message attribute type " +
                      "'" + attribute.data_type + "': use String, String.Array, Number or Binary.");
    }
    if (attribute.value.empty()) {
      return fail(
          ErrorCode::kInvalidParameterValue,
          "The message attribute '" + name + "' must contain non-empty message attribute value.");
    }
    if (attribute.data_type.rfind("Number", 0) == 0) {
      json number = json::parse(attribute.value, nullptr, /*allow_exceptions=*/false);
      if (number.is_discarded() || !number.is_number()) {
        return fail(ErrorCode::kInvalidParameterValue,
                    "The message attribute '" + name + "' with type 'Number' must be numeric.");
      }
    }
    if (attribute.data_type == "String.Array") {
      json array = json::parse(attribute.value, nullptr, /*allow_exceptions=*/false);
      if (array.is_discarded() || !array.is_array()) {
        return fail(
            ErrorCode::kInvalidParameterValue,
            "The message attribute '" + name + "' with type 'String.Array' must be a JSON array.");
      }
    }
  }
  return {};
}

// Validates the message and builds what the store keeps.
Result<StoredMessage> stored_message(const PublishRequest& request, int64_t now_ms) {
  if (request.message.empty()) return invalid_parameter("Empty message");
  size_t size = request.message.size();
  for (const auto& [name, attribute] : request.attributes) {
    size += name.size() + attribute.data_type.size() + attribute.value.size();
  }
  if (size > kMaxMessageBytes) {
    return invalid_parameter(
        "Message too long: a message and its attributes may have at most "
        "262144 bytes");
  }
  if (!is_valid_utf8(request.message)) {
    return invalid_parameter("Message: must be valid UTF-8");
  }
  StoredMessage message;
  message.message = request.message;
  message.timestamp_ms = now_ms;
  message.attributes = request.attributes;
  if (request.subject) {
    const std::string& subject = *request.subject;
    if (subject.empty() || subject.size() > kMaxSubjectChars ||
        subject.find_first_of("\r\n") != std::string::npos || !is_valid_utf8(subject)) {
      return invalid_parameter(
          "Subject: must be 1 to 100 characters with no line breaks or control characters");
    }
    message.subject = subject;
  }
  if (request.message_structure) {
    if (*request.message_structure != "json") {
      return invalid_parameter("MessageStructure: the only structure is json");
    }
    json document = json::parse(request.message, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object()) {
      return invalid_parameter("Message Structure - JSON message body failed to parse");
    }
    auto fallback = document.find("default");
    if (fallback == document.end() || !fallback->is_string()) {
      return invalid_parameter("Message Structure - No default entry in JSON message body");
    }
    message.message = fallback->get<std::string>();
    for (const auto& [protocol, value] : document.items()) {
      if (protocol == "default") continue;
      if (!value.is_string()) {
        return invalid_parameter("Message Structure - the value for " + protocol +
                                 " must be a string");
      }
      message.by_protocol[protocol] = value.get<std::string>();
    }
  }
  if (auto s = check_attributes(request.attributes); !s) return tl::unexpected(s.error());
  return message;
}

}  // namespace

Result<std::string> Topics::publish(const PublishRequest& request, const Publisher& publisher) {
  return publish_checked(request, publisher);
}

Result<std::string> Topics::publish_checked(const PublishRequest& request,
                                            const Publisher& publisher) {
  const int64_t now_ms = to_epoch_millis(clock_.now());
  auto message = stored_message(request, now_ms);
  if (!message) return tl::unexpected(message.error());

  struct Target {
    std::string arn;
  };
  std::vector<Target> targets;
  std::shared_ptr<const crypto::SecretBytes> key;
  std::shared_ptr<const iam::Policy> policy;
  {
    std::lock_guard lock(state_->mutex);
    if (!state_->topics.contains(request.topic_arn)) {
      return fail(ErrorCode::kNotFound, "Topic does not exist");
    }
    policy = state_->policies[request.topic_arn];
    if (auto it = state_->data_keys.find(request.topic_arn); it != state_->data_keys.end()) {
      key = it->second;
    }
  }
  // Callers of the owner's account publish as the owner does; a service principal (the event
  // bus) only as far as the topic's resource policy allows.
  if (!publisher.principal_service.empty()) {
    iam::PolicyRequest check;
    check.principal_service = publisher.principal_service;
    check.action = "sns:Publish";
    check.resource = request.topic_arn;
    if (!publisher.source_arn.empty()) check.context["aws:SourceArn"] = publisher.source_arn;
    if (!publisher.account.empty()) check.context["aws:SourceAccount"] = publisher.account;
    if (!policy || policy->evaluate(check) != iam::Decision::kAllow) {
      return fail(
          ErrorCode::kAuthorizationError,
          "User: " + publisher.principal_service +
              " is not authorized to perform: SNS:Publish on resource: " + request.topic_arn +
              " because no resource-based policy allows the " + "SNS:Publish action");
    }
  }

  std::map<std::string, filter::TypedAttribute> typed;
  for (const auto& [name, attribute] : message->attributes) {
    typed[name] = {attribute.data_type, attribute.value};
  }
  {
    std::lock_guard lock(state_->mutex);
    for (const auto& [arn, subscription] : state_->subscriptions) {
      if (subscription.topic_arn != request.topic_arn || !subscription.confirmed) continue;
      if (auto it = state_->filters.find(arn); it != state_->filters.end()) {
        if (!it->second->matches(message->message_for(subscription.protocol), typed)) continue;
      }
      targets.push_back({arn});
    }
  }

  const std::string message_id = new_uuid();
  if (targets.empty()) return message_id;  // nobody to tell: nothing to keep
  auto body = encode_message(*message, message_id, key.get());
  if (!body) return tl::unexpected(body.error());
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto s = (*txn)->insert_topic_message({message_id, request.topic_arn, *body, now_ms}); !s) {
    return tl::unexpected(s.error());
  }
  for (const auto& target : targets) {
    store::TopicDeliveryRow row;
    row.message_id = message_id;
    row.subscription_arn = target.arn;
    row.details_json = "{}";
    row.created_at_ms = now_ms;
    row.next_attempt_ms = now_ms;
    if (auto s = (*txn)->insert_topic_delivery(row); !s) return tl::unexpected(s.error());
  }
  if (auto s = (*txn)->commit(); !s) return tl::unexpected(s.error());
  wake();
  return message_id;
}

Result<std::vector<PublishBatchResult>> Topics::publish_batch(
    const std::string& topic_arn, const std::vector<PublishBatchEntry>& entries,
    const Publisher& publisher) {
  if (entries.empty()) {
    return fail(ErrorCode::kEmptyBatchRequest,
                "The batch request doesn't contain any entries: send 1 to 10.");
  }
  if (entries.size() > kMaxBatchEntries) {
    return fail(ErrorCode::kTooManyEntriesInBatchRequest,
                "The batch request contains more entries than permissible: at most 10.");
  }
  std::set<std::string> ids;
  size_t total = 0;
  for (const auto& entry : entries) {
    const bool valid_id = !entry.id.empty() && entry.id.size() <= 80 &&
                          std::all_of(entry.id.begin(), entry.id.end(), [](char c) {
                            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                   (c >= '0' && c <= '9') || c == '-' || c == '_';
                          });
    if (!valid_id) {
      return fail(ErrorCode::kInvalidBatchEntryId,
                  "The Id of a batch entry in a batch request doesn't abide by the specification: "
                  "1 to 80 letters, digits, hyphens and underscores.");
    }
    if (!ids.insert(entry.id).second) {
      return fail(ErrorCode::kBatchEntryIdsNotDistinct,
                  "Two or more batch entries in the request have the same Id: " + entry.id);
    }
    total += entry.message.size();
  }
  if (total > kMaxMessageBytes) {
    return fail(ErrorCode::kBatchRequestTooLong,
                "The length of all the messages put together is more than the limit (262144 "
                "bytes).");
  }
  if (auto topic = find_topic(topic_arn); !topic) return tl::unexpected(topic.error());
  std::vector<PublishBatchResult> results;
  for (const auto& entry : entries) {
    PublishRequest request{topic_arn, entry.message, entry.subject, entry.message_structure,
                           entry.attributes};
    auto published = publish_checked(request, publisher);
    PublishBatchResult result;
    result.id = entry.id;
    if (published) {
      result.message_id = *published;
    } else {
      result.code = std::string(to_string(published.error().code));
      result.message = published.error().message;
      result.sender_fault = published.error().code != ErrorCode::kInternal;
    }
    results.push_back(std::move(result));
  }
  return results;
}

Result<std::string> Topics::publish(const events::targets::TopicPublication& publication) {
  PublishRequest request;
  request.topic_arn = publication.topic_arn;
  request.message = publication.message;
  auto published = publish_checked(
      request, {publication.principal_service, publication.source_account, publication.source_arn});
  if (published) return published;
  Error error = published.error();
  if (error.code == ErrorCode::kNotFound) error.code = ErrorCode::kResourceNotFound;
  if (error.code == ErrorCode::kAuthorizationError) error.code = ErrorCode::kAccessDenied;
  return tl::unexpected(error);
}

}  // namespace certflow::notify
