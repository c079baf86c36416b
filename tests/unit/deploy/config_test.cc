// Deployment configurations: stored, read, listed, replaced, deleted, and what put refuses.
#include <sys/stat.h>

#include "deploy/deploy_config.h"
#include "deploy_fixture.h"

namespace certflow::deploy::testing {
namespace {

const std::string kArn =
    "arn:aws:acm:us-east-1:000000000000:certificate/0b2e4c6a-1d3f-4a5b-8c7d-9e0f1a2b3c4d";

class DeployConfigTest : public DeployTest {
 protected:
  // put's error message, which must say what to fix; "" when put succeeded.
  std::string refused(const DeploymentConfig& config) {
    auto put = deployer_->put(config);
    if (put) return "";
    EXPECT_EQ(put.error().code, ErrorCode::kValidation) << put.error().message;
    return put.error().message;
  }
};

TEST_F(DeployConfigTest, PutStoresTheConfigurationAndGetReadsItBack) {
  DeploymentConfig wanted = config_for("web", kArn);
  wanted.owner = "root:root";
  wanted.mode = 0640;
  wanted.reload_command = {"true", "--flag"};
  wanted.reload_timeout_seconds = 12;
  wanted.verify = "127.0.0.1:8443";
  wanted.server_name = "deploy.test";
  DeploymentConfig stored = must(deployer_->put(wanted));
  EXPECT_EQ(stored.reload_command, (std::vector<std::string>{"/usr/bin/true", "--flag"}))
      << "a bare program is resolved on the search path when stored";
  EXPECT_EQ(stored.created, clock_->now());

  DeploymentConfig got = must(deployer_->get("web"));
  EXPECT_EQ(got.certificate_arn, kArn);
  EXPECT_FALSE(got.tag);
  EXPECT_EQ(got.certificate_path, path("cert.pem"));
  EXPECT_EQ(got.chain_path, path("chain.pem"));
  EXPECT_EQ(got.fullchain_path, path("fullchain.pem"));
  EXPECT_EQ(got.key_path, path("key.pem"));
  EXPECT_EQ(got.owner, "root:root");
  EXPECT_EQ(got.mode, 0640);
  EXPECT_EQ(got.reload_command, stored.reload_command);
  EXPECT_EQ(got.reload_timeout_seconds, 12);
  EXPECT_EQ(got.verify, "127.0.0.1:8443");
  EXPECT_EQ(got.server_name, "deploy.test");
  auto row = must(store_->get_resource(kResourceKind, "web"));
  ASSERT_TRUE(row);
  EXPECT_EQ(row->arn, "arn:aws:certflow:us-east-1:000000000000:deployment/web");
}

TEST_F(DeployConfigTest, PutReplacesKeepingTheCreationTime) {
  const TimePoint created = must(deployer_->put(config_for("web", kArn))).created;
  clock_->advance(std::chrono::hours(1));
  DeploymentConfig changed = config_for("web", kArn);
  changed.chain_path.clear();
  DeploymentConfig replaced = must(deployer_->put(changed));
  EXPECT_EQ(replaced.created, created);
  EXPECT_EQ(replaced.modified, clock_->now());
  EXPECT_EQ(must(deployer_->get("web")).chain_path, "");
}

TEST_F(DeployConfigTest, ListIsInNameOrderAndDeleteRemoves) {
  must(deployer_->put(config_for("b-web", kArn)));
  DeploymentConfig tagged = config_for("a-fleet", kArn);
  tagged.certificate_arn.reset();
  tagged.tag = TagSelector{"role", "web"};
  must(deployer_->put(tagged));
  auto all = must(deployer_->list());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "a-fleet");
  EXPECT_EQ(all[0].tag, (TagSelector{"role", "web"}));
  EXPECT_EQ(all[1].name, "b-web");

  must(deployer_->remove("b-web"));
  EXPECT_EQ(must(deployer_->list()).size(), 1u);
  auto again = deployer_->remove("b-web");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kResourceNotFound);
  auto got = deployer_->get("b-web");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kResourceNotFound);
}

