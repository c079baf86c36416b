#include "inventory_fixture.h"

#include <random>

namespace certflow::inventory::testing {

KeyPair self_signed(const std::string& domain, pki::EvpPkeyPtr key, pki::testing::CertSpec spec) {
  spec.common_name = domain;
  if (spec.subject_alt_names.empty()) spec.subject_alt_names = {"DNS:" + domain};
  auto cert = pki::testing::issue(spec, *key, nullptr, *key);
  return {pki::testing::pem(*cert), pki::testing::pkcs8_pem(*key)};
}

void InventoryTest::SetUp() {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() /
         ("certflow-inventory-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(dir_);
  auto store = store::open_sqlite_store({(dir_ / "certflow.db").string()});
  ASSERT_TRUE(store) << store.error().message;
  store_ = std::move(*store);
  auto master = crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'k')));
  ASSERT_TRUE(master);
  master_ = std::make_unique<crypto::MasterKey>(std::move(*master));
  clock_ = std::make_unique<SimulatedClock>(pki::testing::test_now());
  inventory_ = std::make_unique<Inventory>(*store_, *master_, *clock_, InventoryConfig{});
}

void InventoryTest::TearDown() {
  inventory_.reset();
  store_.reset();
  std::filesystem::remove_all(dir_);
}

ImportRequest InventoryTest::request_for(const KeyPair& pair) const {
  ImportRequest request;
  request.certificate = pair.certificate_pem;
  request.private_key = pair.private_key_pem;
  return request;
}

std::string InventoryTest::import_ok(const KeyPair& pair, std::vector<Tag> tags) {
  ImportRequest request = request_for(pair);
  request.tags = std::move(tags);
  auto arn = inventory_->import_certificate(request);
  EXPECT_TRUE(arn) << arn.error().message;
  return arn ? *arn : std::string();
}

}  // namespace certflow::inventory::testing
