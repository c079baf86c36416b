// An Inventory over a real SQLite store in a temporary directory, with a simulated clock at
// the pki tests' "now" and certificates made by pki::testing.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "core/clock.h"
#include "inventory/inventory.h"
#include "pki/test_pki.h"  // tests/unit/pki

namespace certflow::inventory::testing {

struct KeyPair {
  std::string certificate_pem;
  std::string private_key_pem;
};

// A self-signed certificate for `domain` with the given key.
KeyPair self_signed(const std::string& domain, pki::EvpPkeyPtr key,
                    pki::testing::CertSpec spec = {});

class InventoryTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  ImportRequest request_for(const KeyPair& pair) const;
  std::string import_ok(const KeyPair& pair, std::vector<Tag> tags = {});

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::MasterKey> master_;
  std::unique_ptr<SimulatedClock> clock_;
  std::unique_ptr<Inventory> inventory_;
};

}  // namespace certflow::inventory::testing
