// Deploying private certificates for Available events: the files, the reload, the probe of a real
// TLS server, the failure event and its once-per-event guarantee.
#include <nlohmann/json.hpp>

#include "deploy/tls_probe.h"
#include "deploy_fixture.h"
#include "pki/test_pki.h"  // tests/unit/pki
#include "tls_test_server.h"

namespace certflow::deploy::testing {
namespace {

namespace pt = pki::testing;
using nlohmann::json;

// What the server serves before the deployment: a certificate with another serial.
std::unique_ptr<TlsTestServer> old_server() {
  auto key = pt::ec_key("P-256");
  pt::CertSpec spec;
  spec.common_name = "deploy.test";
  spec.serial_hex = "0bad0bad";
  auto cert = pt::issue(spec, *key, nullptr, *key);
  return std::make_unique<TlsTestServer>(pt::pem(*cert), pt::pkcs8_pem(*key));
}

class DeployEventTest : public DeployTest {
 protected:
  void SetUp() override {
    DeployTest::SetUp();
    arn_ = request_ok("deploy.test");
    server_ = old_server();
    // The "server" rereads fullchain.pem and key.pem when the reload command leaves its flag.
    server_->reload_on_flag(path("reload-flag"), path("fullchain.pem"), path("key.pem"));
  }
  // A configuration whose reload asks the server to reload and counts its runs.
  DeploymentConfig reloading_config(const std::string& name) {
    DeploymentConfig config = config_for(name, arn_);
    config.reload_command = {script("reload.sh", "echo reloading; echo x >> " + path("reloads") +
                                                     "; touch " + path("reload-flag"))};
    config.verify = server_->endpoint();
    return config;
  }
  int reload_runs() { return static_cast<int>(read_file(path("reloads")).size() / 2); }
  std::string serial() { return must(inventory_->describe_certificate(arn_)).serial; }
  json failure_detail(size_t index = 0) {
    auto events = failure_events();
    if (events.size() <= index) return json();
    return json::parse(events[index].body).at("detail");
  }

