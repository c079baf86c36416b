// The evaluation: expiries, the daily Approaching Expiration pass and the renewal schedule.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "inventory/certificate_events.h"
#include "lifecycle/lifecycle.h"
#include "lifecycle/schedule.h"

namespace certflow::lifecycle {

using inventory::kMillisPerDay;

namespace {

// Appends each event (a duplicate occurrence is skipped by its dedup key), commits, then logs
// what was new. Returns how many were new.
Result<size_t> commit_events(store::Transaction& txn, std::vector<store::EventRecord>& events) {
  std::vector<const store::EventRecord*> fresh;
  for (auto& event : events) {
    auto appended = txn.append_event(event);
    if (!appended) return tl::unexpected(appended.error());
    if (*appended) fresh.push_back(&event);
  }
  if (auto ok = txn.commit(); !ok) return tl::unexpected(ok.error());
  for (const auto* event : fresh) inventory::log_emitted(*event);
  return fresh.size();
}

std::string attempt_text(int schedule_days, bool requested) {
  std::string text = requested ? "requested" : "scheduled";
  if (schedule_days != 0) text += ", " + std::to_string(schedule_days) + " days before expiry";
  return text;
}

}  // namespace

void IssuerRegistry::add(const std::string& certificate_type, RenewalIssuer& issuer) {
  issuers_[certificate_type] = &issuer;
}

RenewalIssuer* IssuerRegistry::find(const std::string& certificate_type) const {
  auto it = issuers_.find(certificate_type);
  return it == issuers_.end() ? nullptr : it->second;
}

LifecycleEngine::LifecycleEngine(store::Store& store, inventory::Inventory& inventory,
                                 const Clock& clock, IssuerRegistry& issuers, EngineOptions options)
    : store_(store), inventory_(inventory), clock_(clock), issuers_(issuers), options_(options) {
  options_.batch_size = std::max<size_t>(options_.batch_size, 1);
}

LifecycleEngine::~LifecycleEngine() { stop(); }

Result<EvaluationReport> LifecycleEngine::run_due() {
  std::lock_guard lock(run_mutex_);
  auto report = run_due_locked(clock_.now());
  if (report && report->events > 0) notify_events();
  return report;
}

void LifecycleEngine::notify_events() {
  std::lock_guard listener_lock(listener_mutex_);
  if (on_events_) on_events_();
}

void LifecycleEngine::set_events_listener(std::function<void()> listener) {
  std::lock_guard lock(listener_mutex_);
  on_events_ = std::move(listener);
}

Result<EvaluationReport> LifecycleEngine::run_due_locked(TimePoint now) {
  EvaluationReport report;
  if (auto ok = expire_due(now, report); !ok) return tl::unexpected(ok.error());
  auto state = store_.get_lifecycle_state();
  if (!state) return tl::unexpected(state.error());
  const int64_t today = inventory::utc_day(to_epoch_millis(now));
  // "!=" rather than "<": a data directory whose simulated clock ran ahead and is now served on
  // the real clock evaluates today's day again instead of waiting for time to catch up.
  if (state->last_evaluated_day && *state->last_evaluated_day == today) return report;

  // A crash anywhere below repeats the day's evaluation at the next start; dedup keys keep
  // every event it already wrote from being written twice.
  if (auto ok = evaluate_day(now, report); !ok) return tl::unexpected(ok.error());
  if (auto ok = attempt_renewals(now, report); !ok) return tl::unexpected(ok.error());
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto current = (*txn)->get_lifecycle_state();
  if (!current) return tl::unexpected(current.error());
  current->last_evaluated_day = today;
  if (auto ok = (*txn)->put_lifecycle_state(*current); !ok) return tl::unexpected(ok.error());
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  report.daily_evaluation = true;
  spdlog::info(
      "lifecycle: evaluation of {} done: {} approaching expiration, {} expired, {} renewal "
      "attempts ({} failed), {} new events",
      to_iso8601(now).substr(0, 10), report.approaching, report.expired, report.renewals_attempted,
      report.renewals_failed, report.events);
  return report;
}

Status LifecycleEngine::expire_due(TimePoint now, EvaluationReport& report) {
  const store::ExpiryRange due{INT64_MIN, to_epoch_millis(now), std::nullopt, options_.batch_size};
  const inventory::InventoryConfig& config = inventory_.config();
  // Most runs find nothing due: look first without taking the write lock.
  auto any = store_.list_issued_expiring({INT64_MIN, due.until_ms, std::nullopt, 1});
  if (!any) return tl::unexpected(any.error());
  if (any->empty()) return {};
  for (;;) {
    auto txn = store_.begin();
    if (!txn) return tl::unexpected(txn.error());
    // Each batch flips its certificates to EXPIRED, so the next batch starts at the front again.
    auto rows = (*txn)->list_issued_expiring(due);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    std::vector<store::EventRecord> events;
    for (auto& row : *rows) {
      row.status = "EXPIRED";
      auto updated = (*txn)->update_certificate_lifecycle(row);
      if (!updated) return tl::unexpected(updated.error());
      events.push_back(inventory::expired_event(config, row));
    }
    auto written = commit_events(**txn, events);
    if (!written) return tl::unexpected(written.error());
    report.expired += rows->size();
    report.events += *written;
    if (rows->size() < due.limit) return {};
  }
}

Status LifecycleEngine::evaluate_day(TimePoint now, EvaluationReport& report) {
  auto config = store_.get_account_config();
  if (!config) return tl::unexpected(config.error());
  const int64_t now_ms = to_epoch_millis(now);
  // The short-lived setting only narrows the window, so DaysBeforeExpiry bounds the read.
  store::ExpiryRange range{now_ms, now_ms + config->days_before_expiry * kMillisPerDay,
                           std::nullopt, options_.batch_size};
  // Approaching Expiration needs only the timeline's columns, which the expiry index carries:
  // the pass reads no table page.
  range.timeline_only = true;
  for (;;) {
    auto txn = store_.begin();
    if (!txn) return tl::unexpected(txn.error());
    auto rows = (*txn)->list_issued_expiring(range);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return {};
    std::vector<store::EventRecord> events;
    for (const auto& row : *rows) {
      if (!approaching_due(timeline_of(row), *config, now_ms)) continue;
      events.push_back(inventory::approaching_expiration_event(inventory_.config(), row, now));
    }
    auto written = commit_events(**txn, events);
    if (!written) return tl::unexpected(written.error());
    report.approaching += events.size();
    report.events += *written;
    if (rows->size() < range.limit) return {};
    range.start_after = store::ExpiryCursor{rows->back().not_after_ms, rows->back().arn};
  }
}

Status LifecycleEngine::attempt_renewals(TimePoint now, EvaluationReport& report) {
  const int64_t now_ms = to_epoch_millis(now);
  store::ExpiryRange range{now_ms, now_ms + kFirstRenewalAttemptDays * kMillisPerDay, std::nullopt,
                           options_.batch_size, /*managed_only=*/true};
  for (;;) {
    auto rows = store_.list_issued_expiring(range);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : *rows) {
      if (!inventory::renewal_eligible(row, now_ms)) continue;
      const int point = renewal_point_due(timeline_of(row), now_ms);
      if (point == 0) continue;
      if (auto ok = attempt_renewal(row, point, /*requested=*/false, now, report); !ok) return ok;
    }
    if (rows->size() < range.limit) return {};
    range.start_after = store::ExpiryCursor{rows->back().not_after_ms, rows->back().arn};
  }
}

