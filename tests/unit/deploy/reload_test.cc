// The reload command: exit status, output, timeout.
#include "deploy/reload.h"

#include <sys/stat.h>

#include <fstream>

#include "deploy_fixture.h"

namespace certflow::deploy::testing {
namespace {

class ReloadTest : public ::testing::Test {
 protected:
  std::string script(const std::string& body) {
    const std::string file = dir_.path() + "/reload.sh";
    std::ofstream(file) << "#!/bin/sh\n" << body << "\n";
    ::chmod(file.c_str(), 0755);
    return file;
  }
  store::testing::TempDir dir_;
  ReloadRunner runner_{{"PATH=/usr/bin:/bin", "GREETING=hello"}, 4096};
};

TEST_F(ReloadTest, ExitZeroSucceedsWithItsOutputAndOnlyTheGivenEnvironment) {
  auto result =
      runner_.run({script("echo \"$GREETING from reload $1\"; echo \"home=$HOME\" >&2"), "now"},
                  std::chrono::seconds(10));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->succeeded);
  EXPECT_EQ(result->how.rfind("exit 0 in ", 0), 0u) << result->how;
  EXPECT_NE(result->output.find("hello from reload now"), std::string::npos) << result->output;
  EXPECT_NE(result->output.find("home=\n"), std::string::npos) << "HOME leaked: " << result->output;
}

TEST_F(ReloadTest, ANonZeroExitFailsWithItsStatus) {
  auto result = runner_.run({script("echo 'nginx: [emerg] bad config' >&2; exit 3")},
                            std::chrono::seconds(10));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_FALSE(result->succeeded);
  EXPECT_EQ(result->how.rfind("exit 3 in ", 0), 0u) << result->how;
  EXPECT_NE(result->output.find("bad config"), std::string::npos);
}

TEST_F(ReloadTest, ACommandPastItsTimeoutIsKilled) {
  auto result = runner_.run({script("echo started; exec sleep 60")}, std::chrono::seconds(1));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_FALSE(result->succeeded);
  EXPECT_EQ(result->how, "timed out after 1 s (killed)");
  EXPECT_NE(result->output.find("started"), std::string::npos);
}

TEST_F(ReloadTest, AProgramThatCannotStartFailsAsAShellWouldSay) {
  auto result = runner_.run({dir_.path() + "/missing"}, std::chrono::seconds(1));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_FALSE(result->succeeded);
  EXPECT_EQ(result->how.rfind("exit 127", 0), 0u) << result->how;
}

TEST_F(ReloadTest, KillAllEndsARunningCommandAtOnce) {
  std::thread killer([this] {
    RealClock::pause(std::chrono::milliseconds(200));
    runner_.kill_all();
  });
  auto result = runner_.run({script("exec sleep 60")}, std::chrono::seconds(60));
  killer.join();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_FALSE(result->succeeded);
  EXPECT_NE(result->how.find("signal 9"), std::string::npos) << result->how;
}

}  // namespace
}  // namespace certflow::deploy::testing
