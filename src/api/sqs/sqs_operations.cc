#include "api/sqs/sqs_operations.h"

#include <map>

#include "api/operation_results.h"
#include "api/sqs/queue_url.h"
#include "api/sqs/sqs_input.h"
#include "api/wire_errors.h"
#include "crypto/encoding.h"

namespace certflow::api::sqs {

using nlohmann::json;

namespace {

Result<std::string> queue_name(const queue::Queues& queues, const SqsContext& context,
                               const std::string& url) {
  return queue_name_from_url(url, context.path, queues.config().account_id);
}

std::string url_of(const queue::Queues& queues, const SqsContext& context,
                   const std::string& name) {
  return queue_url(context.host, queues.config().account_id, name);
}

json message_attributes_json(const queue::MessageAttributes& attributes) {
  json out = json::object();
  for (const auto& [name, value] : attributes) {
    json entry = {{"DataType", value.data_type}};
    if (value.string_value) entry["StringValue"] = *value.string_value;
    if (value.binary_value) entry["BinaryValue"] = crypto::base64_encode(*value.binary_value);
    out[name] = std::move(entry);
  }
  return out;
}

json sent_json(const queue::SentMessage& sent) {
  json out = {{"MD5OfMessageBody", sent.md5_of_body}, {"MessageId", sent.message_id}};
  if (sent.md5_of_attributes) out["MD5OfMessageAttributes"] = *sent.md5_of_attributes;
  if (sent.md5_of_system_attributes) {
    out["MD5OfMessageSystemAttributes"] = *sent.md5_of_system_attributes;
  }
  return out;
}

json received_json(const queue::ReceivedMessage& message) {
  json out = {{"MessageId", message.message_id},
              {"ReceiptHandle", message.receipt_handle},
              {"MD5OfBody", message.md5_of_body},
              {"Body", message.body}};
  if (!message.attributes.empty()) out["Attributes"] = message.attributes;
  if (!message.message_attributes.empty()) {
    out["MessageAttributes"] = message_attributes_json(message.message_attributes);
    out["MD5OfMessageAttributes"] = *message.md5_of_message_attributes;
  }
  return out;
}

// A batch entry that failed, with the code as SQS's query protocol names it (both protocols
// carry that string in BatchResultErrorEntry.Code).
json failure_json(const std::string& id, const Error& error) {
  const WireError wire = query_wire_error(error.code);
  return {{"Id", id},
          {"SenderFault", wire.http_status < 500},
          {"Code", wire.code},
          {"Message", error.message}};
}

template <typename T, typename Success>
json batch_json(const std::vector<queue::BatchEntry<T>>& entries, Success&& success) {
  json out = {{"Successful", json::array()}, {"Failed", json::array()}};
  for (const auto& entry : entries) {
    if (entry.outcome) {
      out["Successful"].push_back(success(entry.id, *entry.outcome));
    } else {
      out["Failed"].push_back(failure_json(entry.id, entry.outcome.error()));
    }
  }
  return out;
}

json id_only(const std::string& id, bool) { return {{"Id", id}}; }

Result<json> create_queue(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_create_queue(in),
              [&](const queue::CreateQueueRequest& request) -> Result<json> {
                if (auto created = queues.create_queue(request); !created) {
                  return tl::unexpected(created.error());
                }
                return json{{"QueueUrl", url_of(queues, context, request.name)}};
              });
}

Result<json> get_queue_url(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_get_queue_url(in), [&](const GetQueueUrlInput& request) -> Result<json> {
    if (request.owner_account_id && *request.owner_account_id != queues.config().account_id) {
      return fail(ErrorCode::kQueueDoesNotExist,
                  "The specified queue does not exist: certflow keeps the queues of account " +
                      queues.config().account_id + " only.");
    }
    if (auto ok = queues.get_queue(request.queue_name); !ok) return tl::unexpected(ok.error());
    return json{{"QueueUrl", url_of(queues, context, request.queue_name)}};
  });
}

Result<json> list_queues(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_list_queues(in), [&](const queue::ListQueuesRequest& request) -> Result<json> {
    auto list = queues.list_queues(request);
    if (!list) return tl::unexpected(list.error());
    json out = json::object();
    for (const std::string& name : list->names) {
      out["QueueUrls"].push_back(url_of(queues, context, name));
    }
    if (list->next_token) out["NextToken"] = *list->next_token;
    return out;
  });
}

// An operation that takes only the queue.
template <Status (queue::Queues::*Method)(const std::string&)>
Result<json> on_queue(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_queue_url(in), [&](const QueueUrlInput& request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    return empty_or((queues.*Method)(*name));
  });
}

Result<json> get_queue_attributes(queue::Queues& queues, const SqsContext& context,
                                  const json& in) {
  return with(decode_get_queue_attributes(in),
              [&](const AttributeNamesInput& request) -> Result<json> {
                auto name = queue_name(queues, context, request.queue_url);
                if (!name) return tl::unexpected(name.error());
                auto attributes = queues.get_attributes(*name, request.names);
                if (!attributes) return tl::unexpected(attributes.error());
                json out = json::object();
                if (!attributes->empty()) out["Attributes"] = *attributes;
                return out;
              });
}

