// A queue's settable attributes: SQS's defaults and ranges, validation of CreateQueue and
// SetQueueAttributes input, and how they are kept in the store (settings_json, tags_json).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/error.h"
#include "queue/queues.h"

namespace certflow::queue {

// SQS's largest message (body and attributes), and the most a batch may carry in total.
inline constexpr int64_t kMaxMessageBytes = 1'048'576;

struct RedrivePolicy {
  std::string dead_letter_target_arn;
  int64_t max_receive_count = 0;  // 1..1000
};

struct QueueSettings {
  int64_t visibility_timeout = 30;                  // 0..43200 s
  int64_t maximum_message_size = kMaxMessageBytes;  // 1024..1048576 bytes
  int64_t message_retention_period = 345'600;       // 60..1209600 s (4 days by default)
  int64_t delay_seconds = 0;                        // 0..900
  int64_t receive_wait_seconds = 0;                 // 0..20
  std::optional<RedrivePolicy> redrive_policy;
  std::string policy;  // a JSON policy document; "" when none. Stored, not enforced.
  // KmsMasterKeyId, KmsDataKeyReusePeriodSeconds, SqsManagedSseEnabled, RedriveAllowPolicy:
  // kept and reported as given; certflow does not act on them.
  std::map<std::string, std::string> stored_only;
};

// Validates every attribute, then applies them all (nothing is applied when one is bad).
// kInvalidAttributeName for unknown or read-only names, kInvalidAttributeValue (or
// kInvalidParameterValue for a malformed RedrivePolicy, as SQS answers) for bad values,
// kUnsupportedOperation for FifoQueue=true. The dead-letter queue's existence is checked by the
// caller, which can read the store.
Status apply_attributes(QueueSettings& settings, const Attributes& attributes);

// The settable attributes with their current values, as GetQueueAttributes reports them
// (RedrivePolicy and Policy only when set).
Attributes settable_attributes(const QueueSettings& settings);

std::string encode_settings(const QueueSettings& settings);
Result<QueueSettings> decode_settings(const std::string& json);
std::string encode_tags(const Tags& tags);
Result<Tags> decode_tags(const std::string& json);

// SQS's queue name rule: 1..80 of [A-Za-z0-9_-]. A ".fifo" name is kUnsupportedOperation
// (certflow has standard queues only); anything else invalid is kInvalidParameterValue.
Status validate_queue_name(const std::string& name);

// Tag rules: at most 50 per queue, keys 1..128 and values 0..256 characters.
Status validate_tags(const Tags& tags);

}  // namespace certflow::queue