Status LifecycleEngine::attempt_renewal(const store::CertificateRow& row, int schedule_days,
                                        bool requested, TimePoint now, EvaluationReport& report) {
  ++report.renewals_attempted;
  RenewalIssuer* issuer = issuers_.find(row.type);
  tl::expected<inventory::RenewedCertificate, RenewalFailure> outcome =
      issuer ? issuer->renew(row)
             : tl::unexpected(RenewalFailure{
                   "OTHER", "no issuer is configured for " + row.type + " certificates"});
  if (outcome) {
    auto applied = inventory_.apply_renewal(row.arn, row.version, *outcome);
    if (applied) {
      report.events += 1;
      spdlog::info("lifecycle: renewed {} ({})", row.arn, attempt_text(schedule_days, requested));
      return {};
    }
    // The certificate changed meanwhile (re-import, delete): the next evaluation decides again.
    if (applied.error().code == ErrorCode::kConflict ||
        applied.error().code == ErrorCode::kResourceNotFound) {
      return {};
    }
    if (applied.error().code != ErrorCode::kValidation) return applied;
    outcome = tl::unexpected(RenewalFailure{
        "OTHER", "the issuer returned an unusable certificate: " + applied.error().message});
  }

  ++report.renewals_failed;
  spdlog::warn("lifecycle: renewal of {} failed ({}): {} {}", row.arn,
               attempt_text(schedule_days, requested), outcome.error().reason,
               outcome.error().message);
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto current = (*txn)->get_certificate(row.arn);
  if (!current) return tl::unexpected(current.error());
  if (!*current || (*current)->version != row.version) return {};
  store::CertificateRow updated = row;
  updated.renewal_status =
      outcome.error().reason == "PENDING_DOMAIN_VALIDATION" ? "PENDING_VALIDATION" : "FAILED";
  updated.renewal_status_reason = outcome.error().reason;
  updated.renewal_updated_at_ms = to_epoch_millis(now);
  // An explicit attempt before the schedule starts leaves the schedule's points untouched.
  if (schedule_days != 0) updated.renewal_attempt_days = schedule_days;
  if (auto ok = (*txn)->update_certificate_lifecycle(updated); !ok) {
    return tl::unexpected(ok.error());
  }
  std::vector<store::EventRecord> events;
  // The first scheduled attempt fails quietly: ACM first tells the customer 45 days before
  // expiry. Someone who asked for the attempt hears of its failure at once.
  if (requested || schedule_days < kFirstRenewalAttemptDays) {
    events.push_back(inventory::renewal_action_required_event(inventory_.config(), updated,
                                                              outcome.error().reason, now));
  }
  auto written = commit_events(**txn, events);
  if (!written) return tl::unexpected(written.error());
  report.events += *written;
  return {};
}

