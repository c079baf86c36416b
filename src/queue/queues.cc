// Queues themselves: create, look up, list, delete, attributes and tags.
#include "queue/queues.h"

#include <set>

#include "crypto/encoding.h"
#include "queue/queue_settings.h"

namespace certflow::queue {

namespace {

constexpr int64_t kMaxListResults = 1000;

Error no_such_queue() {
  return Error{ErrorCode::kQueueDoesNotExist, "The specified queue does not exist."};
}

// FIFO-only attributes: a standard queue has none, so GetQueueAttributes leaves them out.
bool is_fifo_attribute(const std::string& name) {
  return name == "FifoQueue" || name == "ContentBasedDeduplication" ||
         name == "DeduplicationScope" || name == "FifoThroughputLimit";
}

const std::set<std::string, std::less<>>& reported_names() {
  static const std::set<std::string, std::less<>> names = {"ApproximateNumberOfMessages",
                                                           "ApproximateNumberOfMessagesNotVisible",
                                                           "ApproximateNumberOfMessagesDelayed",
                                                           "CreatedTimestamp",
                                                           "LastModifiedTimestamp",
                                                           "QueueArn",
                                                           "VisibilityTimeout",
                                                           "MaximumMessageSize",
                                                           "MessageRetentionPeriod",
                                                           "DelaySeconds",
                                                           "ReceiveMessageWaitTimeSeconds",
                                                           "RedrivePolicy",
                                                           "Policy",
                                                           "KmsMasterKeyId",
                                                           "KmsDataKeyReusePeriodSeconds",
                                                           "SqsManagedSseEnabled",
                                                           "RedriveAllowPolicy"};
  return names;
}

}  // namespace

Queues::Queues(store::Store& store, const Clock& clock, QueuesConfig config)
    : store_(store), clock_(clock), config_(std::move(config)) {}

std::string Queues::queue_arn(const std::string& name) const {
  return "arn:aws:sqs:" + config_.region + ":" + config_.account_id + ":" + name;
}

std::optional<std::string> Queues::name_from_arn(const std::string& arn) const {
  const std::string prefix = queue_arn("");
  if (arn.size() <= prefix.size() || arn.compare(0, prefix.size(), prefix) != 0) {
    return std::nullopt;
  }
  return arn.substr(prefix.size());
}

Result<store::QueueRow> Queues::require_queue(store::Transaction& tx, const std::string& name) {
  auto row = tx.get_queue(name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(no_such_queue());
  return std::move(**row);
}

Result<store::QueueRow> Queues::read_queue(const std::string& name) {
  auto row = store_.get_queue(name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(no_such_queue());
  return std::move(**row);
}

Status Queues::check_dead_letter_target(store::Transaction& tx, const QueueSettings& settings) {
  if (!settings.redrive_policy) return {};
  const std::string& arn = settings.redrive_policy->dead_letter_target_arn;
  auto name = name_from_arn(arn);
  std::optional<store::QueueRow> target;
  if (name) {
    auto row = tx.get_queue(*name);
    if (!row) return tl::unexpected(row.error());
    target = std::move(*row);
  }
  if (!target) {
    return fail(ErrorCode::kInvalidParameterValue,
                "Value {\"deadLetterTargetArn\":\"" + arn +
                    "\"} for parameter RedrivePolicy is invalid. Reason: Dead letter target does "
                    "not exist.");
  }
  return {};
}

Result<std::string> Queues::create_queue(const CreateQueueRequest& request) {
  if (auto ok = validate_queue_name(request.name); !ok) return tl::unexpected(ok.error());
  if (auto ok = validate_tags(request.tags); !ok) return tl::unexpected(ok.error());
  QueueSettings settings;
  if (auto ok = apply_attributes(settings, request.attributes); !ok) {
    return tl::unexpected(ok.error());
  }
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto existing = (*tx)->get_queue(request.name);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    // SQS: the same name with the same attributes is the same queue.
    auto current = decode_settings((*existing)->settings_json);
    if (!current) return tl::unexpected(current.error());
    const Attributes have = settable_attributes(*current);
    const Attributes want = settable_attributes(settings);
    for (const auto& [name, value] : request.attributes) {
      auto h = have.find(name);
      auto w = want.find(name);
      const std::string had = h == have.end() ? "" : h->second;
      const std::string wanted = w == want.end() ? "" : w->second;
      if (had != wanted) {
        return fail(ErrorCode::kQueueNameExists,
                    "A queue already exists with the same name and a different value for "
                    "attribute " +
                        name);
      }
    }
    return (*existing)->arn;
  }
  if (auto ok = check_dead_letter_target(**tx, settings); !ok) return tl::unexpected(ok.error());
  const int64_t now_ms = to_epoch_millis(clock_.now());
  store::QueueRow row;
  row.name = request.name;
  row.arn = queue_arn(request.name);
  row.settings_json = encode_settings(settings);
  row.tags_json = encode_tags(request.tags);
  row.created_at_ms = now_ms;
  row.modified_at_ms = now_ms;
  if (auto ok = (*tx)->insert_queue(row); !ok) return tl::unexpected(ok.error());
  if (auto ok = (*tx)->commit(); !ok) return tl::unexpected(ok.error());
  return row.arn;
}

Status Queues::get_queue(const std::string& name) {
  auto row = read_queue(name);
  if (!row) return tl::unexpected(row.error());
  return {};
}

Result<QueueList> Queues::list_queues(const ListQueuesRequest& request) {
  if (request.max_results && (*request.max_results < 1 || *request.max_results > kMaxListResults)) {
    return fail(ErrorCode::kInvalidParameterValue,
                "Value " + std::to_string(*request.max_results) +
                    " for parameter MaxResults is invalid. Reason: MaxResults must be an integer "
                    "between 1 and 1000.");
  }
  std::optional<std::string> start_after;
  if (request.next_token) {
    start_after = crypto::base64_decode(*request.next_token);
    if (!start_after || start_after->empty()) {
      return fail(ErrorCode::kInvalidParameterValue, "Invalid NextToken value.");
    }
  }
  const auto limit = static_cast<size_t>(request.max_results.value_or(kMaxListResults));
  auto rows = store_.list_queues({request.name_prefix, start_after, limit + 1});
  if (!rows) return tl::unexpected(rows.error());
  QueueList list;
  for (size_t i = 0; i < rows->size() && i < limit; ++i) list.names.push_back((*rows)[i].name);
  // SQS hands out NextToken only to callers that page with MaxResults.
  if (request.max_results && rows->size() > limit) {
    list.next_token = crypto::base64_encode(list.names.back());
  }
  return list;
}

Status Queues::delete_queue(const std::string& name) {
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto deleted = (*tx)->delete_queue(name);
  if (!deleted) return tl::unexpected(deleted.error());
  if (!*deleted) return tl::unexpected(no_such_queue());
  return (*tx)->commit();
}

Result<Attributes> Queues::get_attributes(const std::string& name,
                                          const std::vector<std::string>& names) {
  auto row = read_queue(name);
  if (!row) return tl::unexpected(row.error());
  std::set<std::string, std::less<>> wanted;
  for (const std::string& requested : names) {
    if (requested == "All") {
      wanted.insert(reported_names().begin(), reported_names().end());
    } else if (reported_names().count(requested) > 0) {
      wanted.insert(requested);
    } else if (!is_fifo_attribute(requested)) {
      return fail(ErrorCode::kInvalidAttributeName, "Unknown Attribute " + requested + ".");
    }
  }
  auto settings = decode_settings(row->settings_json);
  if (!settings) return tl::unexpected(settings.error());
  Attributes all = settable_attributes(*settings);
  all["QueueArn"] = row->arn;
  all["CreatedTimestamp"] = std::to_string(row->created_at_ms / 1000);
  all["LastModifiedTimestamp"] = std::to_string(row->modified_at_ms / 1000);
  if (wanted.count("ApproximateNumberOfMessages") +
          wanted.count("ApproximateNumberOfMessagesDelayed") +
          wanted.count("ApproximateNumberOfMessagesNotVisible") >
      0) {
    const int64_t now_ms = to_epoch_millis(clock_.now());
    auto counts = store_.count_queue_messages(row->id, now_ms,
                                              now_ms - settings->message_retention_period * 1000);
    if (!counts) return tl::unexpected(counts.error());
    all["ApproximateNumberOfMessages"] = std::to_string(counts->visible);
    all["ApproximateNumberOfMessagesNotVisible"] = std::to_string(counts->in_flight);
    all["ApproximateNumberOfMessagesDelayed"] = std::to_string(counts->delayed);
  }
  Attributes out;
  for (const std::string& attribute : wanted) {
    auto it = all.find(attribute);
    if (it != all.end()) out.insert(*it);
  }
  return out;
}

Status Queues::set_attributes(const std::string& name, const Attributes& attributes) {
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto row = require_queue(**tx, name);
  if (!row) return tl::unexpected(row.error());
  auto settings = decode_settings(row->settings_json);
  if (!settings) return tl::unexpected(settings.error());
  if (auto ok = apply_attributes(*settings, attributes); !ok) return ok;
  if (auto ok = check_dead_letter_target(**tx, *settings); !ok) return ok;
  row->settings_json = encode_settings(*settings);
  row->modified_at_ms = to_epoch_millis(clock_.now());
  if (auto updated = (*tx)->update_queue(*row); !updated) return tl::unexpected(updated.error());
  return (*tx)->commit();
}

Status Queues::purge_queue(const std::string& name) {
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto row = require_queue(**tx, name);
  if (!row) return tl::unexpected(row.error());
  auto purged = (*tx)->delete_queue_messages(row->id, INT64_MAX);
  if (!purged) return tl::unexpected(purged.error());
  return (*tx)->commit();
}

Result<Tags> Queues::list_tags(const std::string& name) {
  auto row = read_queue(name);
  if (!row) return tl::unexpected(row.error());
  return decode_tags(row->tags_json);
}

Status Queues::change_tags(const std::string& name, const std::function<void(Tags&)>& change) {
  auto tx = store_.begin();
  if (!tx) return tl::unexpected(tx.error());
  auto row = require_queue(**tx, name);
  if (!row) return tl::unexpected(row.error());
  auto tags = decode_tags(row->tags_json);
  if (!tags) return tl::unexpected(tags.error());
  change(*tags);
  if (auto ok = validate_tags(*tags); !ok) return ok;
  row->tags_json = encode_tags(*tags);
  if (auto updated = (*tx)->update_queue(*row); !updated) return tl::unexpected(updated.error());
  return (*tx)->commit();
}

Status Queues::tag_queue(const std::string& name, const Tags& tags) {
  return change_tags(name, [&](Tags& current) {
    for (const auto& [key, value] : tags) current[key] = value;
  });
}

Status Queues::untag_queue(const std::string& name, const std::vector<std::string>& keys) {
  return change_tags(name, [&](Tags& current) {
    for (const std::string& key : keys) current.erase(key);
  });
}

Result<std::vector<std::string>> Queues::dead_letter_source_queues(const std::string& name) {
  if (auto ok = get_queue(name); !ok) return tl::unexpected(ok.error());
  const std::string target = queue_arn(name);
  std::vector<std::string> sources;
  store::QueueListRequest page;
  for (;;) {
    auto rows = store_.list_queues(page);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : *rows) {
      auto settings = decode_settings(row.settings_json);
      if (!settings) return tl::unexpected(settings.error());
      if (settings->redrive_policy && settings->redrive_policy->dead_letter_target_arn == target) {
        sources.push_back(row.name);
      }
    }
    if (rows->size() < page.limit) return sources;
    page.start_after = rows->back().name;
  }
}

}  // namespace certflow::queue
