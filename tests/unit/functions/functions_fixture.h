// Functions over a real SQLite store in a temporary directory, on a simulated clock, with
// /bin/sh scripts written to another temporary directory.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "core/clock.h"
#include "functions/functions.h"
#include "store/store_test_support.h"  // tests/unit/store

namespace certflow::functions::testing {

using store::testing::must;

class FunctionsTest : public ::testing::Test {
 protected:
  FunctionsTest();
  void SetUp() override;
  void TearDown() override;

  // Writes an executable /bin/sh script with `body` under the scripts directory; returns its path.
  std::string script(const std::string& name, const std::string& body);
  // A file path under the scripts directory (for what scripts write).
  std::string path(const std::string& name) const;
  // Creates a function that runs `body` as a /bin/sh script.
  FunctionInfo create_script_function(const std::string& name, const std::string& body,
                                      int timeout_seconds = 10);
  // Builds a new Functions with `config` (region and account as the default).
  void reconfigure(Config config);

  Functions& functions() { return *functions_; }
  store::Store& store() { return *store_; }

  store::testing::SqliteEngine engine_;
  store::testing::TempDir scripts_;
  SimulatedClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Functions> functions_;
};

// The whole content of a file ("" when it does not exist).
std::string read_file(const std::string& path);
// Whether a process with this pid still runs (a zombie waiting for its parent counts as gone).
bool process_alive(int pid);
// Waits up to `limit` for `condition`; returns its last value.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(5));
// Real elapsed time of `body`.
std::chrono::milliseconds time_of(const std::function<void()>& body);

}  // namespace certflow::functions::testing