Result<TimePoint> LifecycleEngine::next_due(TimePoint after) {
  const int64_t after_ms = to_epoch_millis(after);
  int64_t next = next_midnight_ms(after_ms);
  auto first = store_.list_issued_expiring({after_ms, INT64_MAX, std::nullopt, 1});
  if (!first) return tl::unexpected(first.error());
  if (!first->empty()) next = std::min(next, first->front().not_after_ms);
  return from_epoch_millis(next);
}

void LifecycleEngine::start() {
  std::lock_guard lock(loop_mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void LifecycleEngine::stop() {
  {
    std::lock_guard lock(loop_mutex_);
    stopping_ = true;
  }
  loop_wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LifecycleEngine::loop() {
  std::unique_lock lock(loop_mutex_);
  while (!stopping_) {
    lock.unlock();
    if (auto report = run_due(); !report) {
      spdlog::error("lifecycle: evaluation failed, retrying shortly: {}", report.error().message);
    }
    std::chrono::milliseconds wait = options_.max_idle;
    const TimePoint now = clock_.now();
    if (auto next = next_due(now); next) wait = std::min(wait, *next - now);
    lock.lock();
    // A condition-variable wait, not a sleep: stop() ends it at once.
    loop_wake_.wait_for(lock, std::max(wait, std::chrono::milliseconds(1)),
                        [this] { return stopping_; });
  }
}

}  // namespace certflow::lifecycle
