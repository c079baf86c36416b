#include "events/targets/log_target.h"

namespace certflow::events::targets {
namespace {

// CloudWatch Logs' log group names: 1-512 of [.-_/#A-Za-z0-9].
bool valid_group(const std::string& name) {
  if (name.empty() || name.size() > 512) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_' || c == '/' || c == '#';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

LogTarget::LogTarget(store::Store& store, const Clock& clock, std::string region,
                     std::string account_id)
    : store_(store),
      clock_(clock),
      arn_prefix_("arn:aws:logs:" + region + ":" + account_id + ":log-group:") {}

std::optional<std::string> LogTarget::log_group(const std::string& arn) const {
  if (arn.rfind(arn_prefix_, 0) != 0) return std::nullopt;
  std::string name = arn.substr(arn_prefix_.size());
  // EventBridge's console writes log group ARNs with a trailing ":*"; both forms name the group.
  if (name.size() > 2 && name.compare(name.size() - 2, 2, ":*") == 0) name.resize(name.size() - 2);
  if (!valid_group(name)) return std::nullopt;
  return name;
}

Status LogTarget::check(const std::string& arn) {
  if (!log_group(arn)) {
    return fail(ErrorCode::kValidation,
                "'" + arn + "' is not a log group ARN of this installation (" + arn_prefix_ +
                    "NAME, the name 1 to 512 of letters, digits and . - _ / #).");
  }
  return {};
}

bus::DeliveryOutcome LogTarget::deliver(const bus::Delivery& delivery) {
  return deliver_all({delivery}).front();
}

std::vector<bus::DeliveryOutcome> LogTarget::deliver_all(const std::vector<bus::Delivery>& batch) {
  auto failed_all = [&](bus::DeliveryFailure failure) {
    return std::vector<bus::DeliveryOutcome>(batch.size(), tl::unexpected(failure));
  };
  auto txn = store_.begin();
  if (!txn) return failed_all({"StoreUnavailable", txn.error().message, true});
  std::vector<bus::DeliveryOutcome> outcomes;
  outcomes.reserve(batch.size());
  const int64_t now_ms = to_epoch_millis(clock_.now());
  for (const auto& delivery : batch) {
    auto group = log_group(delivery.target_arn);
    if (!group) {
      outcomes.push_back(tl::unexpected(bus::DeliveryFailure{
          "ResourceNotFound", delivery.target_arn + " is not a log group ARN", false}));
      continue;
    }
    store::LogRecordRow record{
        0, *group, delivery.rule, now_ms, delivery.event_id, delivery.payload};
    if (auto ok = (*txn)->append_log_record(record); !ok) {
      return failed_all({"StoreUnavailable", ok.error().message, true});
    }
    outcomes.push_back({});
  }
  if (auto ok = (*txn)->commit(); !ok)
    return failed_all({"StoreUnavailable", ok.error().message, true});
  return outcomes;
}

}  // namespace certflow::events::targets
