#include "deploy_fixture.h"

#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace certflow::deploy::testing {

void DeployTest::SetUp() {
  PrivateCertificateTest::SetUp();
  DeployerOptions options;
  options.search_path = "/usr/bin:/bin";
  options.reload_environment = {"PATH=/usr/bin:/bin"};
  // Short, real waits: the in-process server "reloads" at its next connection.
  options.verify_window = std::chrono::milliseconds(1'000);
  options.verify_interval = std::chrono::milliseconds(50);
  options.probe_timeout = std::chrono::milliseconds(1'000);
  options.pause = [this](std::chrono::milliseconds how_long) {
    ++pauses_;
    RealClock::pause(how_long);
  };
  deployer_ = std::make_unique<Deployer>(*store_, *inventory_, *clock_, options);
  deployer_->set_wake_listener([this] { ++wakes_; });
}

void DeployTest::TearDown() {
  deployer_.reset();
  PrivateCertificateTest::TearDown();
}

std::string DeployTest::path(const std::string& name) const { return files_.path() + "/" + name; }

std::string DeployTest::script(const std::string& name, const std::string& body) {
  const std::string file = path(name);
  std::ofstream(file) << "#!/bin/sh\n" << body << "\n";
  ::chmod(file.c_str(), 0755);
  return file;
}

DeploymentConfig DeployTest::config_for(const std::string& name, const std::string& arn) const {
  DeploymentConfig config;
  config.name = name;
  config.certificate_arn = arn;
  config.certificate_path = path("cert.pem");
  config.chain_path = path("chain.pem");
  config.fullchain_path = path("fullchain.pem");
  config.key_path = path("key.pem");
  return config;
}

std::string DeployTest::available_event(const std::string& arn, const std::string& id) {
  nlohmann::json event = {{"version", "0"},
                          {"id", id},
                          {"detail-type", "ACM Certificate Available"},
                          {"source", "aws.acm"},
                          {"account", "000000000000"},
                          {"time", "2027-03-01T00:00:00Z"},
                          {"region", "us-east-1"},
                          {"resources", {arn}},
                          {"detail", {{"Action", "RENEWAL"}, {"CertificateType", "PRIVATE"}}}};
  return event.dump();
}

std::vector<store::EventRecord> DeployTest::failure_events() {
  store::EventQuery query;
  query.detail_type = std::string(kDeploymentFailed);
  return must(store_->list_events(query));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

int mode_of(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int>(info.st_mode & 07777);
}

}  // namespace certflow::deploy::testing
