#include "deploy/reload.h"

#include "functions/process.h"  // the functions room's runner: reload commands run as functions do

namespace certflow::deploy {

ReloadRunner::ReloadRunner(std::vector<std::string> environment, size_t max_output_bytes)
    : environment_(std::move(environment)),
      max_output_bytes_(max_output_bytes),
      runner_(std::make_unique<functions::ProcessRunner>()) {}

ReloadRunner::~ReloadRunner() = default;

Result<ReloadResult> ReloadRunner::run(const std::vector<std::string>& argv,
                                       std::chrono::seconds timeout) {
  functions::ProcessSpec spec;
  spec.argv = argv;
  spec.environment = environment_;
  spec.timeout = timeout;
  spec.max_output_bytes = max_output_bytes_;
  auto outcome = runner_->run(spec);
  if (!outcome) return tl::unexpected(outcome.error());
  ReloadResult result;
  result.succeeded = outcome->exit_code == 0 && outcome->signal == 0 && !outcome->timed_out;
  const std::string took = " in " + std::to_string(outcome->duration.count()) + " ms";
  if (outcome->timed_out) {
    result.how = "timed out after " + std::to_string(timeout.count()) + " s (killed)";
  } else if (outcome->signal != 0) {
    result.how = "killed by signal " + std::to_string(outcome->signal) + took;
  } else {
    result.how = "exit " + std::to_string(outcome->exit_code) + took;
  }
  result.output = std::move(outcome->output);
  return result;
}

void ReloadRunner::kill_all() { runner_->kill_all(); }

}  // namespace certflow::deploy
