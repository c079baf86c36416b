// certflow's stand-in for Lambda: named local executables that take a payload on stdin. The door
// of the functions room.
//
// A function is a command (an absolute path, or a bare name resolved on the daemon's PATH when
// the function is created) with arguments, a timeout, a description and environment variables,
// kept in the store's bus_resources table (kind "function"). Its ARN is
// arn:aws:lambda:REGION:ACCOUNT:function:NAME.
//
// An invocation runs the command in its own process group with the payload on stdin and a small
// environment (Config::base_environment, the function's identity, its own variables: never the
// daemon's whole environment, which may hold secrets). stdout and stderr are captured together,
// bounded. At the timeout the whole group is killed with SIGKILL; when the command exits, whatever
// it left running in its group is killed too. The child is always reaped.
//
// Invocations run on a worker pool of Config::max_concurrent threads, shared by every caller, so
// at most that many functions run at once. Timeouts are real (monotonic) time, also when the
// daemon runs on a simulated clock: a process cannot be sped up.
//
// Built-in functions (builtin.h) are code in the daemon, registered by the composition root. They
// answer get, list and invoke like stored functions (their command shows as ["builtin:NAME"]);
// create and delete refuse their names.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "functions/builtin.h"
#include "store/store.h"

namespace certflow::functions {

inline constexpr int kDefaultTimeoutSeconds = 30;
inline constexpr int kMaxTimeoutSeconds = 900;               // Lambda's limit
inline constexpr size_t kMaxPayloadBytes = 6 * 1024 * 1024;  // Lambda's synchronous limit
inline constexpr const char* kResourceKind = "function";     // store::ResourceRow::kind

struct Config {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  size_t max_concurrent = 8;
  // Bound of an invocation's captured output (the last bytes are kept) and of its stdout alone.
  size_t max_output_bytes = 64 * 1024;
  // Where a bare command name is looked up when a function is created (the daemon's PATH).
  std::string search_path = "/usr/local/bin:/usr/bin:/bin";
  // Variables every function gets (PATH, HOME, LANG, ...), under its own.
  std::map<std::string, std::string> base_environment;
};

struct FunctionSpec {
  std::string name;                              // 1..64 of [A-Za-z0-9_-]
  std::vector<std::string> command;              // program, then its arguments
  int timeout_seconds = kDefaultTimeoutSeconds;  // 1..900
  std::string description;                       // at most 256 characters
  std::map<std::string, std::string> environment;
};

struct FunctionInfo {
  std::string name;
  std::string arn;
  std::vector<std::string> command;  // the program as resolved at create time, and its arguments
  int timeout_seconds = kDefaultTimeoutSeconds;
  std::string description;
  std::map<std::string, std::string> environment;
  TimePoint created;
};

struct Invocation {
  int exit_code = -1;  // the exit status; -1 when a signal ended the process
  int signal = 0;      // the signal that ended it (SIGKILL after a timeout); 0 when it exited
  bool timed_out = false;
  // stdout and stderr interleaved as they arrived: the last Config::max_output_bytes, valid UTF-8
  // (invalid bytes become U+FFFD), with a marker line first when earlier output was dropped.
  std::string output;
  // stdout alone, the first Config::max_output_bytes: the function's answer for callers that want
  // one (e.g. a built-in function's result).
  std::string result;
  bool result_truncated = false;
  std::chrono::milliseconds duration{0};

  bool succeeded() const { return exit_code == 0 && signal == 0 && !timed_out; }
};

struct InvokeRequest {
  std::string name;
  std::string payload;  // written to the command's stdin, then stdin is closed
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;
};

class ProcessRunner;    // process.h: the running children, so stop() can kill them
class WorkerPool;       // worker_pool.h
class BuiltinRegistry;  // builtin_registry.h

class Functions {
 public:
  Functions(store::Store& store, const Clock& clock, Config config);
  // Kills running programs and refuses new invocations (stop() without the built-ins' hooks),
  // then joins the workers.
  ~Functions();
  Functions(const Functions&) = delete;
  Functions& operator=(const Functions&) = delete;

  // Registers a built-in function (replacing one of the same name). Its name must be a valid
  // function name; a stored function of that name is hidden from then on. REQUIRES: what its
  // invoke and stop use outlives every invoke and stop() call (the destructor calls no hook).
  void add_builtin(BuiltinFunction function);

  // kValidation (name, command, timeout, description, environment; the message says what to
  // change), kResourceAlreadyExists when the name is taken (also by a built-in).
  Result<FunctionInfo> create(const FunctionSpec& spec);
  Result<FunctionInfo> get(const std::string& name);  // kResourceNotFound
  // Functions whose name starts with `prefix`, in name order; next_token is the one a previous
  // page returned. limit is 1..50.
  Result<Page<FunctionInfo>> list(const std::string& prefix,
                                  const std::optional<std::string>& next_token, size_t limit);
  // kResourceNotFound; kValidation for a built-in; running invocations finish.
  Status remove(const std::string& name);

  // Runs the function once and waits for it. Errors only when it could not be run at all:
  // kResourceNotFound, kValidation (payload too large), kServiceUnavailable after stop(). A
  // program that cannot be started is an invocation with exit code 127 (not found) or 126, as
  // a shell reports it, and the reason in its output.
  Result<Invocation> invoke(const std::string& name, const std::string& payload);
  // Runs every request on the worker pool, up to Config::max_concurrent at once; results in the
  // requests' order.
  std::vector<Result<Invocation>> invoke_all(const std::vector<InvokeRequest>& requests);

  // Kills every running invocation (they end with SIGKILL), tells the built-ins to stop (their
  // stop hooks) and refuses new ones: the daemon's shutdown does not wait for a function's
  // timeout.
  void stop();

  std::string arn(const std::string& name) const;
  // The function name of an unqualified function ARN of this installation; nullopt otherwise.
  std::optional<std::string> name_from_arn(const std::string& arn) const;
  const Config& config() const { return config_; }

 private:
  Result<Invocation> run(const FunctionInfo& function, const std::string& payload);
  Result<Invocation> run_builtin(const BuiltinFunction& function, const std::string& payload);
  // The built-in of that name as a FunctionInfo; nullopt when there is none.
  std::optional<FunctionInfo> builtin_info(const std::string& name) const;

  store::Store& store_;
  const Clock& clock_;
  Config config_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<ProcessRunner> runner_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<BuiltinRegistry> builtins_;
};

// The last line of a program's output with something on it, cut to max_bytes with "..." after:
// what a failed function or command said last, for an error message.
std::string last_line(std::string_view output, size_t max_bytes);

}  // namespace certflow::functions
