// The topics engine's in-memory state, shared by the room's files (not a door). Topics and
// subscriptions live in the store; this is their read-mostly copy with the parsed policies,
// compiled filter policies and unwrapped data keys, updated after each committed change.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/rate_limiter.h"
#include "crypto/secret.h"
#include "iam/policy.h"
#include "notify/filter/filter_policy.h"
#include "notify/records.h"
#include "notify/topics.h"

namespace certflow::notify {

struct Topics::State {
  explicit State(const Clock& clock) : throttle(clock) {}

  mutable std::mutex mutex;                                 // guards the maps below
  std::map<std::string, TopicRecord> topics;                // by ARN
  std::map<std::string, SubscriptionRecord> subscriptions;  // by ARN
  std::map<std::string, std::shared_ptr<const filter::FilterPolicy>> filters;   // by subscription
  std::map<std::string, std::shared_ptr<const iam::Policy>> policies;           // by topic
  std::map<std::string, std::shared_ptr<const crypto::SecretBytes>> data_keys;  // by topic

  std::mutex write_mutex;    // one management change at a time: store first, then the maps
  std::mutex deliver_mutex;  // one delivery pass at a time
  std::mt19937_64 jitter{std::random_device{}()};
  // http/s subscriptions' maxReceivesPerSecond, by subscription ARN, on the topics' clock.
  RateLimiter throttle;
  // Guarded by deliver_mutex: by subscription ARN, the earliest time (epoch ms) the next
  // throttled delivery is put off to, so a backlog waits in turns spaced 1/rate apart instead of
  // all coming due (and being put off again) together.
  std::map<std::string, int64_t> throttle_slots;

  std::mutex loop_mutex;
  std::condition_variable loop_wake;
  bool stopping = false;
  bool woken = false;
  std::thread thread;
};

inline constexpr size_t kListPageSize = 100;
inline constexpr int64_t kTokenLifetimeMs = int64_t{2} * 24 * 3600 * 1000;  // two days

// "Invalid parameter: <what>" — SNS's InvalidParameter message shape.
inline tl::unexpected<Error> invalid_parameter(const std::string& what) {
  return fail(ErrorCode::kInvalidParameter, "Invalid parameter: " + what);
}

// Opaque list tokens: the last ARN of the previous page.
std::string list_token(const std::string& last_arn);
Result<std::string> parse_list_token(const std::string& token);

}  // namespace certflow::notify
