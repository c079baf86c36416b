// Functions: the built-in functions' registration, description and invocation.
#include <chrono>

#include "functions/builtin_registry.h"
#include "functions/functions.h"

namespace certflow::functions {

void Functions::add_builtin(BuiltinFunction function) {
  builtins_->add(std::move(function), clock_.now());
}

std::optional<FunctionInfo> Functions::builtin_info(const std::string& name) const {
  auto entry = builtins_->find(name);
  if (!entry) return std::nullopt;
  FunctionInfo info;
  info.name = name;
  info.arn = arn(name);
  info.command = {"builtin:" + name};
  // A built-in bounds its own work; the most any function may take is what is shown.
  info.timeout_seconds = kMaxTimeoutSeconds;
  info.description = entry->function.description;
  info.created = entry->added;
  return info;
}

Result<Invocation> Functions::run_builtin(const BuiltinFunction& function,
                                          const std::string& payload) {
  if (stopping_) {
    return fail(ErrorCode::kServiceUnavailable,
                "certflow is shutting down; function " + function.name + " was not run.");
  }
  // Real (monotonic) time, as a program's duration is measured.
  const auto start = std::chrono::steady_clock::now();
  Invocation invocation = function.invoke(payload);
  if (invocation.duration.count() == 0) {
    invocation.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
  }
  return invocation;
}

}  // namespace certflow::functions
