// Runs one program to completion: posix_spawn into its own process group, the input on stdin,
// stdout and stderr read side by side with poll(), SIGKILL to the group at the timeout, always
// reaped. Engine of the functions room.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace certflow::functions {

struct ProcessSpec {
  std::vector<std::string> argv;         // argv[0]: an absolute path
  std::vector<std::string> environment;  // "NAME=value": the whole environment of the program
  std::string input;                     // written to stdin, which is then closed
  std::chrono::milliseconds timeout{30'000};
  size_t max_output_bytes = 64 * 1024;
};

struct ProcessOutcome {
  int exit_code = -1;  // -1 when a signal ended it
  int signal = 0;
  bool timed_out = false;
  std::string output;  // OutputCapture::output()
  std::string result;  // OutputCapture::result()
  bool result_truncated = false;
  std::chrono::milliseconds duration{0};
};

// Thread-safe: many run() calls may go on at once (the worker pool's threads).
class ProcessRunner {
 public:
  // kInternal only when the process could not be set up (no descriptors left). A program that
  // cannot be started is an outcome with exit code 127 (not found) or 126 and the reason as its
  // output, as a shell reports it.
  Result<ProcessOutcome> run(const ProcessSpec& spec);
  // SIGKILL to every running process group, and to any started later: each run() ends promptly.
  void kill_all();

 private:
  // Registers a started child, killing it at once when kill_all() came first.
  void add(pid_t pid);
  // Unregisters the child and kills what is left of its group. REQUIRES: the child is not reaped
  // yet, so its pid (and group id) cannot have been reused.
  void finish(pid_t pid);

  std::mutex mutex_;
  std::set<pid_t> running_;
  bool killing_ = false;
};

}  // namespace certflow::functions
