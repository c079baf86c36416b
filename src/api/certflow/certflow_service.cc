#include "api/certflow/certflow_service.h"

#include <functional>
#include <map>

#include "api/certflow/certflow_bus.h"
#include "api/certflow/certflow_deploy.h"
#include "api/certflow/certflow_functions.h"
#include "api/certflow/certflow_input.h"
#include "api/certflow/certflow_output.h"
#include "api/operation_results.h"

namespace certflow::api {

using nlohmann::json;

namespace {

using Handler = std::function<Result<json>(const CertflowServiceParts&, const json&)>;

struct Operation {
  bool needs_simulated_clock = false;
  Handler handler;
};

Result<json> list_events(const CertflowServiceParts& parts, const json& in) {
  return with(native::decode_list_events(in), [&](store::EventQuery query) -> Result<json> {
    const size_t page_size = query.limit;
    query.limit = page_size + 1;  // one more than asked tells whether another page follows
    auto events = parts.store.list_events(query);
    if (!events) return tl::unexpected(events.error());
    std::optional<int64_t> next;
    if (events->size() > page_size) {
      events->resize(page_size);
      next = events->back().sequence;
    }
    return native::events_output(*events, next);
  });
}

Result<json> forecast(const CertflowServiceParts& parts, const json& in) {
  return with(
      native::decode_forecast(in), [&](const lifecycle::ForecastOptions& options) -> Result<json> {
        auto result =
            lifecycle::forecast(parts.store, parts.inventory.config(), parts.clock.now(), options);
        if (!result) return tl::unexpected(result.error());
        return native::forecast_output(*result);
      });
}

Result<json> get_settings(const CertflowServiceParts& parts, const json&) {
  auto config = parts.inventory.get_account_configuration();
  if (!config) return tl::unexpected(config.error());
  return native::settings_output(*config);
}

Result<json> put_settings(const CertflowServiceParts& parts, const json& in) {
  return with(native::decode_put_settings(in), [&](int percent) -> Result<json> {
    if (auto ok = parts.inventory.set_expiry_lifetime_percent(percent); !ok) {
      return tl::unexpected(ok.error());
    }
    return json::object();
  });
}

// Stepping runs every daily evaluation on the way, holding the clock meanwhile: a decade of them
// is the most one request runs (a jump runs one evaluation, however far).
constexpr std::chrono::days kMaxStep{3650};

Result<json> move_clock(lifecycle::ClockControl& control, TimePoint target, bool jump) {
  const TimePoint now = control.now();
  if (!jump && target - now > kMaxStep) {
    return fail(ErrorCode::kValidation,
                "Moving the simulated clock from " + to_iso8601(now) + " to " + to_iso8601(target) +
                    " step by step would run a daily evaluation for every day on the way; step "
                    "at most 3650 days at a time, or set Jump to move at once with one catch-up "
                    "evaluation.");
  }
  auto report = control.advance_to(target, jump);
  if (!report) return tl::unexpected(report.error());
  return native::clock_moved_output(control.now(), *report);
}

const std::map<std::string, Operation, std::less<>>& operations() {
  static const std::map<std::string, Operation, std::less<>> table = {
      {"ListEvents", {false, list_events}},
      {"Forecast", {false, forecast}},
      {"GetSettings", {false, get_settings}},
      {"PutSettings", {false, put_settings}},
      {"ListLogRecords", {false, native::list_log_records}},
      {"GetMetrics", {false, native::get_metrics}},
      {"CreateFunction", {false, native::create_function}},
      {"GetFunction", {false, native::get_function}},
      {"ListFunctions", {false, native::list_functions}},
      {"DeleteFunction", {false, native::delete_function}},
      {"InvokeFunction", {false, native::invoke_function}},
      {"PutDeployment", {false, native::put_deployment}},
      {"GetDeployment", {false, native::get_deployment}},
      {"ListDeployments", {false, native::list_deployments}},
      {"DeleteDeployment", {false, native::delete_deployment}},
      {"RunDeployment", {false, native::run_deployment}},
      {"GetClock",
       {true,
        [](const CertflowServiceParts& parts, const json&) -> Result<json> {
          return native::clock_output(parts.clock_control->now());
        }}},
      {"SetClock",
       {true,
        [](const CertflowServiceParts& parts, const json& in) {
          return with(native::decode_set_clock(in), [&](const native::SetClockInput& req) {
            return move_clock(*parts.clock_control, req.time, req.jump);
          });
        }}},
      {"AdvanceClock",
       {true,
        [](const CertflowServiceParts& parts, const json& in) {
          return with(native::decode_advance_clock(in), [&](const native::AdvanceClockInput& req) {
            return move_clock(*parts.clock_control, parts.clock_control->now() + req.by, req.jump);
          });
        }}},
  };
  return table;
}

class CertflowService final : public JsonService {
 public:
  explicit CertflowService(const CertflowServiceParts& parts) : parts_(parts) {}
  std::string_view target_prefix() const override { return "Certflow"; }
  std::string_view signing_name() const override { return "certflow"; }
  std::string_view json_version() const override { return "1.1"; }
  bool has_operation(std::string_view operation) const override {
    return find(operation) != nullptr;
  }
  Result<json> invoke(std::string_view operation, const json& input) override {
    const Operation* found = find(operation);
    if (!found) {
      return fail(ErrorCode::kUnknownOperation, "Unknown operation " + std::string(operation));
    }
    return found->handler(parts_, input);
  }

 private:
  const Operation* find(std::string_view operation) const {
    auto it = operations().find(operation);
    if (it == operations().end()) return nullptr;
    if (it->second.needs_simulated_clock && parts_.clock_control == nullptr) return nullptr;
    return &it->second;
  }

  CertflowServiceParts parts_;
};

}  // namespace

std::unique_ptr<JsonService> make_certflow_service(const CertflowServiceParts& parts) {
  return std::make_unique<CertflowService>(parts);
}

}  // namespace certflow::api
