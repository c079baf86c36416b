// The lifecycle engine: watches every certificate and writes the ACM event types into the outbox
// on ACM's timeline (../shared/reference/acm-events.md), runs the managed-renewal schedule, and
// forecasts what will fire. The door of the lifecycle room.
//
// Time: every evaluation happens at the Clock's now. A daily evaluation runs once per UTC day at
// the first moment the engine runs on or after that day's midnight; an expiry is noticed at the
// certificate's NotAfter. Catch-up rule (also in docs/ARCHITECTURE.md): when days were missed,
// the next evaluation emits Expired for every certificate that expired meanwhile, the current
// day's Approaching Expiration only, and at most one renewal attempt per certificate.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "inventory/inventory.h"
#include "store/store.h"

namespace certflow::lifecycle {

// Managed renewal attempts, in days before expiry. A failed first attempt is silent (the issuer
// gets a head start, as in ACM); each later failed attempt emits Renewal Action Required.
inline constexpr int kRenewalSchedule[] = {60, 45, 30, 15, 3, 1};
inline constexpr int kFirstRenewalAttemptDays = 60;

struct RenewalFailure {
  std::string reason;   // ACM FailureReason, e.g. PCA_INVALID_STATE, CAA_ERROR, OTHER
  std::string message;  // for the log
};

// Issues the next certificate for a managed one. Called outside any store transaction, so it
// may take its time (a CA, an ACME server).
class RenewalIssuer {
 public:
  virtual ~RenewalIssuer() = default;
  virtual tl::expected<inventory::RenewedCertificate, RenewalFailure> renew(
      const store::CertificateRow& certificate) = 0;
};

// Issuers by certificate type (PRIVATE, AMAZON_ISSUED). The composition root registers them.
class IssuerRegistry {
 public:
  void add(const std::string& certificate_type, RenewalIssuer& issuer);
  RenewalIssuer* find(const std::string& certificate_type) const;

 private:
  std::map<std::string, RenewalIssuer*> issuers_;
};

// Renews PRIVATE certificates: a new key and request, issued by the certificate's private CA as
// ACM's service principal (Inventory::issue_private_renewal); the CA's refusal becomes the
// attempt's FailureReason (PCA_ACCESS_DENIED, PCA_INVALID_STATE, ...).
class PrivateRenewalIssuer final : public RenewalIssuer {
 public:
  explicit PrivateRenewalIssuer(inventory::Inventory& inventory) : inventory_(inventory) {}
  tl::expected<inventory::RenewedCertificate, RenewalFailure> renew(
      const store::CertificateRow& certificate) override;

 private:
  inventory::Inventory& inventory_;
};

struct EngineOptions {
  // Certificates per write transaction: bounds how long one evaluation holds the write lock
  // (~0.3 s for 10,000 at 1M certificates) while keeping commits (each an fsync and often a WAL
  // checkpoint) few.
  size_t batch_size = 10'000;
  // With a real clock, the longest the background thread sleeps between checks.
  std::chrono::milliseconds max_idle{60'000};
};

struct EvaluationReport {
  bool daily_evaluation = false;  // the day's evaluation ran (it runs once per UTC day)
  size_t expired = 0;
  size_t approaching = 0;
  size_t renewals_attempted = 0;
  size_t renewals_failed = 0;
  size_t events = 0;  // events newly written to the outbox
};

class LifecycleEngine final : public inventory::RenewalTrigger {
 public:
  LifecycleEngine(store::Store& store, inventory::Inventory& inventory, const Clock& clock,
                  IssuerRegistry& issuers, EngineOptions options = {});
  ~LifecycleEngine();
  LifecycleEngine(const LifecycleEngine&) = delete;
  LifecycleEngine& operator=(const LifecycleEngine&) = delete;

  // Runs everything due at the clock's now: expiries, the day's evaluation (with catch-up) and
  // the renewal attempts it finds due. Safe to call from any thread; calls are serialized.
  Result<EvaluationReport> run_due();
  // RenewCertificate: one attempt now, off the schedule (inventory::RenewalTrigger).
  Status renew_now(const std::string& arn) override;
  // The earliest time after `after` at which run_due has something to do.
  Result<TimePoint> next_due(TimePoint after);

