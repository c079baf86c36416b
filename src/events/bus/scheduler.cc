// Scheduled rules: rate() and cron() rules fire "Scheduled Event"s (source aws.events) straight
// to their targets on the bus clock, so over the simulated clock they fire as simulated time
// passes.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "events/bus/bus.h"
#include "events/bus/records.h"

namespace certflow::events::bus {
namespace {

// The event EventBridge sends a scheduled rule's targets.
std::string scheduled_event(const BusConfig& config, const std::string& id,
                            const std::string& rule_arn, TimePoint at) {
  return nlohmann::json{{"version", "0"},
                        {"id", id},
                        {"detail-type", "Scheduled Event"},
                        {"source", "aws.events"},
                        {"account", config.account_id},
                        {"time", to_iso8601(at)},
                        {"region", config.region},
                        {"resources", {rule_arn}},
                        {"detail", nlohmann::json::object()}}
      .dump();
}

}  // namespace

void EventBus::update_schedule(const store::RuleRow& row, std::optional<TimePoint> anchor) {
  const Rule rule = to_rule(row);
  const auto key = std::make_pair(row.bus, row.name);
  if (rule.state != "ENABLED" || rule.schedule_expression.empty()) {
    remove_schedule(row.bus, row.name);
    return;
  }
  auto parsed = schedule::parse_schedule_expression(rule.schedule_expression);
  if (!parsed) {
    // Validated before it was stored; a failure here would be a bug, so say so loudly.
    spdlog::error("bus: rule {} has a schedule that does not parse: {}", row.arn,
                  parsed.error().message);
    remove_schedule(row.bus, row.name);
    return;
  }
  const TimePoint created = from_epoch_millis(row.created_at_ms);
  if (!anchor) {
    // After a restart: from the last firing (or the creation), so downtime is caught up.
    auto fired = store_.get_schedule_fired(row.bus, row.name);
    anchor = fired && *fired ? from_epoch_millis(**fired) : created;
  }
  ScheduledRule scheduled{row.arn, std::make_shared<const schedule::Schedule>(std::move(*parsed)),
                          created, std::nullopt};
  scheduled.next = scheduled.schedule->next_after(*anchor, created);
  std::lock_guard lock(schedules_mutex_);
  schedules_[key] = std::move(scheduled);
}

void EventBus::remove_schedule(const std::string& bus, const std::string& rule) {
  std::lock_guard lock(schedules_mutex_);
  schedules_.erase(std::make_pair(bus, rule));
}

std::optional<TimePoint> EventBus::next_schedule_time() {
  std::lock_guard lock(schedules_mutex_);
  std::optional<TimePoint> earliest;
  for (const auto& [key, rule] : schedules_) {
    if (rule.next && (!earliest || *rule.next < *earliest)) earliest = rule.next;
  }
  return earliest;
}

Result<size_t> EventBus::fire_schedules() {
  const TimePoint now = clock_.now();
  std::vector<std::pair<std::pair<std::string, std::string>, ScheduledRule>> due;
  {
    std::lock_guard lock(schedules_mutex_);
    for (const auto& [key, rule] : schedules_) {
      if (rule.next && *rule.next <= now) due.emplace_back(key, rule);
    }
  }
  size_t fired = 0;
  for (const auto& [key, rule] : due) {
    const auto& [bus, name] = key;
    // Firings missed while the daemon was down (or the clock jumped) coalesce into the latest.
    TimePoint at = *rule.next;
    for (int i = 0; i < 1'000'000; ++i) {
      auto next = rule.schedule->next_after(at, rule.created);
      if (!next || *next > now) break;
      at = *next;
    }
    auto txn = store_.begin();
    if (!txn) return tl::unexpected(txn.error());
    auto stored = (*txn)->get_rule(bus, name);
    if (!stored) return tl::unexpected(stored.error());
    if (!*stored || (*stored)->state != "ENABLED") {
      remove_schedule(bus, name);  // deleted or disabled since: nothing to fire
      continue;
    }
    auto targets = (*txn)->get_targets(bus, name);
    if (!targets) return tl::unexpected(targets.error());
    const std::string id = new_uuid();
    const std::string body = scheduled_event(config_, id, rule.arn, at);
    if (auto ok = enqueue(**txn, bus, name, *targets, id, body, at, now); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = (*txn)->put_schedule_fired(bus, name, to_epoch_millis(at)); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
    spdlog::info("bus: scheduled rule {} fired for {} ({} target(s))", rule.arn, to_iso8601(at),
                 targets->size());
    {
      std::lock_guard lock(schedules_mutex_);
      auto it = schedules_.find(key);
      if (it != schedules_.end()) it->second.next = rule.schedule->next_after(at, rule.created);
    }
    ++fired;
  }
  return fired;
}

}  // namespace certflow::events::bus
