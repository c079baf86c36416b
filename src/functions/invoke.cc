// Functions: invocations on the worker pool.
#include <signal.h>

#include <condition_variable>
#include <mutex>

#include "functions/builtin_registry.h"
#include "functions/functions.h"
#include "functions/process.h"
#include "functions/worker_pool.h"

namespace certflow::functions {
namespace {

// The program's whole environment: the daemon's chosen variables, the function's own, and the
// function's identity (which the function cannot override: function_spec.cc).
std::vector<std::string> environment_of(const Config& config, const FunctionInfo& function) {
  std::map<std::string, std::string> variables = config.base_environment;
  for (const auto& [name, value] : function.environment) variables[name] = value;
  variables["CERTFLOW_FUNCTION_NAME"] = function.name;
  variables["CERTFLOW_FUNCTION_ARN"] = function.arn;
  variables["CERTFLOW_FUNCTION_TIMEOUT"] = std::to_string(function.timeout_seconds);
  variables["AWS_LAMBDA_FUNCTION_NAME"] = function.name;  // for scripts written for Lambda
  variables["AWS_REGION"] = config.region;
  std::vector<std::string> out;
  out.reserve(variables.size());
  for (const auto& [name, value] : variables) out.push_back(name + "=" + value);
  return out;
}

// Waits for the jobs of one invoke_all call.
class Countdown {
 public:
  explicit Countdown(size_t count) : remaining_(count) {}
  void done() {
    // Notified under the lock: the waiter cannot return (and destroy this) before it is released.
    std::lock_guard lock(mutex_);
    --remaining_;
    finished_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [this] { return remaining_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable finished_;
  size_t remaining_;
};

}  // namespace

Result<Invocation> Functions::run(const FunctionInfo& function, const std::string& payload) {
  if (stopping_) {
    return fail(ErrorCode::kServiceUnavailable,
                "certflow is shutting down; function " + function.name + " was not run.");
  }
  ProcessSpec spec;
  spec.argv = function.command;
  spec.environment = environment_of(config_, function);
  spec.input = payload;
  spec.timeout = std::chrono::seconds(function.timeout_seconds);
  spec.max_output_bytes = config_.max_output_bytes;
  auto outcome = runner_->run(spec);
  if (!outcome) return tl::unexpected(outcome.error());
  if (stopping_ && outcome->signal == SIGKILL) {
    return fail(ErrorCode::kServiceUnavailable,
                "certflow shut down while function " + function.name + " ran; it was killed.");
  }
  Invocation invocation;
  invocation.exit_code = outcome->exit_code;
  invocation.signal = outcome->signal;
  invocation.timed_out = outcome->timed_out;
  invocation.output = std::move(outcome->output);
  invocation.result = std::move(outcome->result);
  invocation.result_truncated = outcome->result_truncated;
  invocation.duration = outcome->duration;
  return invocation;
}

Result<Invocation> Functions::invoke(const std::string& name, const std::string& payload) {
  auto results = invoke_all({InvokeRequest{name, payload}});
  return std::move(results.front());
}

std::vector<Result<Invocation>> Functions::invoke_all(const std::vector<InvokeRequest>& requests) {
  std::vector<Result<Invocation>> results(requests.size());
  Countdown countdown(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    const InvokeRequest& request = requests[i];
    auto function = get(request.name);
    if (function && request.payload.size() > kMaxPayloadBytes) {
      function = fail(ErrorCode::kValidation,
                      "The payload for function " + request.name + " is larger than 6 MiB.");
    }
    if (!function) {
      results[i] = tl::unexpected(function.error());
      countdown.done();
      continue;
    }
    // Looked up now, so the job holds its own copy of the built-in's hooks.
    std::optional<BuiltinEntry> builtin = builtins_->find(request.name);
    // Runs on a worker; the references stay valid because this call waits for every job.
    pool_->submit([this, &results, &countdown, &request, i, function = std::move(*function),
                   builtin = std::move(builtin)] {
      try {
        results[i] = builtin ? run_builtin(builtin->function, request.payload)
                             : run(function, request.payload);
      } catch (const std::exception& e) {  // std::bad_alloc: a job must not throw
        results[i] =
            fail(ErrorCode::kInternal, std::string("function invocation failed: ") + e.what());
      }
      countdown.done();
    });
  }
  countdown.wait();
  return results;
}

}  // namespace certflow::functions
