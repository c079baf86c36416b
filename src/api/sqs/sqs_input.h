// Decoding SQS requests from the JSON protocol's form of their input (the query protocol's form
// is turned into the same JSON first, api/query/shape.h). SQS's own words for bad input:
// MissingParameter for a required member that is absent, InvalidParameterValue for a value of
// the wrong type.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "queue/queues.h"

namespace certflow::api::sqs {

// Reads members of one JSON object, recording the first problem; result() reports it.
class SqsInput {
 public:
  explicit SqsInput(const nlohmann::json& body) : body_(body) {}

  std::optional<std::string> string(const char* member, bool required = false);
  std::optional<int64_t> integer(const char* member, bool required = false);
  std::vector<std::string> string_list(const char* member, bool required = false);
  std::map<std::string, std::string> string_map(const char* member, bool required = false);
  // MessageAttributes / MessageSystemAttributes: name → {DataType, StringValue, BinaryValue}.
  queue::MessageAttributes message_attributes(const char* member);
  // A list of structures (batch Entries).
  std::vector<SqsInput> structures(const char* member, bool required = false);

  Status result() const;

 private:
  const nlohmann::json* find(const char* member, bool required);
  void wrong_type(const char* member, const char* expected);
  void record(Error error);

  const nlohmann::json& body_;
  std::optional<Error> error_;
};

// The operations' typed inputs. queue_url is the member as sent (empty when absent: the
// request's path may carry it).
struct QueueUrlInput {
  std::string queue_url;
};
Result<QueueUrlInput> decode_queue_url(const nlohmann::json& body);
Result<queue::CreateQueueRequest> decode_create_queue(const nlohmann::json& body);
struct GetQueueUrlInput {
  std::string queue_name;
  std::optional<std::string> owner_account_id;
};
Result<GetQueueUrlInput> decode_get_queue_url(const nlohmann::json& body);
Result<queue::ListQueuesRequest> decode_list_queues(const nlohmann::json& body);
struct AttributeNamesInput {
  std::string queue_url;
  std::vector<std::string> names;
};
Result<AttributeNamesInput> decode_get_queue_attributes(const nlohmann::json& body);
struct AttributesInput {
  std::string queue_url;
  queue::Attributes attributes;
};
Result<AttributesInput> decode_set_queue_attributes(const nlohmann::json& body);
Result<AttributesInput> decode_tag_queue(const nlohmann::json& body);        // Tags as attributes
Result<AttributeNamesInput> decode_untag_queue(const nlohmann::json& body);  // TagKeys
struct SendInput {
  std::string queue_url;
  queue::SendMessageRequest message;
};
Result<SendInput> decode_send_message(const nlohmann::json& body);
struct SendBatchInput {
  std::string queue_url;
  std::vector<std::pair<std::string, queue::SendMessageRequest>> entries;
};
Result<SendBatchInput> decode_send_message_batch(const nlohmann::json& body);
struct ReceiveInput {
  std::string queue_url;
  queue::ReceiveRequest request;
};
Result<ReceiveInput> decode_receive_message(const nlohmann::json& body);
struct ReceiptInput {
  std::string queue_url;
  std::string receipt_handle;
  std::optional<int64_t> visibility_timeout;
};
Result<ReceiptInput> decode_delete_message(const nlohmann::json& body);
Result<ReceiptInput> decode_change_visibility(const nlohmann::json& body);
struct ReceiptBatchInput {
  std::string queue_url;
  std::vector<queue::ReceiptEntry> entries;
};
// with_visibility: ChangeMessageVisibilityBatch entries (VisibilityTimeout) rather than
// DeleteMessageBatch ones.
Result<ReceiptBatchInput> decode_receipt_batch(const nlohmann::json& body, bool with_visibility);

}  // namespace certflow::api::sqs
