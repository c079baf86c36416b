// certflow's SQS-compatible queues: standard queues kept in the store, with SQS's attributes,
// visibility timeouts, delays, long polling, retention and redrive to a dead-letter queue. The
// door of the queue room.
//
// Every change commits before the call returns, so a message SendMessage acknowledged survives
// kill -9; a receive that hides messages is a write too. Inputs are shape-checked by the API
// adapter; the queues check meaning and SQS's limits and answer with the SQS error codes of
// core/error.h (kQueueDoesNotExist, kInvalidAttributeValue, ...).
//
// Queues are named (1..80 of [A-Za-z0-9_-]); the adapter turns queue URLs into names. FIFO queues
// are refused (kUnsupportedOperation). The Policy attribute is stored and returned, not enforced.
// Time: every visibility timeout, delay and retention period runs on the injected Clock, and so
// does a long poll's deadline; waiting itself is a condition variable woken by sends.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "store/store.h"

namespace certflow::queue {

struct QueueSettings;  // queue_settings.h

struct QueuesConfig {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // A long poll re-checks the store at least this often (real time), so it also notices time
  // that moved by itself: a simulated clock advanced from outside.
  std::chrono::milliseconds recheck_interval{1000};
};

// Queue attributes, named and written as SQS does: {"VisibilityTimeout", "30"}.
using Attributes = std::map<std::string, std::string>;
using Tags = std::map<std::string, std::string>;

struct MessageAttributeValue {
  std::string data_type;  // String | Number | Binary, optionally with ".<custom>"
  std::optional<std::string> string_value;
  std::optional<std::string> binary_value;  // raw bytes (base64 only on the wire)
  bool operator==(const MessageAttributeValue&) const = default;
};
// Ordered by name, as the MD5 of message attributes needs.
using MessageAttributes = std::map<std::string, MessageAttributeValue>;

struct CreateQueueRequest {
  std::string name;
  Attributes attributes;
  Tags tags;
};

struct ListQueuesRequest {
  std::string name_prefix;
  std::optional<int64_t> max_results;  // 1..1000; without it, up to 1000 and no NextToken
  std::optional<std::string> next_token;
};

struct QueueList {
  std::vector<std::string> names;
  std::optional<std::string> next_token;
};

struct SendMessageRequest {
  std::string body;
  std::optional<int64_t> delay_seconds;  // 0..900; default: the queue's DelaySeconds
  MessageAttributes attributes;
  MessageAttributes system_attributes;  // only AWSTraceHeader (String)
  std::string sender_id;                // reported as the SenderId system attribute
};

struct SentMessage {
  std::string message_id;
  std::string md5_of_body;
  std::optional<std::string> md5_of_attributes;         // when it had attributes
  std::optional<std::string> md5_of_system_attributes;  // when it had system attributes
};

struct ReceiveRequest {
  std::optional<int64_t> max_messages;        // 1..10, default 1
  std::optional<int64_t> visibility_timeout;  // 0..43200 s; default: the queue's
  std::optional<int64_t> wait_seconds;        // 0..20; default: ReceiveMessageWaitTimeSeconds
  // System attributes to return: All, SenderId, SentTimestamp, ApproximateReceiveCount,
  // ApproximateFirstReceiveTimestamp, AWSTraceHeader, DeadLetterQueueSourceArn.
  std::vector<std::string> attribute_names;
  // Message attributes to return: All or ".*", a name, or a prefix such as "order.*".
  std::vector<std::string> message_attribute_names;
};

struct ReceivedMessage {
  std::string message_id;
  std::string receipt_handle;
  std::string body;
  std::string md5_of_body;
  Attributes attributes;  // the system attributes asked for
  MessageAttributes message_attributes;
  std::optional<std::string> md5_of_message_attributes;  // of the attributes returned
};

// One entry of a batch: the caller's Id and either the outcome or why the entry failed.
template <typename T>
struct BatchEntry {
  std::string id;
  Result<T> outcome;
};

struct ReceiptEntry {
  std::string id;
  std::string receipt_handle;
  std::optional<int64_t> visibility_timeout;  // ChangeMessageVisibilityBatch only
};

class Queues {
 public:
  static constexpr size_t kMaxBatchEntries = 10;

  Queues(store::Store& store, const Clock& clock, QueuesConfig config);

