// How invocations end: timeouts kill the whole process group, nothing is left behind, nothing is
// left unreaped, and a program that ignores its input costs the daemon nothing.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include "functions_fixture.h"

namespace certflow::functions::testing {
namespace {

using FunctionsProcessTest = FunctionsTest;

int read_pid(const std::string& file) {
  int pid = 0;
  eventually([&] { return !read_file(file).empty(); });
  pid = std::stoi(read_file(file));
  return pid;
}

void expect_no_child_left() {
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1) << "a child process was left unreaped";
  EXPECT_EQ(errno, ECHILD);
}

TEST_F(FunctionsProcessTest, TimeoutKillsTheWholeProcessGroup) {
  // The background sleep holds stdout open as well: the timeout must not wait for it.
  create_script_function(
      "stuck", "sleep 100 & echo $! > \"" + path("background.pid") + "\"; echo started; sleep 100",
      /*timeout_seconds=*/1);
  Invocation run;
  auto took = time_of([&] { run = must(functions().invoke("stuck", "{}")); });
  EXPECT_TRUE(run.timed_out);
  EXPECT_FALSE(run.succeeded());
  EXPECT_EQ(run.signal, SIGKILL);
  EXPECT_EQ(run.output, "started\n");  // what it printed before it was killed is kept
  EXPECT_GE(took, std::chrono::milliseconds(1000));
  EXPECT_LT(took, std::chrono::milliseconds(3000));
  const int background = read_pid(path("background.pid"));
  EXPECT_TRUE(eventually([&] { return !process_alive(background); }))
      << "the background sleep " << background << " survived the timeout";
  expect_no_child_left();
}

TEST_F(FunctionsProcessTest, WhatTheFunctionLeftRunningIsKilledWhenItExits) {
  create_script_function("leaves",
                         "sleep 100 & echo $! > \"" + path("left.pid") + "\"; echo done; exit 0");
  Invocation run;
  auto took = time_of([&] { run = must(functions().invoke("leaves", "")); });
  EXPECT_TRUE(run.succeeded()) << run.output;
  EXPECT_EQ(run.output, "done\n");
  EXPECT_LT(took, std::chrono::milliseconds(2000));  // not held until the sleep ends
  const int left = read_pid(path("left.pid"));
  EXPECT_TRUE(eventually([&] { return !process_alive(left); }));
  expect_no_child_left();
}

TEST_F(FunctionsProcessTest, ProgramThatNeverReadsALargePayloadNeitherHangsNorRaisesSigpipe) {
  // SIGPIPE is not ignored in this test process: a stray one would end it.
  ASSERT_EQ(::signal(SIGPIPE, SIG_DFL), SIG_DFL);
  create_script_function("deaf", "echo not listening; exit 0");
  const std::string payload(4 * 1024 * 1024, 'p');
  for (int i = 0; i < 5; ++i) {
    Invocation run;
    auto took = time_of([&] { run = must(functions().invoke("deaf", payload)); });
    EXPECT_TRUE(run.succeeded()) << run.output;
    EXPECT_EQ(run.output, "not listening\n");
    EXPECT_LT(took, std::chrono::milliseconds(3000));
  }
  sigset_t pending;
  sigpending(&pending);
  EXPECT_FALSE(sigismember(&pending, SIGPIPE));
  expect_no_child_left();
}

TEST_F(FunctionsProcessTest, ProgramThatClosesStdoutEarlyIsStillWaitedFor) {
  create_script_function("closes", "exec >&- 2>&-; sleep 0.3; exit 4");
  Invocation run = must(functions().invoke("closes", ""));
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_GE(run.duration, std::chrono::milliseconds(300));
}

TEST_F(FunctionsProcessTest, ProgramsStartWithDefaultSignalsEvenWhenTheDaemonBlocksThem) {
  // serve blocks SIGTERM in every thread; the pool's threads inherit that mask.
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &term, &previous);
  reconfigure(Config{});  // new pool threads, started with SIGTERM blocked
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  create_script_function("terminable", "grep SigBlk /proc/self/status; kill -TERM $$; sleep 5");
  Invocation run = must(functions().invoke("terminable", ""));
  EXPECT_EQ(run.signal, SIGTERM) << run.output;
  EXPECT_NE(run.output.find("SigBlk:\t0000000000000000"), std::string::npos) << run.output;
}

TEST_F(FunctionsProcessTest, NoDescriptorOfTheDaemonLeaksIntoTheProgram) {
  const int inheritable = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC, as a library may do
  ASSERT_GE(inheritable, 0);
  create_script_function("fds", "ls /proc/self/fd");
  // 0, 1, 2 and the descriptor ls opens to read the directory: nothing else.
  Invocation run = must(functions().invoke("fds", ""));
  ::close(inheritable);
  EXPECT_EQ(run.output, "0\n1\n2\n3\n");
}

TEST_F(FunctionsProcessTest, StopKillsRunningInvocationsAndRefusesNewOnes) {
  create_script_function("long", "sleep 60");
  Result<Invocation> run;
  std::thread caller([&] { run = functions().invoke("long", ""); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto took = time_of([&] {
    functions().stop();
    caller.join();
  });
  EXPECT_LT(took, std::chrono::milliseconds(2000));
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_EQ(functions().invoke("long", "").error().code, ErrorCode::kServiceUnavailable);
  expect_no_child_left();
}

TEST_F(FunctionsProcessTest, NoZombieIsLeftAfterManyInvocations) {
  create_script_function("quick", "cat >/dev/null; echo hi");
  create_script_function("failing", "exit 1");
  std::vector<InvokeRequest> requests;
  for (int i = 0; i < 20; ++i) requests.push_back({i % 2 ? "quick" : "failing", "{}"});
  for (const auto& result : functions().invoke_all(requests)) EXPECT_TRUE(result);
  expect_no_child_left();
}

}  // namespace
}  // namespace certflow::functions::testing
