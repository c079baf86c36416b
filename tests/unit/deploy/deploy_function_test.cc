// The built-in function certflow-deploy, invoked through the functions room as a rule's lambda
// target invokes it.
#include "deploy_fixture.h"
#include "functions/functions.h"

namespace certflow::deploy::testing {
namespace {

class DeployFunctionTest : public DeployTest {
 protected:
  void SetUp() override {
    DeployTest::SetUp();
    functions_ = std::make_unique<functions::Functions>(*store_, *clock_, functions::Config{});
    functions_->add_builtin(make_deploy_function(*deployer_));
  }
  void TearDown() override {
    functions_.reset();
    DeployTest::TearDown();
  }
  std::unique_ptr<functions::Functions> functions_;
};

TEST_F(DeployFunctionTest, IsAFunctionWithALambdaArn) {
  auto function = must(functions_->get("certflow-deploy"));
  EXPECT_EQ(function.arn, "arn:aws:lambda:us-east-1:000000000000:function:certflow-deploy");
  EXPECT_EQ(function.command, std::vector<std::string>{"builtin:certflow-deploy"});
  EXPECT_EQ(functions_->name_from_arn(function.arn), "certflow-deploy");
}

TEST_F(DeployFunctionTest, ExitsZeroWhenEveryDeploymentSucceeded) {
  const std::string arn = request_ok("deploy.test");
  must(deployer_->put(config_for("web", arn)));
  auto invocation = must(functions_->invoke("certflow-deploy", available_event(arn, "event-1")));
  EXPECT_TRUE(invocation.succeeded()) << invocation.output;
  EXPECT_NE(invocation.output.find("deployment web: wrote 4 file(s)"), std::string::npos)
      << invocation.output;
  EXPECT_NE(read_file(path("cert.pem")), "");
}

TEST_F(DeployFunctionTest, ExitsOneWhenADeploymentFailedOrTheEventIsUnreadable) {
  const std::string arn = request_ok("deploy.test");
  DeploymentConfig config = config_for("web", arn);
  config.reload_command = {script("fail.sh", "exit 4")};
  must(deployer_->put(config));
  auto failed = must(functions_->invoke("certflow-deploy", available_event(arn, "event-1")));
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.output.find("reload failed"), std::string::npos) << failed.output;
  EXPECT_EQ(failure_events().size(), 1u);

  auto unreadable = must(functions_->invoke("certflow-deploy", "not json"));
  EXPECT_EQ(unreadable.exit_code, 1);
  EXPECT_NE(unreadable.output.find("EventBridge event"), std::string::npos) << unreadable.output;
}

TEST_F(DeployFunctionTest, StoppingTheFunctionsStopsTheDeployer) {
  const std::string arn = request_ok("deploy.test");
  DeploymentConfig config = config_for("web", arn);
  config.reload_command = {script("slow.sh", "exec sleep 60")};
  must(deployer_->put(config));
  std::thread stopper([this] {
    RealClock::pause(std::chrono::milliseconds(300));
    functions_->stop();
  });
  auto invocation = functions_->invoke("certflow-deploy", available_event(arn, "event-1"));
  stopper.join();
  ASSERT_TRUE(invocation) << invocation.error().message;
  EXPECT_EQ(invocation->exit_code, 1);
  EXPECT_NE(invocation->output.find("signal 9"), std::string::npos) << invocation->output;
}

}  // namespace
}  // namespace certflow::deploy::testing
