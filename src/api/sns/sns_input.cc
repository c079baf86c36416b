#include "api/sns/sns_input.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "api/query/shape.h"
#include "api/sns/sns_operations.h"
#include "crypto/encoding.h"

namespace certflow::api::sns {

using nlohmann::json;

namespace {

Error invalid_parameter(const std::string& what) {
  return {ErrorCode::kInvalidParameter, "Invalid parameter: " + what};
}

// Reads the members of one structure of the form (as form_to_json gives it). `path` is where the
// structure sits in the form ("PublishBatchRequestEntries.member.2."), so a message names the
// parameter as the client sent it. The first problem anywhere in the request is kept.
class Reader {
 public:
  Reader(const json& body, std::string path, std::optional<Error>& error)
      : body_(body), path_(std::move(path)), error_(error) {}

  std::optional<std::string> string(const char* member, bool required = false) {
    const json* value = find(member, required);
    if (!value) return std::nullopt;
    if (!value->is_string()) {
      wrong_type(member, "a string");
      return std::nullopt;
    }
    return value->get<std::string>();
  }

  std::optional<bool> boolean(const char* member) {
    const json* value = find(member, false);
    if (!value) return std::nullopt;
    if (!value->is_boolean()) {
      wrong_type(member, "true or false");
      return std::nullopt;
    }
    return value->get<bool>();
  }

  notify::Attributes string_map(const char* member) {
    notify::Attributes out;
    const json* value = find(member, false);
    if (!value) return out;
    if (!value->is_object()) {
      wrong_type(member, "a map of strings");
      return out;
    }
    for (const auto& [key, item] : value->items()) {
      if (!item.is_string()) {
        wrong_type(member, "a map of strings");
        return {};
      }
      out[key] = item.get<std::string>();
    }
    return out;
  }

