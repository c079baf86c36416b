#include "functions_fixture.h"

#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace certflow::functions::testing {

FunctionsTest::FunctionsTest() : clock_(from_epoch_millis(1'800'000'000'000)) {}

void FunctionsTest::SetUp() {
  store_ = must(engine_.open());
  reconfigure(Config{});
}

void FunctionsTest::TearDown() {
  functions_.reset();
  store_.reset();
}

void FunctionsTest::reconfigure(Config config) {
  functions_.reset();
  functions_ = std::make_unique<Functions>(*store_, clock_, std::move(config));
}

std::string FunctionsTest::path(const std::string& name) const {
  return scripts_.path() + "/" + name;
}

std::string FunctionsTest::script(const std::string& name, const std::string& body) {
  const std::string file = path(name);
  std::ofstream(file) << "#!/bin/sh\n" << body << "\n";
  ::chmod(file.c_str(), 0755);
  return file;
}

FunctionInfo FunctionsTest::create_script_function(const std::string& name, const std::string& body,
                                                   int timeout_seconds) {
  FunctionSpec spec;
  spec.name = name;
  spec.command = {script(name + ".sh", body)};
  spec.timeout_seconds = timeout_seconds;
  return must(functions().create(spec));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool process_alive(int pid) {
  if (::kill(pid, 0) != 0) return false;
  // Killed processes reparented to a parent that does not reap them linger as zombies.
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const size_t close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

std::chrono::milliseconds time_of(const std::function<void()>& body) {
  const auto start = std::chrono::steady_clock::now();
  body();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

}  // namespace certflow::functions::testing
