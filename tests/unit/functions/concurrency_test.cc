// The worker pool: invocations run side by side, at most max_concurrent at once.
#include <fstream>
#include <thread>

#include "functions_fixture.h"

namespace certflow::functions::testing {
namespace {

using FunctionsConcurrencyTest = FunctionsTest;

TEST_F(FunctionsConcurrencyTest, EightSleepingFunctionsRunSideBySide) {
  std::vector<InvokeRequest> requests;
  for (int i = 0; i < 8; ++i) {
    const std::string name = "sleeper" + std::to_string(i);
    create_script_function(name, "sleep 0.3; echo " + name);
    requests.push_back({name, "{}"});
  }
  std::vector<Result<Invocation>> results;
  auto took = time_of([&] { results = functions().invoke_all(requests); });
  ASSERT_EQ(results.size(), 8u);
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(results[i]);
    // In the requests' order, whatever order they finished in.
    EXPECT_EQ(results[i]->output, "sleeper" + std::to_string(i) + "\n");
  }
  // One after the other would take 2.4 s.
  EXPECT_LT(took, std::chrono::milliseconds(1200));
}

TEST_F(FunctionsConcurrencyTest, NoMoreThanMaxConcurrentRunAtOnce) {
  Config config;
  config.max_concurrent = 2;
  reconfigure(config);
  // Each records the others running beside it.
  const std::string dir = path("");
  create_script_function("counted", "touch \"" + dir + "running.$$\"; ls \"" + dir +
                                        "\" | grep -c '^running' >> \"" + dir +
                                        "counts\"; sleep 0.2; rm \"" + dir + "running.$$\"");
  std::vector<InvokeRequest> requests(6, InvokeRequest{"counted", ""});
  auto took = time_of([&] {
    for (const auto& result : functions().invoke_all(requests)) EXPECT_TRUE(result);
  });
  EXPECT_GE(took, std::chrono::milliseconds(600));  // three rounds of two
  std::ifstream counts(path("counts"));
  int seen = 0;
  for (int count = 0; counts >> count; ++seen) EXPECT_LE(count, 2);
  EXPECT_EQ(seen, 6);
}

TEST_F(FunctionsConcurrencyTest, FailuresInABatchAreReportedPerRequest) {
  create_script_function("ok", "exit 0");
  create_script_function("bad", "exit 9");
  auto results = functions().invoke_all({{"ok", ""}, {"ghost", ""}, {"bad", ""}});
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0]);
  EXPECT_TRUE(results[0]->succeeded());
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().code, ErrorCode::kResourceNotFound);
  ASSERT_TRUE(results[2]);
  EXPECT_EQ(results[2]->exit_code, 9);
  EXPECT_TRUE(functions().invoke_all({}).empty());
}

TEST_F(FunctionsConcurrencyTest, CallersShareThePool) {
  Config config;
  config.max_concurrent = 3;
  reconfigure(config);
  create_script_function("nap", "sleep 0.2");
  std::vector<std::thread> callers;
  auto took = time_of([&] {
    for (int i = 0; i < 6; ++i) {
      callers.emplace_back([&] {
        auto run = functions().invoke("nap", "");
        EXPECT_TRUE(run && run->succeeded());
      });
    }
    for (auto& caller : callers) caller.join();
  });
  EXPECT_GE(took, std::chrono::milliseconds(400));  // two rounds of three
  EXPECT_LT(took, std::chrono::milliseconds(1200));
}

}  // namespace
}  // namespace certflow::functions::testing