  std::vector<std::string> string_list(const char* member, bool required) {
    std::vector<std::string> out;
    const json* value = find(member, required);
    if (!value) return out;
    if (!value->is_array()) {
      wrong_type(member, "a list of strings");
      return out;
    }
    for (const json& item : *value) {
      if (!item.is_string()) {
        wrong_type(member, "a list of strings");
        return {};
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  // The structures of a list member, each with its path "Member.member.N.".
  std::vector<Reader> structures(const char* member, bool required) {
    std::vector<Reader> out;
    const json* value = find(member, required);
    if (!value) return out;
    if (!value->is_array()) {
      wrong_type(member, "a list of structures");
      return out;
    }
    for (size_t i = 0; i < value->size(); ++i) {
      const std::string path = path_ + member + ".member." + std::to_string(i + 1) + ".";
      if (!(*value)[i].is_object()) {
        record(invalid_parameter(path.substr(0, path.size() - 1)));
        return {};
      }
      out.emplace_back((*value)[i], path, error_);
    }
    return out;
  }

  std::vector<notify::TagEntry> tags(const char* member, bool required) {
    std::vector<notify::TagEntry> out;
    for (Reader& tag : structures(member, required)) {
      notify::TagEntry entry;
      entry.key = tag.string("Key", true).value_or("");
      entry.value = tag.string("Value", true).value_or("");
      out.push_back(std::move(entry));
    }
    return out;
  }

  // MessageAttributes: name → {DataType, StringValue | BinaryValue}. The engine checks names,
  // types and values; here only what cannot be read at all.
  notify::MessageAttributes message_attributes(const char* member) {
    notify::MessageAttributes out;
    const json* value = find(member, false);
    if (!value) return out;
    if (!value->is_object()) {
      wrong_type(member, "a map of message attribute values");
      return out;
    }
    for (const auto& [name, item] : value->items()) {
      auto type = item.is_object() ? item.find("DataType") : item.end();
      if (!item.is_object() || type == item.end() || !type->is_string() ||
          type->get<std::string>().empty()) {
        record({ErrorCode::kInvalidParameterValue,
                "The message attribute '" + name +
                    "' must contain non-empty message attribute type."});
        return {};
      }
      notify::MessageAttribute attribute;
      attribute.data_type = type->get<std::string>();
      // A Binary attribute's value is its BinaryValue (base64 on the wire, as the engine keeps
      // it); String and Number attributes carry a StringValue.
      const bool binary = attribute.data_type.rfind("Binary", 0) == 0;
      auto text = item.find(binary ? "BinaryValue" : "StringValue");
      if (text != item.end() && text->is_string()) attribute.value = text->get<std::string>();
      if (binary && !attribute.value.empty() && !crypto::base64_decode(attribute.value)) {
        record({ErrorCode::kInvalidParameterValue,
                "The message attribute '" + name + "' has a BinaryValue that is not base64."});
        return {};
      }
      out[name] = std::move(attribute);
    }
    return out;
  }

  void record(Error error) {
    if (!error_) error_ = std::move(error);
  }

 private:
  const json* find(const char* member, bool required) {
    auto it = body_.find(member);
    if (it == body_.end() || it->is_null()) {
      if (required) record(invalid_parameter(path_ + member));
      return nullptr;
    }
    return &*it;
  }

  void wrong_type(const char* member, const char* expected) {
    record(invalid_parameter(path_ + member + " Reason: must be " + expected));
  }

  const json& body_;
  std::string path_;
  std::optional<Error>& error_;
};

// The form read through the operation's input shape, and the reader over it.
class Request {
 public:
  Request(std::string_view operation, const query::FormParams& params)
      : body_(query::form_to_json(params, *query_shapes(operation).input)),
        reader_(body_, "", error_) {}
  Reader& in() { return reader_; }

  template <typename T>
  Result<T> finish(T value) {
    if (error_) return tl::unexpected(*error_);
    return value;
  }

 private:
  json body_;
  std::optional<Error> error_;
  Reader reader_;
};

Result<std::string> one_arn(std::string_view operation, const char* member,
                            const query::FormParams& params) {
  Request request(operation, params);
  std::string arn = request.in().string(member, true).value_or("");
  return request.finish(std::move(arn));
}

// Standard topics (certflow has no others) refuse a deduplication id as SNS does.
void refuse_deduplication_id(Reader& in) {
  if (in.string("MessageDeduplicationId")) {
    in.record(invalid_parameter(
        "MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter "
        "that is not valid for this topic type"));
  }
  // SNS accepts a MessageGroupId on standard topics (for SQS fair queues); certflow's
  // deliveries do not use it.
  (void)in.string("MessageGroupId");
}

Result<SetAttributeInput> set_attribute(std::string_view operation, const char* arn_member,
                                        const query::FormParams& params) {
  Request request(operation, params);
  SetAttributeInput out;
  out.arn = request.in().string(arn_member, true).value_or("");
  out.name = request.in().string("AttributeName", true).value_or("");
  out.value = request.in().string("AttributeValue").value_or("");
  return request.finish(std::move(out));
}

}  // namespace

Result<CreateTopicInput> decode_create_topic(const query::FormParams& params) {
  Request request("CreateTopic", params);
  Reader& in = request.in();
  CreateTopicInput out;
  out.name = in.string("Name", true).value_or("");
  out.attributes = in.string_map("Attributes");
  out.tags = in.tags("Tags", false);
  if (in.string("DataProtectionPolicy")) {
    in.record(invalid_parameter(
        "DataProtectionPolicy Reason: certflow does not implement message data protection; "
        "create the topic without it"));
  }
  return request.finish(std::move(out));
}

Result<std::string> decode_topic_arn(const query::FormParams& params) {
  return one_arn("DeleteTopic", "TopicArn", params);
}

Result<std::string> decode_subscription_arn(const query::FormParams& params) {
  return one_arn("Unsubscribe", "SubscriptionArn", params);
}

Result<std::string> decode_resource_arn(const query::FormParams& params) {
  return one_arn("ListTagsForResource", "ResourceArn", params);
}

Result<std::optional<std::string>> decode_next_token(const query::FormParams& params) {
  Request request("ListTopics", params);
  std::optional<std::string> token = request.in().string("NextToken");
  return request.finish(std::move(token));
}

Result<ListByTopicInput> decode_list_subscriptions_by_topic(const query::FormParams& params) {
  Request request("ListSubscriptionsByTopic", params);
  ListByTopicInput out;
  out.topic_arn = request.in().string("TopicArn", true).value_or("");
  out.next_token = request.in().string("NextToken");
  return request.finish(std::move(out));
}

Result<SetAttributeInput> decode_set_topic_attributes(const query::FormParams& params) {
  return set_attribute("SetTopicAttributes", "TopicArn", params);
}

Result<SetAttributeInput> decode_set_subscription_attributes(const query::FormParams& params) {
  return set_attribute("SetSubscriptionAttributes", "SubscriptionArn", params);
}

Result<notify::SubscribeRequest> decode_subscribe(const query::FormParams& params) {
  Request request("Subscribe", params);
  Reader& in = request.in();
  notify::SubscribeRequest out;
  out.topic_arn = in.string("TopicArn", true).value_or("");
  out.protocol = in.string("Protocol", true).value_or("");
  out.endpoint = in.string("Endpoint").value_or("");
  out.attributes = in.string_map("Attributes");
  out.return_subscription_arn = in.boolean("ReturnSubscriptionArn").value_or(false);
  return request.finish(std::move(out));
}

Result<ConfirmInput> decode_confirm_subscription(const query::FormParams& params) {
  Request request("ConfirmSubscription", params);
  Reader& in = request.in();
  ConfirmInput out;
  out.topic_arn = in.string("TopicArn", true).value_or("");
  out.token = in.string("Token", true).value_or("");
  // A string in SNS's model, not a boolean: "true" or "false", in any case.
  if (auto flag = in.string("AuthenticateOnUnsubscribe")) {
    std::string lower;
    for (char c : *flag) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "true") {
      out.authenticate_on_unsubscribe = true;
    } else if (lower != "false") {
      in.record(invalid_parameter("AuthenticateOnUnsubscribe Reason: must be true or false"));
    }
  }
  return request.finish(std::move(out));
}

Result<notify::PublishRequest> decode_publish(const query::FormParams& params) {
  Request request("Publish", params);
  Reader& in = request.in();
  notify::PublishRequest out;
  auto topic = in.string("TopicArn");
  auto target = in.string("TargetArn");
  if (in.string("PhoneNumber")) {
    in.record(invalid_parameter(
        "PhoneNumber Reason: certflow does not send SMS; publish to a topic (TopicArn)"));
  } else if (topic && target) {
    in.record(invalid_parameter(
        "TopicArn or TargetArn Reason: both were given; give one of them, not both"));
  } else if (!topic && !target) {
    in.record(invalid_parameter("TopicArn or TargetArn Reason: no value for required parameter"));
  }
  out.topic_arn = topic.value_or(target.value_or(""));
  auto message = in.string("Message", true);
  if (message && message->empty()) in.record(invalid_parameter("Empty message"));
  out.message = message.value_or("");
  out.subject = in.string("Subject");
  out.message_structure = in.string("MessageStructure");
  out.attributes = in.message_attributes("MessageAttributes");
  refuse_deduplication_id(in);
  return request.finish(std::move(out));
}

Result<PublishBatchInput> decode_publish_batch(const query::FormParams& params) {
  Request request("PublishBatch", params);
  Reader& in = request.in();
  PublishBatchInput out;
  out.topic_arn = in.string("TopicArn", true).value_or("");
  // An empty list and an absent one look alike in a form: both are an empty batch.
  std::vector<Reader> entries = in.structures("PublishBatchRequestEntries", false);
  if (entries.empty()) {
    in.record({ErrorCode::kEmptyBatchRequest,
               "The batch request doesn't contain any entries: send 1 to 10."});
  }
  for (Reader& entry : entries) {
    notify::PublishBatchEntry item;
    item.id = entry.string("Id", true).value_or("");
    // An empty message fails its own entry (the engine's check), not the request.
    item.message = entry.string("Message", true).value_or("");
    item.subject = entry.string("Subject");
    item.message_structure = entry.string("MessageStructure");
    item.attributes = entry.message_attributes("MessageAttributes");
    refuse_deduplication_id(entry);
    out.entries.push_back(std::move(item));
  }
  return request.finish(std::move(out));
}

Result<TagInput> decode_tag_resource(const query::FormParams& params) {
  Request request("TagResource", params);
  TagInput out;
  out.resource_arn = request.in().string("ResourceArn", true).value_or("");
  out.tags = request.in().tags("Tags", true);
  return request.finish(std::move(out));
}

Result<UntagInput> decode_untag_resource(const query::FormParams& params) {
  Request request("UntagResource", params);
  UntagInput out;
  out.resource_arn = request.in().string("ResourceArn", true).value_or("");
  out.keys = request.in().string_list("TagKeys", true);
  return request.finish(std::move(out));
}

}  // namespace certflow::api::sns
