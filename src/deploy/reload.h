// Runs a deployment's reload command: its own process group, no input, output captured (bounded),
// SIGKILL to the group at the timeout, always reaped (the functions room's process runner).
// Engine of the deploy room.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"

namespace certflow::functions {
class ProcessRunner;
}

namespace certflow::deploy {

struct ReloadResult {
  bool succeeded = false;  // exit status 0 within the timeout
  std::string how;         // "exit 0 in 35 ms", "exit 1 in 4 ms", "timed out after 30 s (killed)"
  std::string output;      // stdout and stderr as they came, the last max_output_bytes
};

// Thread-safe.
class ReloadRunner {
 public:
  // `environment`: the command's whole environment, "NAME=value".
  ReloadRunner(std::vector<std::string> environment, size_t max_output_bytes);
  ~ReloadRunner();
  ReloadRunner(const ReloadRunner&) = delete;
  ReloadRunner& operator=(const ReloadRunner&) = delete;

  // argv[0] is an absolute path. kInternal only when no process could be set up; a program that
  // cannot start is a failed result (exit 127 or 126) with the reason as its output.
  Result<ReloadResult> run(const std::vector<std::string>& argv, std::chrono::seconds timeout);
  // Kills every running command (and any started later).
  void kill_all();

 private:
  std::vector<std::string> environment_;
  size_t max_output_bytes_;
  std::unique_ptr<functions::ProcessRunner> runner_;
};

}  // namespace certflow::deploy