Result<json> set_queue_attributes(queue::Queues& queues, const SqsContext& context,
                                  const json& in) {
  return with(decode_set_queue_attributes(in), [&](const AttributesInput& request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    return empty_or(queues.set_attributes(*name, request.attributes));
  });
}

Result<json> list_queue_tags(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_queue_url(in), [&](const QueueUrlInput& request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    auto tags = queues.list_tags(*name);
    if (!tags) return tl::unexpected(tags.error());
    json out = json::object();
    if (!tags->empty()) out["Tags"] = *tags;
    return out;
  });
}

Result<json> tag_queue(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_tag_queue(in), [&](const AttributesInput& request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    return empty_or(queues.tag_queue(*name, request.attributes));
  });
}

Result<json> untag_queue(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_untag_queue(in), [&](const AttributeNamesInput& request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    return empty_or(queues.untag_queue(*name, request.names));
  });
}

Result<json> list_dead_letter_source_queues(queue::Queues& queues, const SqsContext& context,
                                            const json& in) {
  return with(decode_queue_url(in), [&](const QueueUrlInput& request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    auto sources = queues.dead_letter_source_queues(*name);
    if (!sources) return tl::unexpected(sources.error());
    json urls = json::array();
    for (const std::string& source : *sources) urls.push_back(url_of(queues, context, source));
    return json{{"queueUrls", urls}};
  });
}

Result<json> send_message(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_send_message(in), [&](SendInput request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    request.message.sender_id = std::string(context.access_key_id);
    auto sent = queues.send_message(*name, request.message);
    if (!sent) return tl::unexpected(sent.error());
    return sent_json(*sent);
  });
}

Result<json> send_message_batch(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_send_message_batch(in), [&](SendBatchInput request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    for (auto& [id, message] : request.entries)
      message.sender_id = std::string(context.access_key_id);
    auto results = queues.send_message_batch(*name, request.entries);
    if (!results) return tl::unexpected(results.error());
    return batch_json(*results, [](const std::string& id, const queue::SentMessage& sent) {
      json entry = sent_json(sent);
      entry["Id"] = id;
      return entry;
    });
  });
}

Result<json> receive_message(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_receive_message(in), [&](const ReceiveInput& request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    auto messages = queues.receive_message(*name, request.request);
    if (!messages) return tl::unexpected(messages.error());
    json out = json::object();
    for (const auto& message : *messages) out["Messages"].push_back(received_json(message));
    return out;
  });
}

Result<json> delete_message(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_delete_message(in), [&](const ReceiptInput& request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    return empty_or(queues.delete_message(*name, request.receipt_handle));
  });
}

Result<json> change_message_visibility(queue::Queues& queues, const SqsContext& context,
                                       const json& in) {
  return with(decode_change_visibility(in), [&](const ReceiptInput& request) -> Result<json> {
    auto name = queue_name(queues, context, request.queue_url);
    if (!name) return tl::unexpected(name.error());
    return empty_or(queues.change_visibility(*name, request.receipt_handle,
                                             request.visibility_timeout.value_or(0)));
  });
}

template <bool kWithVisibility>
Result<json> receipt_batch(queue::Queues& queues, const SqsContext& context, const json& in) {
  return with(decode_receipt_batch(in, kWithVisibility),
              [&](const ReceiptBatchInput& request) -> Result<json> {
                auto name = queue_name(queues, context, request.queue_url);
                if (!name) return tl::unexpected(name.error());
                auto results = kWithVisibility
                                   ? queues.change_visibility_batch(*name, request.entries)
                                   : queues.delete_message_batch(*name, request.entries);
                if (!results) return tl::unexpected(results.error());
                return batch_json(*results, id_only);
              });
}

using Run = Result<json> (*)(queue::Queues&, const SqsContext&, const json&);

std::map<std::string, Operation, std::less<>> build() {
  const std::map<std::string, Run, std::less<>> runs = {
      {"CreateQueue", create_queue},
      {"GetQueueUrl", get_queue_url},
      {"ListQueues", list_queues},
      {"DeleteQueue", on_queue<&queue::Queues::delete_queue>},
      {"PurgeQueue", on_queue<&queue::Queues::purge_queue>},
      {"GetQueueAttributes", get_queue_attributes},
      {"SetQueueAttributes", set_queue_attributes},
      {"ListQueueTags", list_queue_tags},
      {"TagQueue", tag_queue},
      {"UntagQueue", untag_queue},
      {"ListDeadLetterSourceQueues", list_dead_letter_source_queues},
      {"SendMessage", send_message},
      {"SendMessageBatch", send_message_batch},
      {"ReceiveMessage", receive_message},
      {"DeleteMessage", delete_message},
      {"DeleteMessageBatch", receipt_batch<false>},
      {"ChangeMessageVisibility", change_message_visibility},
      {"ChangeMessageVisibilityBatch", receipt_batch<true>},
  };
  std::map<std::string, Operation, std::less<>> operations;
  for (const auto& [name, run] : runs) operations[name] = Operation{query_shapes(name), run};
  return operations;
}

}  // namespace

const Operation* find_operation(std::string_view name) {
  static const auto operations = build();
  auto it = operations.find(name);
  return it == operations.end() ? nullptr : &it->second;
}

}  // namespace certflow::api::sqs
