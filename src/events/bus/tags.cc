// Tags on event buses and rules: TagResource, UntagResource, ListTagsForResource. EventBridge
// tags by ARN; certflow keeps them in the store's resource_tags, keyed by that ARN, and drops
// them with the bus or rule.
#include <algorithm>

#include "events/bus/bus.h"
#include "events/bus/records.h"

namespace certflow::events::bus {
namespace {

constexpr size_t kMaxTags = 50;

}  // namespace

Status validate_tag(const store::Tag& tag) {
  if (tag.key.empty() || tag.key.size() > 128) {
    return fail(ErrorCode::kValidation,
                "Tag key '" + tag.key + "' must be between 1 and 128 characters long.");
  }
  if (tag.key.rfind("aws:", 0) == 0) {
    return fail(ErrorCode::kValidation, "Tag key '" + tag.key +
                                            "' uses the prefix 'aws:', which AWS reserves for "
                                            "its own tags.");
  }
  if (tag.value && tag.value->size() > 256) {
    return fail(ErrorCode::kValidation,
                "The value of tag '" + tag.key + "' must be at most 256 characters long.");
  }
  return {};
}

Status merge_tags(store::Transaction& txn, const std::string& arn,
                  const std::vector<store::Tag>& tags) {
  for (const auto& tag : tags) {
    if (auto ok = validate_tag(tag); !ok) return ok;
  }
  auto current = txn.get_resource_tags(arn);
  if (!current) return tl::unexpected(current.error());
  for (const auto& tag : tags) {
    auto same_key = [&](const store::Tag& t) { return t.key == tag.key; };
    auto it = std::find_if(current->begin(), current->end(), same_key);
    if (it != current->end()) {
      it->value = tag.value.value_or("");
    } else {
      current->push_back({tag.key, tag.value.value_or("")});
    }
  }
  if (current->size() > kMaxTags) {
    return fail(ErrorCode::kLimitExceeded, "A resource can have at most 50 tags; this would make " +
                                               std::to_string(current->size()) + ".");
  }
  return txn.put_resource_tags(arn, *current);
}

Result<std::string> EventBus::taggable_resource(const std::string& arn) {
  const std::string prefix = "arn:aws:events:" + config_.region + ":" + config_.account_id + ":";
  auto not_found = [&] {
    return fail(ErrorCode::kResourceNotFound,
                "Resource " + arn + " does not exist. certflow tags event buses (" + prefix +
                    "event-bus/NAME) and rules (" + prefix + "rule/[BUS/]NAME).");
  };
  if (arn.rfind(prefix, 0) != 0) return not_found();
  const std::string resource = arn.substr(prefix.size());
  if (resource.rfind("event-bus/", 0) == 0) {
    const std::string bus = resource.substr(10);
    if (auto ok = require_bus(bus); !ok) return tl::unexpected(ok.error());
    return event_bus_arn(config_, bus);
  }
  if (resource.rfind("rule/", 0) == 0) {
    std::string rest = resource.substr(5);
    const size_t slash = rest.rfind('/');
    const std::string bus = slash == std::string::npos ? kDefaultBus : rest.substr(0, slash);
    const std::string rule = slash == std::string::npos ? rest : rest.substr(slash + 1);
    if (auto row = require_rule(bus, rule); !row) return tl::unexpected(row.error());
    return rule_arn(config_, bus, rule);
  }
  return not_found();
}

Status EventBus::tag_resource(const std::string& arn, const std::vector<store::Tag>& tags) {
  auto key = taggable_resource(arn);
  if (!key) return tl::unexpected(key.error());
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto ok = merge_tags(**txn, *key, tags); !ok) return ok;
  return (*txn)->commit();
}

Status EventBus::untag_resource(const std::string& arn, const std::vector<std::string>& keys) {
  auto key = taggable_resource(arn);
  if (!key) return tl::unexpected(key.error());
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto current = (*txn)->get_resource_tags(*key);
  if (!current) return tl::unexpected(current.error());
  std::erase_if(*current, [&](const store::Tag& tag) {
    return std::find(keys.begin(), keys.end(), tag.key) != keys.end();
  });
  if (auto ok = (*txn)->put_resource_tags(*key, *current); !ok) return ok;
  return (*txn)->commit();
}

Result<std::vector<store::Tag>> EventBus::list_tags(const std::string& arn) {
  auto key = taggable_resource(arn);
  if (!key) return tl::unexpected(key.error());
  return store_.get_resource_tags(*key);
}

}  // namespace certflow::events::bus
