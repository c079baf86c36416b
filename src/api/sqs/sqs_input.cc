#include "api/sqs/sqs_input.h"

#include "crypto/encoding.h"

namespace certflow::api::sqs {

using nlohmann::json;

const json* SqsInput::find(const char* member, bool required) {
  auto it = body_.find(member);
  if (it == body_.end() || it->is_null()) {
    if (required) {
      record({ErrorCode::kMissingParameter,
              std::string("The request must contain the parameter ") + member + "."});
    }
    return nullptr;
  }
  return &*it;
}

void SqsInput::wrong_type(const char* member, const char* expected) {
  record({ErrorCode::kInvalidParameterValue, std::string("Value for parameter ") + member +
                                                 " is invalid. Reason: it must be " + expected +
                                                 "."});
}

void SqsInput::record(Error error) {
  if (!error_) error_ = std::move(error);
}

Status SqsInput::result() const {
  if (error_) return tl::unexpected(*error_);
  return {};
}

std::optional<std::string> SqsInput::string(const char* member, bool required) {
  const json* value = find(member, required);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    wrong_type(member, "a string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<int64_t> SqsInput::integer(const char* member, bool required) {
  const json* value = find(member, required);
  if (!value) return std::nullopt;
  if (!value->is_number_integer()) {
    wrong_type(member, "an integer");
    return std::nullopt;
  }
  return value->get<int64_t>();
}

std::vector<std::string> SqsInput::string_list(const char* member, bool required) {
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

std::map<std::string, std::string> SqsInput::string_map(const char* member, bool required) {
  std::map<std::string, std::string> out;
  const json* value = find(member, required);
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

queue::MessageAttributes SqsInput::message_attributes(const char* member) {
  queue::MessageAttributes out;
  const json* value = find(member, false);
  if (!value) return out;
  if (!value->is_object()) {
    wrong_type(member, "a map of message attribute values");
    return out;
  }
  for (const auto& [name, item] : value->items()) {
    SqsInput entry(item);
    if (!item.is_object()) {
      wrong_type(member, "a map of message attribute values");
      return {};
    }
    queue::MessageAttributeValue attribute;
    attribute.data_type = entry.string("DataType", true).value_or("");
    attribute.string_value = entry.string("StringValue");
    if (auto binary = entry.string("BinaryValue")) {
      attribute.binary_value = crypto::base64_decode(*binary);
      if (!attribute.binary_value) {
        record({ErrorCode::kInvalidParameterValue,
                "The message attribute '" + name + "' has a BinaryValue that is not base64."});
      }
    }
    if (item.contains("StringListValues") || item.contains("BinaryListValues")) {
      record({ErrorCode::kInvalidParameterValue,
              "The message attribute '" + name +
                  "' uses StringListValues or BinaryListValues, which SQS reserves and does not "
                  "implement."});
    }
    if (auto ok = entry.result(); !ok) record(ok.error());
    out[name] = std::move(attribute);
  }
  return out;
}

std::vector<SqsInput> SqsInput::structures(const char* member, bool required) {
  std::vector<SqsInput> out;
  const json* value = find(member, required);
  if (!value) return out;
  if (!value->is_array()) {
    wrong_type(member, "a list of structures");
    return out;
  }
  for (const json& item : *value) {
    if (!item.is_object()) {
      wrong_type(member, "a list of structures");
      return {};
    }
    out.emplace_back(item);
  }
  return out;
}

namespace {

template <typename T>
Result<T> finish(std::vector<const SqsInput*> inputs, T value) {
  for (const SqsInput* input : inputs) {
    if (auto ok = input->result(); !ok) return tl::unexpected(ok.error());
  }
  return value;
}

}  // namespace

Result<QueueUrlInput> decode_queue_url(const json& body) {
  SqsInput in(body);
  QueueUrlInput out{in.string("QueueUrl").value_or("")};
  return finish({&in}, std::move(out));
}

Result<queue::CreateQueueRequest> decode_create_queue(const json& body) {
  SqsInput in(body);
  queue::CreateQueueRequest out;
  out.name = in.string("QueueName", true).value_or("");
  out.attributes = in.string_map("Attributes");
  out.tags = in.string_map("tags");
  return finish({&in}, std::move(out));
}

Result<GetQueueUrlInput> decode_get_queue_url(const json& body) {
  SqsInput in(body);
  GetQueueUrlInput out{in.string("QueueName", true).value_or(""),
                       in.string("QueueOwnerAWSAccountId")};
  return finish({&in}, std::move(out));
}

Result<queue::ListQueuesRequest> decode_list_queues(const json& body) {
  SqsInput in(body);
  queue::ListQueuesRequest out;
  out.name_prefix = in.string("QueueNamePrefix").value_or("");
  out.next_token = in.string("NextToken");
  out.max_results = in.integer("MaxResults");
  return finish({&in}, std::move(out));
}

Result<AttributeNamesInput> decode_get_queue_attributes(const json& body) {
  SqsInput in(body);
  AttributeNamesInput out{in.string("QueueUrl").value_or(""), in.string_list("AttributeNames")};
  return finish({&in}, std::move(out));
}

Result<AttributesInput> decode_set_queue_attributes(const json& body) {
  SqsInput in(body);
  AttributesInput out{in.string("QueueUrl").value_or(""), in.string_map("Attributes", true)};
  return finish({&in}, std::move(out));
}

Result<AttributesInput> decode_tag_queue(const json& body) {
  SqsInput in(body);
  AttributesInput out{in.string("QueueUrl").value_or(""), in.string_map("Tags", true)};
  return finish({&in}, std::move(out));
}

Result<AttributeNamesInput> decode_untag_queue(const json& body) {
  SqsInput in(body);
  AttributeNamesInput out{in.string("QueueUrl").value_or(""), in.string_list("TagKeys", true)};
  return finish({&in}, std::move(out));
}

namespace {

queue::SendMessageRequest read_message(SqsInput& in) {
  queue::SendMessageRequest message;
  message.body = in.string("MessageBody", true).value_or("");
  message.delay_seconds = in.integer("DelaySeconds");
  message.attributes = in.message_attributes("MessageAttributes");
  message.system_attributes = in.message_attributes("MessageSystemAttributes");
  // Standard queues ignore these FIFO members (SQS's fair queues accept a group id too).
  (void)in.string("MessageDeduplicationId");
  (void)in.string("MessageGroupId");
  return message;
}

}  // namespace

Result<SendInput> decode_send_message(const json& body) {
  SqsInput in(body);
  SendInput out;
  out.queue_url = in.string("QueueUrl").value_or("");
  out.message = read_message(in);
  return finish({&in}, std::move(out));
}

Result<SendBatchInput> decode_send_message_batch(const json& body) {
  SqsInput in(body);
  SendBatchInput out;
  out.queue_url = in.string("QueueUrl").value_or("");
  std::vector<SqsInput> entries = in.structures("Entries", true);
  std::vector<const SqsInput*> inputs = {&in};
  for (SqsInput& entry : entries) {
    std::string id = entry.string("Id", true).value_or("");
    out.entries.emplace_back(std::move(id), read_message(entry));
    inputs.push_back(&entry);
  }
  return finish(inputs, std::move(out));
}

Result<ReceiveInput> decode_receive_message(const json& body) {
  SqsInput in(body);
  ReceiveInput out;
  out.queue_url = in.string("QueueUrl").value_or("");
  out.request.attribute_names = in.string_list("AttributeNames");
  for (std::string& name : in.string_list("MessageSystemAttributeNames")) {
    out.request.attribute_names.push_back(std::move(name));
  }
  out.request.message_attribute_names = in.string_list("MessageAttributeNames");
  out.request.max_messages = in.integer("MaxNumberOfMessages");
  out.request.visibility_timeout = in.integer("VisibilityTimeout");
  out.request.wait_seconds = in.integer("WaitTimeSeconds");
  (void)in.string("ReceiveRequestAttemptId");  // FIFO only
  return finish({&in}, std::move(out));
}

Result<ReceiptInput> decode_delete_message(const json& body) {
  SqsInput in(body);
  ReceiptInput out{in.string("QueueUrl").value_or(""),
                   in.string("ReceiptHandle", true).value_or(""), std::nullopt};
  return finish({&in}, std::move(out));
}

Result<ReceiptInput> decode_change_visibility(const json& body) {
  SqsInput in(body);
  ReceiptInput out{in.string("QueueUrl").value_or(""),
                   in.string("ReceiptHandle", true).value_or(""),
                   in.integer("VisibilityTimeout", true)};
  return finish({&in}, std::move(out));
}

Result<ReceiptBatchInput> decode_receipt_batch(const json& body, bool with_visibility) {
  SqsInput in(body);
  ReceiptBatchInput out;
  out.queue_url = in.string("QueueUrl").value_or("");
  std::vector<SqsInput> entries = in.structures("Entries", true);
  std::vector<const SqsInput*> inputs = {&in};
  for (SqsInput& entry : entries) {
    queue::ReceiptEntry receipt;
    receipt.id = entry.string("Id", true).value_or("");
    receipt.receipt_handle = entry.string("ReceiptHandle", true).value_or("");
    if (with_visibility) receipt.visibility_timeout = entry.integer("VisibilityTimeout");
    out.entries.push_back(std::move(receipt));
    inputs.push_back(&entry);
  }
  return finish(inputs, std::move(out));
}

}  // namespace certflow::api::sqs
