// How a subcommand ends early: the message goes to stderr and the exit code through CLI11, so
// main() returns normally and destructors run.
#pragma once

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

namespace certflow::cli {

// Exit codes of the client subcommands: 1 the daemon refused or failed the request, 2 the
// command line or local input is wrong.
inline constexpr int kRemoteFailure = 1;
inline constexpr int kUsageError = 2;

[[noreturn]] inline void exit_with(int code, const std::string& message) {
  std::cerr << message << "\n";
  throw CLI::RuntimeError(code);
}

}  // namespace certflow::cli
