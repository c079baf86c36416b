#include "events/targets/function_target.h"

#include <spdlog/spdlog.h>

namespace certflow::events::targets {
namespace {

constexpr size_t kLastLineShown = 300;

// The last line with something on it, shortened: what a failed function said last.
std::string last_line(const std::string& output) {
  size_t end = output.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return "";
  size_t start = output.rfind('\n', end);
  start = start == std::string::npos ? 0 : start + 1;
  std::string line = output.substr(start, end + 1 - start);
  if (line.size() > kLastLineShown) line = line.substr(0, kLastLineShown) + "...";
  return line;
}

std::string how_it_ended(const functions::Invocation& invocation) {
  const std::string took = " in " + std::to_string(invocation.duration.count()) + " ms";
  if (invocation.timed_out) {
    return "timed out after " + std::to_string(invocation.duration.count() / 1000) + " s (killed)";
  }
  if (invocation.signal != 0) return "killed by signal " + std::to_string(invocation.signal) + took;
  return "exit " + std::to_string(invocation.exit_code) + took;
}

// One log record per invocation: a START line, the output, an END line.
std::string log_message(const bus::Delivery& delivery, const functions::Invocation& invocation) {
  std::string message = "START event " + delivery.event_id + " attempt " +
                        std::to_string(delivery.attempt) + " (rule " + delivery.rule + ", target " +
                        delivery.target_id + ")\n";
  message += invocation.output;
  if (!invocation.output.empty() && invocation.output.back() != '\n') message += "\n";
  return message + "END " + how_it_ended(invocation);
}

bus::DeliveryOutcome outcome_of(const std::string& name, const functions::Invocation& invocation) {
  if (invocation.succeeded()) return {};
  if (invocation.timed_out) {
    return tl::unexpected(bus::DeliveryFailure{
        "FunctionTimeout", "Function " + name + " " + how_it_ended(invocation) + ".", true});
  }
  std::string message =
      "Function " + name + " failed: " +
      (invocation.signal != 0 ? "killed by signal " + std::to_string(invocation.signal)
                              : "exit status " + std::to_string(invocation.exit_code));
  const std::string line = last_line(invocation.output);
  message += line.empty() ? "; it printed nothing." : "; last output line: " + line;
  return tl::unexpected(bus::DeliveryFailure{"FunctionError", message, true});
}

// When the function could not be run at all.
bus::DeliveryFailure failure_of(const Error& error) {
  switch (error.code) {
    case ErrorCode::kResourceNotFound: return {"ResourceNotFound", error.message, false};
    case ErrorCode::kValidation: return {"InvalidRequestContent", error.message, false};
    case ErrorCode::kServiceUnavailable: return {"ServiceUnavailable", error.message, true};
    default: return {"InternalError", error.message, true};
  }
}

}  // namespace

std::string function_log_group(const std::string& name) { return "/aws/lambda/" + name; }

Status FunctionTarget::check(const std::string& arn) {
  const std::string example = functions_.arn("NAME");
  auto name = functions_.name_from_arn(arn);
  if (!name) {
    const std::string prefix = functions_.arn("");
    if (arn.rfind(prefix, 0) == 0 && arn.find(':', prefix.size()) != std::string::npos) {
      return fail(ErrorCode::kValidation, "'" + arn +
                                              "': certflow functions have no versions or "
                                              "aliases; use the unqualified ARN (" +
                                              example + ").");
    }
    return fail(ErrorCode::kValidation,
                "'" + arn + "' is not a function ARN of this installation (" + example + ").");
  }
  auto function = functions_.get(*name);
  if (!function && function.error().code == ErrorCode::kResourceNotFound) {
    return fail(ErrorCode::kResourceNotFound, "Function " + *name + " (" + arn +
                                                  ") does not exist; create it first with "
                                                  "`certflow function create " +
                                                  *name + " -- COMMAND`.");
  }
  if (!function) return tl::unexpected(function.error());
  return {};
}

bus::DeliveryOutcome FunctionTarget::deliver(const bus::Delivery& delivery) {
  return std::move(deliver_all({delivery}).front());
}

std::vector<bus::DeliveryOutcome> FunctionTarget::deliver_all(
    const std::vector<bus::Delivery>& batch) {
  std::vector<bus::DeliveryOutcome> outcomes(batch.size());
  std::vector<functions::InvokeRequest> requests;
  std::vector<size_t> invoked;  // the index in `batch` of each request
  for (size_t i = 0; i < batch.size(); ++i) {
    auto name = functions_.name_from_arn(batch[i].target_arn);
    if (!name) {
      outcomes[i] = tl::unexpected(bus::DeliveryFailure{
          "ResourceNotFound", batch[i].target_arn + " is not a function of this installation",
          false});
      continue;
    }
    requests.push_back({*name, batch[i].payload});
    invoked.push_back(i);
  }
  auto results = functions_.invoke_all(requests);

  std::vector<store::LogRecordRow> records;
  const int64_t now_ms = to_epoch_millis(clock_.now());
  for (size_t k = 0; k < invoked.size(); ++k) {
    const bus::Delivery& delivery = batch[invoked[k]];
    const std::string& name = requests[k].name;
    if (!results[k]) {
      outcomes[invoked[k]] = tl::unexpected(failure_of(results[k].error()));
      spdlog::warn("function {}: event {} attempt {} was not run: {}", name, delivery.event_id,
                   delivery.attempt, results[k].error().message);
      continue;
    }
    outcomes[invoked[k]] = outcome_of(name, *results[k]);
    std::string message = log_message(delivery, *results[k]);
    if (outcomes[invoked[k]]) {
      spdlog::info("function {}: {}", name, message);
    } else {
      spdlog::error("function {}: {}", name, message);
    }
    records.push_back(store::LogRecordRow{0, function_log_group(name), delivery.rule, now_ms,
                                          delivery.event_id, std::move(message)});
  }
  if (records.empty()) return outcomes;

  // The functions ran whatever happens here: a store failure loses their log lines, not the
  // deliveries' outcomes.
  auto txn = store_.begin();
  Status written = txn ? Status{} : Status{tl::unexpected(txn.error())};
  for (auto& record : records) {
    if (written) written = (*txn)->append_log_record(record);
  }
  if (written) written = (*txn)->commit();
  if (!written) {
    spdlog::error("function log records could not be stored: {}", written.error().message);
  }
  return outcomes;
}

}  // namespace certflow::events::targets
