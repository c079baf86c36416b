// Messages in and out by receipt handle: send (single, batch, and the internal API by ARN),
// delete and change visibility (single and batch).
#include <set>

#include "core/ids.h"
#include "crypto/hash.h"
#include "queue/message_codec.h"
#include "queue/queue_settings.h"
#include "queue/queues.h"
#include "queue/receipt_handle.h"

namespace certflow::queue {

namespace {

constexpr int64_t kMaxDelaySeconds = 900;
constexpr int64_t kMaxVisibilityTimeout = 43'200;

bool is_store_failure(const Error& error) {
  return error.code == ErrorCode::kInternal || error.code == ErrorCode::kServiceUnavailable;
}

// SQS's batch-level rules. `entry_kind` names the entries in messages, e.g.
// "SendMessageBatchRequestEntry".
Status check_batch_ids(const std::vector<std::string>& ids, const std::string& entry_kind) {
  if (ids.empty()) {
    return fail(ErrorCode::kEmptyBatchRequest,
                "There should be at least one " + entry_kind + " in the request.");
  }
  if (ids.size() > Queues::kMaxBatchEntries) {
    return fail(ErrorCode::kTooManyEntriesInBatchRequest,
                "Maximum number of entries per request are 10. You have sent " +
                    std::to_string(ids.size()) + ".");
  }
  std::set<std::string, std::less<>> seen;
  for (const std::string& id : ids) {
    bool valid = !id.empty() && id.size() <= 80;
    for (char c : id) {
      valid = valid && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_');
    }
    if (!valid) {
      return fail(ErrorCode::kInvalidBatchEntryId,
                  "A batch entry id can only contain alphanumeric characters, hyphens and "
                  "underscores. It can be at most 80 letters long.");
    }
    if (!seen.insert(id).second) {
      return fail(ErrorCode::kBatchEntryIdsNotDistinct, "Id " + id + " repeated.");
    }
  }
  return {};
}

Error receipt_handle_invalid(const std::string& text) {
  return Error{ErrorCode::kReceiptHandleIsInvalid,
               "The input receipt handle \"" + text + "\" is not a valid receipt handle."};
}

Error visibility_refused(const std::string& text, const std::string& reason) {
  return Error{ErrorCode::kInvalidParameterValue,
               "Value " + text + " for parameter ReceiptHandle is invalid. Reason: " + reason};
}

}  // namespace

Result<SentMessage> Queues::insert_message(store::Transaction& tx, int64_t queue_id,
                                           const QueueSettings& settings,
                                           const SendMessageRequest& request, int64_t now_ms) {
  if (auto ok = validate_body(request.body); !ok) return tl::unexpected(ok.error());
  if (auto ok = validate_message_attributes(request.attributes, false); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = validate_message_attributes(request.system_attributes, true); !ok) {
    return tl::unexpected(ok.error());
  }
  const int64_t delay = request.delay_seconds.value_or(settings.delay_seconds);
  if (delay < 0 || delay > kMaxDelaySeconds) {
    return fail(ErrorCode::kInvalidParameterValue,
                "Value " + std::to_string(delay) +
                    " for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 "
                    "and <= 900.");
  }
  const size_t size = message_size(request.body, request.attributes);
  if (size > static_cast<size_t>(settings.maximum_message_size)) {
    return fail(ErrorCode::kInvalidParameterValue,
                "One or more parameters are invalid. Reason: Message must be shorter than " +
                    std::to_string(settings.maximum_message_size) + " bytes.");
  }
  store::QueueMessageRow row;
  row.queue_id = queue_id;
  row.message_id = new_uuid();
  row.receipt_token = new_receipt_token();
  row.body = request.body;
  row.details_json =
      encode_details({request.attributes, request.system_attributes, request.sender_id, {}});
  row.sent_at_ms = now_ms;
  row.visible_at_ms = now_ms + delay * 1000;
  if (auto ok = tx.insert_queue_message(row); !ok) return tl::unexpected(ok.error());
  SentMessage sent{row.message_id, crypto::md5_hex(request.body), std::nullopt, std::nullopt};
  if (!request.attributes.empty()) {
    sent.md5_of_attributes = md5_of_message_attributes(request.attributes);
  }
  if (!request.system_attributes.empty()) {
    sent.md5_of_system_attributes = md5_of_message_attributes(request.system_attributes);
  }
  return sent;
}

Result<SentMessage> Queues::send_message(const std::string& name,
                                         const SendMessageRequest& request) {
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto queue = require_queue(**tx, name);
  if (!queue) return tl::unexpected(queue.error());
  auto settings = decode_settings(queue->settings_json);
  if (!settings) return tl::unexpected(settings.error());
  auto sent = insert_message(**tx, queue->id, *settings, request, to_epoch_millis(clock_.now()));
  if (!sent) return sent;
  // Acknowledged only once durable: a message SendMessage answered survives kill -9.
  if (auto ok = (*tx)->commit(); !ok) return tl::unexpected(ok.error());
  announce_arrival();
  return sent;
}

Result<std::vector<BatchEntry<SentMessage>>> Queues::send_message_batch(
    const std::string& name,
    const std::vector<std::pair<std::string, SendMessageRequest>>& entries) {
  std::vector<std::string> ids;
  size_t total = 0;
  for (const auto& [id, request] : entries) {
    ids.push_back(id);
    total += message_size(request.body, request.attributes);
  }
  if (auto ok = check_batch_ids(ids, "SendMessageBatchRequestEntry"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (total > static_cast<size_t>(kMaxMessageBytes)) {
    return fail(ErrorCode::kBatchRequestTooLong,
                "Batch requests cannot be longer than " + std::to_string(kMaxMessageBytes) +
                    " bytes. You have sent " + std::to_string(total) + " bytes.");
  }
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto queue = require_queue(**tx, name);
  if (!queue) return tl::unexpected(queue.error());
  auto settings = decode_settings(queue->settings_json);
  if (!settings) return tl::unexpected(settings.error());
  const int64_t now_ms = to_epoch_millis(clock_.now());
  std::vector<BatchEntry<SentMessage>> results;
  for (const auto& [id, request] : entries) {
    auto sent = insert_message(**tx, queue->id, *settings, request, now_ms);
    if (!sent && is_store_failure(sent.error())) return tl::unexpected(sent.error());
    results.push_back({id, std::move(sent)});
  }
  if (auto ok = (*tx)->commit(); !ok) return tl::unexpected(ok.error());
  announce_arrival();
  return results;
}

Result<std::string> Queues::send(const std::string& queue_arn, const std::string& body,
                                 const MessageAttributes& attributes) {
  auto name = name_from_arn(queue_arn);
  if (!name) {
    return fail(ErrorCode::kQueueDoesNotExist,
                "The queue " + queue_arn + " does not exist in this certflow (region " +
                    config_.region + ", account " + config_.account_id + ").");
  }
  SendMessageRequest request;
  request.body = body;
  request.attributes = attributes;
  request.sender_id = config_.account_id;
  auto sent = send_message(*name, request);
  if (!sent) return tl::unexpected(sent.error());
  return sent->message_id;
}

Status Queues::use_receipt(store::Transaction& tx, const store::QueueRow& queue,
                           const std::string& text, ReceiptUse use, int64_t visibility_timeout) {
  auto handle = decode_receipt_handle(text);
  if (!handle) return tl::unexpected(receipt_handle_invalid(text));
  auto message = tx.get_queue_message(queue.id, handle->message_id);
  if (!message) return tl::unexpected(message.error());
  if (!*message) {
    // Deleted already (or moved to the dead-letter queue): deleting again is not an error.
    if (use == ReceiptUse::kDelete) return {};
    return tl::unexpected(visibility_refused(
        text, "Message does not exist or is not available for visibility timeout change."));
  }
  if (!crypto::constant_time_equal(handle->token, (*message)->receipt_token)) {
    return tl::unexpected(receipt_handle_invalid(text));
  }
  if (handle->receive_count != (*message)->receive_count) {
    // Received again since this handle was issued: SQS lets the delete succeed without deleting.
    if (use == ReceiptUse::kDelete) return {};
    return tl::unexpected(visibility_refused(text, "The receipt handle has expired."));
  }
  if (use == ReceiptUse::kDelete) {
    auto deleted = tx.delete_queue_message(queue.id, handle->message_id);
    if (!deleted) return tl::unexpected(deleted.error());
    return {};
  }
  if (visibility_timeout < 0 || visibility_timeout > kMaxVisibilityTimeout) {
    return fail(ErrorCode::kInvalidParameterValue,
                "Value " + std::to_string(visibility_timeout) +
                    " for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and "
                    "43200, if provided.");
  }
  const int64_t now_ms = to_epoch_millis(clock_.now());
  if ((*message)->visible_at_ms <= now_ms) {
    return fail(ErrorCode::kMessageNotInflight,
                "The message referred to by the receipt handle is not in flight: its visibility "
                "timeout has ended.");
  }
  (*message)->visible_at_ms = now_ms + visibility_timeout * 1000;
  auto updated = tx.update_queue_message(**message);
  if (!updated) return tl::unexpected(updated.error());
  return {};
}

Status Queues::delete_message(const std::string& name, const std::string& receipt_handle) {
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto queue = require_queue(**tx, name);
  if (!queue) return tl::unexpected(queue.error());
  if (auto ok = use_receipt(**tx, *queue, receipt_handle, ReceiptUse::kDelete, 0); !ok) return ok;
  return (*tx)->commit();
}

Status Queues::change_visibility(const std::string& name, const std::string& receipt_handle,
                                 int64_t visibility_timeout) {
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto queue = require_queue(**tx, name);
  if (!queue) return tl::unexpected(queue.error());
  if (auto ok = use_receipt(**tx, *queue, receipt_handle, ReceiptUse::kChangeVisibility,
                            visibility_timeout);
      !ok) {
    return ok;
  }
  if (auto ok = (*tx)->commit(); !ok) return ok;
  if (visibility_timeout == 0) announce_arrival();
  return {};
}

Result<std::vector<BatchEntry<bool>>> Queues::receipt_batch(
    const std::string& name, const std::vector<ReceiptEntry>& entries, ReceiptUse use) {
  std::vector<std::string> ids;
  for (const auto& entry : entries) ids.push_back(entry.id);
  const std::string kind = use == ReceiptUse::kDelete ? "DeleteMessageBatchRequestEntry"
                                                      : "ChangeMessageVisibilityBatchRequestEntry";
  if (auto ok = check_batch_ids(ids, kind); !ok) return tl::unexpected(ok.error());
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto queue = require_queue(**tx, name);
  if (!queue) return tl::unexpected(queue.error());
  std::vector<BatchEntry<bool>> results;
  bool made_visible = false;
  for (const auto& entry : entries) {
    if (use == ReceiptUse::kChangeVisibility && !entry.visibility_timeout) {
      results.push_back({entry.id, fail(ErrorCode::kMissingParameter,
                                        "The request must contain the parameter "
                                        "VisibilityTimeout.")});
      continue;
    }
    const int64_t timeout = entry.visibility_timeout.value_or(0);
    auto done = use_receipt(**tx, *queue, entry.receipt_handle, use, timeout);
    if (!done && is_store_failure(done.error())) return tl::unexpected(done.error());
    made_visible = made_visible || (done && use == ReceiptUse::kChangeVisibility && timeout == 0);
    results.push_back({entry.id, done ? Result<bool>(true) : tl::unexpected(done.error())});
  }
  if (auto ok = (*tx)->commit(); !ok) return tl::unexpected(ok.error());
  if (made_visible) announce_arrival();
  return results;
}

Result<std::vector<BatchEntry<bool>>> Queues::delete_message_batch(
    const std::string& name, const std::vector<ReceiptEntry>& entries) {
  return receipt_batch(name, entries, ReceiptUse::kDelete);
}

Result<std::vector<BatchEntry<bool>>> Queues::change_visibility_batch(
    const std::string& name, const std::vector<ReceiptEntry>& entries) {
  return receipt_batch(name, entries, ReceiptUse::kChangeVisibility);
}

}  // namespace certflow::queue
