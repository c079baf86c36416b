// The deploy tests' world: a real inventory with a real private CA (tests/unit/inventory), a
// Deployer over it writing into a temporary directory, /bin/sh scripts as reload commands, and
// helpers to read files, modes and the failure events in the outbox.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "deploy/deploy.h"
#include "inventory/private_ca_fixture.h"  // tests/unit/inventory
#include "store/store_test_support.h"      // tests/unit/store

namespace certflow::deploy::testing {

using store::testing::must;

class DeployTest : public inventory::testing::PrivateCertificateTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A file path in the test's directory.
  std::string path(const std::string& name) const;
  // Writes an executable /bin/sh script; returns its path.
  std::string script(const std::string& name, const std::string& body);
  // A configuration for `arn` writing cert.pem, chain.pem, fullchain.pem and key.pem here.
  DeploymentConfig config_for(const std::string& name, const std::string& arn) const;
  // An "ACM Certificate Available" event for `arn` with this id, as the bus delivers it.
  static std::string available_event(const std::string& arn, const std::string& id);
  // The "certflow Certificate Deployment Failed" events in the outbox, oldest first.
  std::vector<store::EventRecord> failure_events();

  store::testing::TempDir files_;
  std::unique_ptr<Deployer> deployer_;
  int wakes_ = 0;
  int pauses_ = 0;
};

std::string read_file(const std::string& path);
int mode_of(const std::string& path);  // permission bits; -1 when missing

}  // namespace certflow::deploy::testing