  // Called after a run_due that wrote events to the outbox: the event bus's wake-up, so ACM
  // events are routed at once rather than at the bus's next poll.
  void set_events_listener(std::function<void()> listener);

  // With a real clock: a background thread that calls run_due whenever something falls due.
  void start();
  void stop();

 private:
  Result<EvaluationReport> run_due_locked(TimePoint now);
  Status expire_due(TimePoint now, EvaluationReport& report);
  Status evaluate_day(TimePoint now, EvaluationReport& report);
  Status attempt_renewals(TimePoint now, EvaluationReport& report);
  // One attempt on `row`. schedule_days is the schedule point it stands for (0: none, an
  // explicit attempt before the schedule starts); `requested` marks RenewCertificate's attempts,
  // whose failure is always reported (Renewal Action Required), even at the 60-day point.
  Status attempt_renewal(const store::CertificateRow& row, int schedule_days, bool requested,
                         TimePoint now, EvaluationReport& report);
  void notify_events();
  void loop();

  store::Store& store_;
  inventory::Inventory& inventory_;
  const Clock& clock_;
  IssuerRegistry& issuers_;
  EngineOptions options_;

  std::mutex run_mutex_;  // one evaluation at a time
  std::mutex listener_mutex_;
  std::function<void()> on_events_;
  std::mutex loop_mutex_;
  std::condition_variable loop_wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// The simulated clock's controls (certflow serve --simulated-clock). advance_to moves the clock to
// `target`, running every evaluation that falls due on the way, in order and each at its own
// time, as if the daemon had been up all along; it returns once their events are in the outbox.
// With `jump`, the clock moves at once and one catch-up evaluation runs at `target`, as after
// downtime. The clock's time is persisted, so a restarted simulation resumes where it stood.
class ClockControl {
 public:
  ClockControl(SimulatedClock& clock, LifecycleEngine& engine, store::Store& store)
      : clock_(clock), engine_(engine), store_(store) {}
  TimePoint now() const { return clock_.now(); }
  // kValidation when target lies before now: simulated time never goes backwards.
  Result<EvaluationReport> advance_to(TimePoint target, bool jump);

 private:
  Status persist(TimePoint t);

  SimulatedClock& clock_;
  LifecycleEngine& engine_;
  store::Store& store_;
  std::mutex mutex_;  // one move at a time
};

// Where a simulated clock starts: `requested` if given, else where the last simulation stood, else
// `fallback`.
Result<TimePoint> simulated_clock_start(store::Store& store, std::optional<TimePoint> requested,
                                        TimePoint fallback);

// ---- Forecast: what the inventory will emit, computed without changing anything. ----

struct ForecastEntry {
  TimePoint time;
  std::string kind;  // an event detail-type, or "Renewal Attempt"
  std::string arn;
  std::string common_name;
  int64_t days_to_expiry = 0;
  std::string note;  // e.g. what a renewal attempt emits on failure
};

struct ForecastWeek {
  TimePoint start;  // the week is [start, start + 7 days)
  size_t expiring = 0;
};

struct Forecast {
  TimePoint from;
  TimePoint until;
  std::vector<ForecastEntry> entries;  // chronological, at most max_entries
  size_t total_entries = 0;            // how many there are in all
  std::map<std::string, size_t> totals_by_kind;
  std::vector<ForecastWeek> weeks;
};

struct ForecastOptions {
  int days = 30;  // 1..3650
  size_t max_entries = 10'000;
};

// Assumes nobody re-imports or deletes a certificate meanwhile and no renewal succeeds (a
// successful renewal would end that certificate's countdown).
Result<Forecast> forecast(store::Store& store, const inventory::InventoryConfig& config,
                          TimePoint now, const ForecastOptions& options);

}  // namespace certflow::lifecycle