  // Returns the queue's ARN. The same name with the same attributes returns the existing queue;
  // with a different value for an attribute given, kQueueNameExists.
  Result<std::string> create_queue(const CreateQueueRequest& request);
  // kQueueDoesNotExist unless the queue exists.
  Status get_queue(const std::string& name);
  Result<QueueList> list_queues(const ListQueuesRequest& request);
  Status delete_queue(const std::string& name);
  // names: attribute names or "All"; an empty list returns nothing.
  Result<Attributes> get_attributes(const std::string& name, const std::vector<std::string>& names);
  Status set_attributes(const std::string& name, const Attributes& attributes);
  Status purge_queue(const std::string& name);
  Result<Tags> list_tags(const std::string& name);
  Status tag_queue(const std::string& name, const Tags& tags);
  Status untag_queue(const std::string& name, const std::vector<std::string>& keys);
  // Queues whose RedrivePolicy names this queue as their dead-letter queue.
  Result<std::vector<std::string>> dead_letter_source_queues(const std::string& name);

  Result<SentMessage> send_message(const std::string& name, const SendMessageRequest& request);
  // Entry-level failures are reported per entry; the whole call fails only for batch-level
  // errors (empty, too many entries, Ids not distinct or malformed, too long, no such queue).
  Result<std::vector<BatchEntry<SentMessage>>> send_message_batch(
      const std::string& name,
      const std::vector<std::pair<std::string, SendMessageRequest>>& entries);
  // Waits up to the wait time for a message, returning as soon as one can be received.
  Result<std::vector<ReceivedMessage>> receive_message(const std::string& name,
                                                       const ReceiveRequest& request);
  // A stale receipt handle (the message was received again since) succeeds and deletes nothing,
  // as in SQS; so does a handle of a message already deleted.
  Status delete_message(const std::string& name, const std::string& receipt_handle);
  Result<std::vector<BatchEntry<bool>>> delete_message_batch(
      const std::string& name, const std::vector<ReceiptEntry>& entries);
  Status change_visibility(const std::string& name, const std::string& receipt_handle,
                           int64_t visibility_timeout);
  Result<std::vector<BatchEntry<bool>>> change_visibility_batch(
      const std::string& name, const std::vector<ReceiptEntry>& entries);

  // For other rooms (the event bus, topics): sends to the queue with this ARN. Returns the
  // message id. kQueueDoesNotExist when the ARN names no queue of this installation.
  Result<std::string> send(const std::string& queue_arn, const std::string& body,
                           const MessageAttributes& attributes = {});

  // Ends every long poll in progress (they answer with what they have) and makes new ones
  // return at once: for shutdown, so no HTTP worker waits out a 20-second poll.
  void stop_waiting();

  std::string queue_arn(const std::string& name) const;
  // The queue name in an ARN of this installation's region and account; nullopt otherwise.
  std::optional<std::string> name_from_arn(const std::string& arn) const;
  const QueuesConfig& config() const { return config_; }

 private:
  Result<store::QueueRow> require_queue(store::Transaction& tx, const std::string& name);
  Result<store::QueueRow> read_queue(const std::string& name);
  // kInvalidParameterValue when the settings' RedrivePolicy names no queue of this installation.
  Status check_dead_letter_target(store::Transaction& tx, const QueueSettings& settings);
  Status change_tags(const std::string& name, const std::function<void(Tags&)>& change);
  Result<SentMessage> insert_message(store::Transaction& tx, int64_t queue_id,
                                     const QueueSettings& settings,
                                     const SendMessageRequest& request, int64_t now_ms);
  Result<std::vector<ReceivedMessage>> receive_once(const std::string& name,
                                                    const ReceiveRequest& request,
                                                    bool& moved_to_dead_letter_queue);
  // Deletes the message a receipt handle names, or changes its visibility, inside `tx`.
  enum class ReceiptUse { kDelete, kChangeVisibility };
  Status use_receipt(store::Transaction& tx, const store::QueueRow& queue,
                     const std::string& receipt_handle, ReceiptUse use, int64_t visibility_timeout);
  Result<std::vector<BatchEntry<bool>>> receipt_batch(const std::string& name,
                                                      const std::vector<ReceiptEntry>& entries,
                                                      ReceiptUse use);

  // Long polling: a counter that every commit which may make a message receivable bumps.
  uint64_t arrivals() const;
  void announce_arrival();
  // Waits until an arrival after `seen`, stop_waiting(), or `timeout` (real time) passes.
  void wait_for_arrival(uint64_t seen, std::chrono::milliseconds timeout);

  store::Store& store_;
  const Clock& clock_;
  QueuesConfig config_;

  mutable std::mutex wait_mutex_;
  std::condition_variable arrival_;
  uint64_t arrivals_ = 0;
  bool stopping_ = false;
};

// MD5 of message attributes as SQS computes MD5OfMessageAttributes: for each attribute in name
// order, the 4-byte big-endian length and bytes of the name, of the data type, a transport byte
// (1 for String and Number, 2 for Binary) and the length and bytes of the value.
std::string md5_of_message_attributes(const MessageAttributes& attributes);

}  // namespace certflow::queue