TEST_F(DeployConfigTest, RefusesWhatCannotWorkSayingWhatToFix) {
  DeploymentConfig config = config_for("web", kArn);
  config.name = "web site";
  EXPECT_NE(refused(config).find("letters, digits, hyphens"), std::string::npos);

  config = config_for("web", kArn);
  config.tag = TagSelector{"role", std::nullopt};
  EXPECT_NE(refused(config).find("exactly one selector"), std::string::npos);
  config.certificate_arn.reset();
  config.tag.reset();
  EXPECT_NE(refused(config).find("exactly one selector"), std::string::npos);
  config.certificate_arn = "arn:aws:acm:us-east-1:0000:nonsense here";
  EXPECT_NE(refused(config), "");

  config = config_for("web", kArn);
  config.certificate_path = "relative/cert.pem";
  EXPECT_NE(refused(config).find("not an absolute path"), std::string::npos);
  config = config_for("web", kArn);
  config.key_path = path("missing-dir/key.pem");
  EXPECT_NE(refused(config).find("does not exist; create it first"), std::string::npos);
  config = config_for("web", kArn);
  config.fullchain_path = files_.path();
  EXPECT_NE(refused(config).find("is a directory"), std::string::npos);
  config = config_for("web", kArn);
  config.chain_path = config.key_path;
  EXPECT_NE(refused(config).find("each file needs its own path"), std::string::npos);

  config = config_for("web", kArn);
  config.owner = "no-such-user-certflow";
  EXPECT_NE(refused(config).find("there is no user"), std::string::npos);
  config.owner = "root:no-such-group-certflow";
  EXPECT_NE(refused(config).find("there is no group"), std::string::npos);
  config.owner = "root:";
  EXPECT_NE(refused(config).find("USER:GROUP"), std::string::npos);

  config = config_for("web", kArn);
  config.mode = 04755;
  EXPECT_NE(refused(config).find("0000 to 0777"), std::string::npos);

  config = config_for("web", kArn);
  config.reload_command = {"no-such-reload-program"};
  EXPECT_NE(refused(config).find("not found"), std::string::npos);
  config.reload_command = {"/usr/bin/true"};
  config.reload_timeout_seconds = 0;
  EXPECT_NE(refused(config).find("1 to 900 seconds"), std::string::npos);

  config = config_for("web", kArn);
  config.verify = "127.0.0.1";
  EXPECT_NE(refused(config).find("HOST:PORT"), std::string::npos);
  config.verify = "127.0.0.1:70000";
  EXPECT_NE(refused(config).find("outside 1..65535"), std::string::npos);
  config.verify = "::1:443";
  EXPECT_NE(refused(config).find("without brackets"), std::string::npos);
  config.verify = "[::1]:443";
  EXPECT_EQ(refused(config), "");

  config.server_name = "bad name!";
  EXPECT_NE(refused(config).find("not a host name"), std::string::npos);
  EXPECT_EQ(must(deployer_->list()).size(), 1u) << "only the valid one was stored";
}

TEST(DeploySelectorTest, ATagSelectorTakesTheKeyAndTheValueWhenGiven) {
  DeploymentConfig by_key;
  by_key.tag = TagSelector{"role", std::nullopt};
  DeploymentConfig by_value;
  by_value.tag = TagSelector{"role", "web"};
  DeploymentConfig by_arn;
  by_arn.certificate_arn = kArn;
  const std::vector<store::Tag> web = {{"env", "prod"}, {"role", "web"}};
  const std::vector<store::Tag> db = {{"role", "db"}};
  EXPECT_TRUE(selects(by_key, "other", web));
  EXPECT_TRUE(selects(by_key, "other", db));
  EXPECT_TRUE(selects(by_value, "other", web));
  EXPECT_FALSE(selects(by_value, "other", db));
  EXPECT_FALSE(selects(by_value, "other", {}));
  EXPECT_TRUE(selects(by_arn, kArn, {}));
  EXPECT_FALSE(selects(by_arn, "other", web));
}

TEST(DeployEndpointTest, HostsAndPortsParse) {
  EXPECT_EQ(must(parse_endpoint("example.com:443")).host, "example.com");
  EXPECT_EQ(must(parse_endpoint("[::1]:8443")).host, "::1");
  EXPECT_EQ(must(parse_endpoint("[::1]:8443")).port, 8443);
  EXPECT_FALSE(parse_endpoint(":443"));
  EXPECT_FALSE(parse_endpoint("host:0"));
  EXPECT_FALSE(parse_endpoint("host:https"));
}

}  // namespace
}  // namespace certflow::deploy::testing