  std::string arn_;
  std::unique_ptr<TlsTestServer> server_;
};

TEST_F(DeployEventTest, WritesTheFilesReloadsAndSeesTheNewSerialServed) {
  must(deployer_->put(reloading_config("web")));
  DeployReport report = must(deployer_->deploy_event(available_event(arn_, "event-1")));
  ASSERT_EQ(report.outcomes.size(), 1u);
  const DeploymentOutcome& outcome = report.outcomes[0];
  EXPECT_TRUE(outcome.succeeded()) << outcome.reason << "\n" << report.log;
  EXPECT_TRUE(report.succeeded());
  EXPECT_EQ(outcome.files_written.size(), 4u);
  EXPECT_TRUE(outcome.reloaded);
  EXPECT_TRUE(outcome.verified);
  EXPECT_EQ(outcome.expected_serial, serial());
  EXPECT_EQ(outcome.served_serial, serial());
  EXPECT_EQ(server_->last_server_name(), "deploy.test") << "SNI defaults to the domain name";

  auto material = must(inventory_->get_certificate(arn_));
  EXPECT_EQ(read_file(path("cert.pem")), material.certificate_pem);
  EXPECT_EQ(read_file(path("chain.pem")), material.chain_pem);
  EXPECT_EQ(read_file(path("fullchain.pem")).rfind(material.certificate_pem, 0), 0u);
  EXPECT_NE(read_file(path("fullchain.pem")).find(material.chain_pem), std::string::npos);
  EXPECT_NE(read_file(path("key.pem")).find("PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(read_file(path("key.pem")).find("ENCRYPTED"), std::string::npos);
  EXPECT_EQ(mode_of(path("key.pem")), 0600);
  EXPECT_EQ(mode_of(path("cert.pem")), 0644);
  EXPECT_EQ(mode_of(path("fullchain.pem")), 0644);
  EXPECT_EQ(reload_runs(), 1);
  EXPECT_NE(report.log.find("reloading"), std::string::npos) << "the reload's output is kept";
  EXPECT_EQ(report.log.find("PRIVATE KEY"), std::string::npos) << "the key went into the log";

  EXPECT_TRUE(must(inventory_->describe_certificate(arn_)).exported);
  store::LogQuery audit;
  audit.log_group = "/certflow/audit";
  auto records = must(store_->list_log_records(audit));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_NE(records[0].message.find("certflow-deploy"), std::string::npos) << records[0].message;
  EXPECT_TRUE(failure_events().empty());
  EXPECT_EQ(wakes_, 0);
}

TEST_F(DeployEventTest, TheSameEventDeliveredTwiceChangesNothingTheSecondTime) {
  must(deployer_->put(reloading_config("web")));
  ASSERT_TRUE(must(deployer_->deploy_event(available_event(arn_, "event-1"))).succeeded());
  const std::string cert_before = read_file(path("cert.pem"));

  DeployReport again = must(deployer_->deploy_event(available_event(arn_, "event-1")));
  ASSERT_EQ(again.outcomes.size(), 1u);
  EXPECT_TRUE(again.outcomes[0].succeeded()) << again.log;
  EXPECT_TRUE(again.outcomes[0].files_written.empty());
  EXPECT_FALSE(again.outcomes[0].reloaded) << "the server already served the certificate";
  EXPECT_TRUE(again.outcomes[0].verified);
  EXPECT_EQ(reload_runs(), 1);
  EXPECT_EQ(read_file(path("cert.pem")), cert_before);
  EXPECT_EQ(server_->reloads(), 1);
}

TEST_F(DeployEventTest, AFailingReloadEmitsOneFailureEventAtTheReloadStage) {
  DeploymentConfig config = reloading_config("web");
  config.reload_command = {
      script("bad-reload.sh", "echo 'nginx: [emerg] cannot load' >&2; exit 1")};
  must(deployer_->put(config));
  DeployReport report = must(deployer_->deploy_event(available_event(arn_, "event-1")));
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_FALSE(report.succeeded());
  EXPECT_EQ(report.outcomes[0].failed_stage, Stage::kReload);
  EXPECT_NE(report.outcomes[0].reason.find("exit 1"), std::string::npos);
  EXPECT_NE(report.outcomes[0].reason.find("cannot load"), std::string::npos);

  ASSERT_EQ(failure_events().size(), 1u);
  const store::EventRecord event = failure_events()[0];
  json body = json::parse(event.body);
  EXPECT_EQ(body["version"], "0");
  EXPECT_EQ(body["id"], event.id);
  EXPECT_EQ(body["detail-type"], "certflow Certificate Deployment Failed");
  EXPECT_EQ(body["source"], "certflow.deploy");
  EXPECT_EQ(body["account"], "000000000000");
  EXPECT_EQ(body["region"], "us-east-1");
  EXPECT_EQ(body["time"], to_iso8601(clock_->now()));
  EXPECT_EQ(body["resources"], json::array({arn_}));
  json detail = body["detail"];
  EXPECT_EQ(detail["CertificateArn"], arn_);
  EXPECT_EQ(detail["DeploymentName"], "web");
  EXPECT_EQ(detail["Stage"], "reload");
  EXPECT_EQ(detail["Reason"], report.outcomes[0].reason);
  EXPECT_EQ(detail["ExpectedSerial"], serial());
  EXPECT_FALSE(detail.contains("ServedSerial"));
  EXPECT_EQ(detail["Endpoint"], server_->endpoint());
  EXPECT_EQ(event.dedup_key, "event-1|deploy-failed|web");
  EXPECT_EQ(event.event_bus, "default");
  EXPECT_EQ(wakes_, 1);
}

TEST_F(DeployEventTest, AnEndpointStillServingTheOldSerialFailsVerificationOncePerEvent) {
  DeploymentConfig config = reloading_config("web");
  config.reload_command.clear();  // nothing tells the server to reload
  must(deployer_->put(config));
  DeployReport report = must(deployer_->deploy_event(available_event(arn_, "event-1")));
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_EQ(report.outcomes[0].failed_stage, Stage::kVerify);
  EXPECT_EQ(report.outcomes[0].served_serial, "0b:ad:0b:ad");
  EXPECT_GT(pauses_, 0) << "the probe was not repeated";
  EXPECT_EQ(failure_detail()["Stage"], "verify");
  EXPECT_EQ(failure_detail()["ServedSerial"], "0b:ad:0b:ad");
  EXPECT_EQ(failure_detail()["ExpectedSerial"], serial());

  // The bus retries the delivery: the files are in place now, it still fails, nothing new is
  // emitted for the same event; another event is another occurrence.
  EXPECT_FALSE(must(deployer_->deploy_event(available_event(arn_, "event-1"))).succeeded());
  EXPECT_EQ(failure_events().size(), 1u);
  EXPECT_EQ(wakes_, 1);
  EXPECT_FALSE(must(deployer_->deploy_event(available_event(arn_, "event-2"))).succeeded());
  EXPECT_EQ(failure_events().size(), 2u);
  EXPECT_EQ(wakes_, 2);
}

TEST_F(DeployEventTest, AnUnreachableEndpointFailsVerificationWithTheReason) {
  DeploymentConfig config = reloading_config("web");
  const std::string endpoint = server_->endpoint();
  server_.reset();  // nothing listens there any more
  config.reload_command.clear();
  config.verify = endpoint;
  must(deployer_->put(config));
  DeployReport report = must(deployer_->deploy_event(available_event(arn_, "event-1")));
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_EQ(report.outcomes[0].failed_stage, Stage::kVerify);
  EXPECT_NE(report.outcomes[0].reason.find("could not be probed"), std::string::npos)
      << report.outcomes[0].reason;
  EXPECT_FALSE(failure_detail().contains("ServedSerial"));
}

TEST_F(DeployEventTest, ACertificateThatCannotBeExportedFailsAtTheExportStage) {
  auto imported = inventory::testing::self_signed("imported.test", pt::ec_key("P-256"));
  const std::string imported_arn = import_ok(imported);
  must(deployer_->put(config_for("imported", imported_arn)));
  DeployReport report = must(deployer_->deploy_event(available_event(imported_arn, "event-9")));
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_EQ(report.outcomes[0].failed_stage, Stage::kExport);
  EXPECT_NE(report.outcomes[0].reason.find("not a private certificate"), std::string::npos)
      << report.outcomes[0].reason;
  EXPECT_EQ(read_file(path("cert.pem")), "") << "nothing was written";
  EXPECT_EQ(failure_detail()["Stage"], "export");
  EXPECT_EQ(failure_detail()["ExpectedSerial"],
            must(inventory_->describe_certificate(imported_arn)).serial);
  EXPECT_FALSE(failure_detail().contains("Endpoint"));
}

TEST_F(DeployEventTest, TagSelectedConfigurationsDeployEveryTaggedCertificate) {
  must(inventory_->add_tags(arn_, {{"role", "web"}}));
  DeploymentConfig web = config_for("tagged-web", arn_);
  web.certificate_arn.reset();
  web.tag = TagSelector{"role", "web"};
  must(deployer_->put(web));
  DeploymentConfig db = web;
  db.name = "tagged-db";
  db.tag = TagSelector{"role", "db"};
  db.certificate_path = path("db-cert.pem");
  db.key_path = path("db-key.pem");
  db.chain_path.clear();
  db.fullchain_path.clear();
  must(deployer_->put(db));

  DeployReport report = must(deployer_->deploy_event(available_event(arn_, "event-1")));
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_EQ(report.outcomes[0].name, "tagged-web");
  EXPECT_TRUE(report.outcomes[0].succeeded()) << report.outcomes[0].reason;
  EXPECT_EQ(read_file(path("db-cert.pem")), "");
}

TEST_F(DeployEventTest, OtherEventsAndUnselectedCertificatesAreLeftAlone) {
  must(deployer_->put(config_for("web", arn_)));
  json expiring = json::parse(available_event(arn_, "event-1"));
  expiring["detail-type"] = "ACM Certificate Approaching Expiration";
  DeployReport ignored = must(deployer_->deploy_event(expiring.dump()));
  EXPECT_TRUE(ignored.outcomes.empty());
  EXPECT_TRUE(ignored.succeeded());
  EXPECT_NE(ignored.log.find("nothing to deploy"), std::string::npos) << ignored.log;

  const std::string other = request_ok("other.test");
  DeployReport unselected = must(deployer_->deploy_event(available_event(other, "event-2")));
  EXPECT_TRUE(unselected.outcomes.empty());
  EXPECT_NE(unselected.log.find("no deployment selects"), std::string::npos) << unselected.log;
  EXPECT_EQ(read_file(path("cert.pem")), "");

  auto not_an_event = deployer_->deploy_event("[1, 2]");
  ASSERT_FALSE(not_an_event);
  EXPECT_EQ(not_an_event.error().code, ErrorCode::kValidation);
  json no_resources = json::parse(available_event(arn_, "event-3"));
  no_resources.erase("resources");
  EXPECT_FALSE(deployer_->deploy_event(no_resources.dump()));
}

TEST_F(DeployEventTest, RunDeploysOneConfigurationByHand) {
  must(deployer_->put(reloading_config("web")));
  DeployReport report = must(deployer_->run("web", arn_));
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_TRUE(report.outcomes[0].succeeded()) << report.outcomes[0].reason;

  const std::string other = request_ok("other.test");
  auto refused = deployer_->run("web", other);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  EXPECT_NE(refused.error().message.find("selects certificate " + arn_), std::string::npos);
  EXPECT_EQ(deployer_->run("missing", arn_).error().code, ErrorCode::kResourceNotFound);
}

}  // namespace
}  // namespace certflow::deploy::testing
