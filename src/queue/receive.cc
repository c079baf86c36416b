// ReceiveMessage: visibility, retention, redrive to the dead-letter queue, and long polling.
#include <algorithm>
#include <set>

#include "crypto/hash.h"
#include "queue/message_codec.h"
#include "queue/queue_settings.h"
#include "queue/queues.h"
#include "queue/receipt_handle.h"

namespace certflow::queue {

namespace {

Status check_range(const std::optional<int64_t>& value, const char* parameter, int64_t min,
                   int64_t max, const char* reason) {
  if (!value || (*value >= min && *value <= max)) return {};
  return fail(ErrorCode::kInvalidParameterValue, "Value " + std::to_string(*value) +
                                                     " for parameter " + parameter +
                                                     " is invalid. Reason: " + reason);
}

Status check_request(const ReceiveRequest& request) {
  if (auto ok = check_range(request.max_messages, "MaxNumberOfMessages", 1, 10,
                            "Must be between 1 and 10, if provided.");
      !ok) {
    return ok;
  }
  if (auto ok = check_range(request.visibility_timeout, "VisibilityTimeout", 0, 43'200,
                            "Must be between 0 and 43200, if provided.");
      !ok) {
    return ok;
  }
  return check_range(request.wait_seconds, "WaitTimeSeconds", 0, 20,
                     "Must be >= 0 and <= 20, if provided.");
}

// The system attributes a receive asked for, as they stand after this receive.
Attributes system_attributes(const store::QueueMessageRow& message, const MessageDetails& details,
                             const std::vector<std::string>& names) {
  const bool all = std::find(names.begin(), names.end(), "All") != names.end();
  auto wanted = [&](const char* name) {
    return all || std::find(names.begin(), names.end(), name) != names.end();
  };
  Attributes out;
  if (wanted("SenderId")) out["SenderId"] = details.sender_id;
  if (wanted("SentTimestamp")) out["SentTimestamp"] = std::to_string(message.sent_at_ms);
  if (wanted("ApproximateReceiveCount")) {
    out["ApproximateReceiveCount"] = std::to_string(message.receive_count);
  }
  if (wanted("ApproximateFirstReceiveTimestamp") && message.first_received_at_ms) {
    out["ApproximateFirstReceiveTimestamp"] = std::to_string(*message.first_received_at_ms);
  }
  auto trace = details.system_attributes.find("AWSTraceHeader");
  if (wanted("AWSTraceHeader") && trace != details.system_attributes.end() &&
      trace->second.string_value) {
    out["AWSTraceHeader"] = *trace->second.string_value;
  }
  if (wanted("DeadLetterQueueSourceArn") && details.dead_letter_source_arn) {
    out["DeadLetterQueueSourceArn"] = *details.dead_letter_source_arn;
  }
  return out;
}

ReceivedMessage render(const store::QueueMessageRow& message, const MessageDetails& details,
                       const ReceiveRequest& request) {
  ReceivedMessage out;
  out.message_id = message.message_id;
  out.receipt_handle =
      encode_receipt_handle({message.message_id, message.receive_count, message.receipt_token});
  out.body = message.body;
  out.md5_of_body = crypto::md5_hex(message.body);
  out.attributes = system_attributes(message, details, request.attribute_names);
  out.message_attributes =
      select_message_attributes(details.attributes, request.message_attribute_names);
  if (!out.message_attributes.empty()) {
    out.md5_of_message_attributes = md5_of_message_attributes(out.message_attributes);
  }
  return out;
}

}  // namespace

Result<std::vector<ReceivedMessage>> Queues::receive_message(const std::string& name,
                                                             const ReceiveRequest& request) {
  if (auto ok = check_request(request); !ok) return tl::unexpected(ok.error());
  auto queue = read_queue(name);
  if (!queue) return tl::unexpected(queue.error());
  auto settings = decode_settings(queue->settings_json);
  if (!settings) return tl::unexpected(settings.error());
  const int64_t wait_ms = request.wait_seconds.value_or(settings->receive_wait_seconds) * 1000;
  const int64_t deadline_ms = to_epoch_millis(clock_.now()) + wait_ms;
  for (;;) {
    // Read before looking, so a message committed after the look still ends the wait below.
    const uint64_t seen = arrivals();
    int64_t now_ms = to_epoch_millis(clock_.now());
    const int64_t retained_since_ms = now_ms - settings->message_retention_period * 1000;
    // A read first: an empty queue costs no write transaction, however long the poll.
    auto next_visible = store_.earliest_queue_visibility(queue->id, retained_since_ms);
    if (!next_visible) return tl::unexpected(next_visible.error());
    if (*next_visible && **next_visible <= now_ms) {
      bool moved = false;
      auto received = receive_once(name, request, moved);
      if (moved) announce_arrival();
      if (!received || !received->empty()) return received;
    }
    now_ms = to_epoch_millis(clock_.now());
    if (now_ms >= deadline_ms) return std::vector<ReceivedMessage>{};
    {
      std::lock_guard lock(wait_mutex_);
      if (stopping_) return std::vector<ReceivedMessage>{};
    }
    int64_t until_ms = deadline_ms;
    if (*next_visible && **next_visible > now_ms) until_ms = std::min(until_ms, **next_visible);
    wait_for_arrival(seen,
                     std::min(std::chrono::milliseconds(std::max<int64_t>(until_ms - now_ms, 1)),
                              config_.recheck_interval));
  }
}

Result<std::vector<ReceivedMessage>> Queues::receive_once(const std::string& name,
                                                          const ReceiveRequest& request,
                                                          bool& moved_to_dead_letter_queue) {
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto queue = require_queue(**tx, name);
  if (!queue) return tl::unexpected(queue.error());
  auto settings = decode_settings(queue->settings_json);
  if (!settings) return tl::unexpected(settings.error());
  const int64_t now_ms = to_epoch_millis(clock_.now());
  const int64_t retained_since_ms = now_ms - settings->message_retention_period * 1000;
  // Retention: what was sent too long ago is gone for good.
  if (auto dropped = (*tx)->delete_queue_messages(queue->id, retained_since_ms); !dropped) {
    return tl::unexpected(dropped.error());
  }
  std::optional<store::QueueRow> dead_letter_queue;
  if (settings->redrive_policy) {
    auto target = name_from_arn(settings->redrive_policy->dead_letter_target_arn);
    if (target && *target != name) {
      auto row = (*tx)->get_queue(*target);
      if (!row) return tl::unexpected(row.error());
      dead_letter_queue = std::move(*row);  // a deleted target: messages stay here
    }
  }
  const auto max_messages = static_cast<size_t>(request.max_messages.value_or(1));
  const int64_t visibility = request.visibility_timeout.value_or(settings->visibility_timeout);
  std::vector<ReceivedMessage> received;
  std::set<std::string, std::less<>> handled;
  while (received.size() < max_messages) {
    const size_t wanted = max_messages - received.size();
    auto candidates =
        (*tx)->receivable_queue_messages(queue->id, now_ms, retained_since_ms, wanted);
    if (!candidates) return tl::unexpected(candidates.error());
    bool moved = false;
    for (auto& message : *candidates) {
      // With VisibilityTimeout 0 a message just received is still receivable: once per call.
      if (!handled.insert(message.message_id).second) continue;
      auto details = decode_details(message.details_json);
      if (!details) return tl::unexpected(details.error());
      if (dead_letter_queue &&
          message.receive_count >= settings->redrive_policy->max_receive_count) {
        // Received maxReceiveCount times already: this receive moves it instead, in the same
        // transaction, keeping its sent time (retention counts from the first send).
        details->dead_letter_source_arn = queue->arn;
        message.queue_id = dead_letter_queue->id;
        message.receive_count = 0;
        message.first_received_at_ms = std::nullopt;
        message.visible_at_ms = now_ms;
        message.details_json = encode_details(*details);
        moved = true;
      } else {
        message.receive_count += 1;
        if (!message.first_received_at_ms) message.first_received_at_ms = now_ms;
        message.visible_at_ms = now_ms + visibility * 1000;
        received.push_back(render(message, *details, request));
      }
      auto updated = (*tx)->update_queue_message(message);
      if (!updated) return tl::unexpected(updated.error());
    }
    moved_to_dead_letter_queue = moved_to_dead_letter_queue || moved;
    // Only moves leave room for more; fewer candidates than wanted means there are no more.
    if (!moved || candidates->size() < wanted) break;
  }
  if (auto ok = (*tx)->commit(); !ok) return tl::unexpected(ok.error());
  return received;
}

uint64_t Queues::arrivals() const {
  std::lock_guard lock(wait_mutex_);
  return arrivals_;
}

void Queues::announce_arrival() {
  {
    std::lock_guard lock(wait_mutex_);
    ++arrivals_;
  }
  arrival_.notify_all();
}

void Queues::wait_for_arrival(uint64_t seen, std::chrono::milliseconds timeout) {
  std::unique_lock lock(wait_mutex_);
  arrival_.wait_for(lock, timeout, [&] { return arrivals_ != seen || stopping_; });
}

void Queues::stop_waiting() {
  {
    std::lock_guard lock(wait_mutex_);
    stopping_ = true;
  }
  arrival_.notify_all();
}

}  // namespace certflow::queue
