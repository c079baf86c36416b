#include "iam/access_keys.h"

#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include "iam/fake_access_key_store.h"

namespace certflow::iam {
namespace {

using testing::FakeAccessKeyStore;

crypto::MasterKey master_key(char fill = 'm') {
  auto key = crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, fill)));
  EXPECT_TRUE(key);
  return *key;
}

const TimePoint kCreated = from_epoch_millis(1795803316000);

TEST(GenerateAccessKey, LooksLikeAnAwsKeyPair) {
  std::regex id_form("AKIA[A-Z2-7]{16}");
  std::regex secret_form("[A-Za-z0-9+/]{40}");
  for (int i = 0; i < 50; ++i) {
    auto [id, secret] = generate_access_key();
    EXPECT_TRUE(std::regex_match(id, id_form)) << id;
    EXPECT_TRUE(std::regex_match(std::string(secret.view()), secret_form));
  }
}

TEST(GenerateAccessKey, NeverRepeats) {
  std::set<std::string> ids, secrets;
  for (int i = 0; i < 200; ++i) {
    auto [id, secret] = generate_access_key();
    ids.insert(id);
    secrets.insert(std::string(secret.view()));
  }
  EXPECT_EQ(ids.size(), 200u);
  EXPECT_EQ(secrets.size(), 200u);
}

TEST(AddAccessKey, StoresAnActiveRowWithTheSecretSealed) {
  FakeAccessKeyStore store;
  crypto::MasterKey master = master_key();
  ASSERT_TRUE(add_access_key(store, master, "AKIAEXAMPLE", crypto::SecretBytes("s3cret"), "admin",
                             kCreated));
  auto row = store.get_access_key("AKIAEXAMPLE");
  ASSERT_TRUE(row && *row);
  EXPECT_EQ((*row)->user_name, "admin");
  EXPECT_EQ((*row)->status, "Active");
  EXPECT_EQ((*row)->created_at_ms, 1795803316000);
  EXPECT_EQ((*row)->secret_ciphertext.find("s3cret"), std::string::npos);
  EXPECT_EQ(store.commits(), 1);
}

TEST(AddAccessKey, WritesNothingWhenTheCommitFails) {
  FakeAccessKeyStore store;
  store.fail_next_commit();
  EXPECT_FALSE(add_access_key(store, master_key(), "AKIAEXAMPLE", crypto::SecretBytes("s"), "admin",
                              kCreated));
  auto row = store.get_access_key("AKIAEXAMPLE");
  ASSERT_TRUE(row);
  EXPECT_FALSE(*row);
}

TEST(StoredCredentials, ResolvesAnActiveKeysSecret) {
  FakeAccessKeyStore store;
  crypto::MasterKey master = master_key();
  ASSERT_TRUE(add_access_key(store, master, "AKIAEXAMPLE", crypto::SecretBytes("s3cret"), "admin",
                             kCreated));
  StoredCredentials credentials(store, master);
  auto secret = credentials.secret_for("AKIAEXAMPLE");
  ASSERT_TRUE(secret);
  EXPECT_EQ(secret->view(), "s3cret");
  EXPECT_FALSE(credentials.secret_for("AKIAOTHER"));
}

TEST(StoredCredentials, DecryptsOnceForRepeatedRequests) {
  FakeAccessKeyStore store;
  crypto::MasterKey master = master_key();
  ASSERT_TRUE(add_access_key(store, master, "AKIAEXAMPLE", crypto::SecretBytes("s3cret"), "admin",
                             kCreated));
  StoredCredentials credentials(store, master);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(credentials.secret_for("AKIAEXAMPLE"));
  EXPECT_EQ(credentials.decryptions(), 1u);
}

TEST(StoredCredentials, DeactivatedKeyStopsResolvingAtOnce) {
  FakeAccessKeyStore store;
  crypto::MasterKey master = master_key();
  ASSERT_TRUE(add_access_key(store, master, "AKIAEXAMPLE", crypto::SecretBytes("s3cret"), "admin",
                             kCreated));
  StoredCredentials credentials(store, master);
  ASSERT_TRUE(credentials.secret_for("AKIAEXAMPLE"));
  store.set_status("AKIAEXAMPLE", "Inactive");
  EXPECT_FALSE(credentials.secret_for("AKIAEXAMPLE"));
}

TEST(StoredCredentials, RotatedSecretIsOpenedAfresh) {
  FakeAccessKeyStore store;
  crypto::MasterKey master = master_key();
  ASSERT_TRUE(
      add_access_key(store, master, "AKIAEXAMPLE", crypto::SecretBytes("old"), "admin", kCreated));
  StoredCredentials credentials(store, master);
  ASSERT_EQ(credentials.secret_for("AKIAEXAMPLE")->view(), "old");
  ASSERT_TRUE(
      add_access_key(store, master, "AKIAEXAMPLE", crypto::SecretBytes("new"), "admin", kCreated));
  EXPECT_EQ(credentials.secret_for("AKIAEXAMPLE")->view(), "new");
}

TEST(StoredCredentials, SecretMovedToAnotherKeyDoesNotOpen) {
  FakeAccessKeyStore store;
  crypto::MasterKey master = master_key();
  ASSERT_TRUE(add_access_key(store, master, "AKIAVICTIM", crypto::SecretBytes("victim-secret"),
                             "admin", kCreated));
  ASSERT_TRUE(add_access_key(store, master, "AKIAMALLORY", crypto::SecretBytes("mine"), "mallory",
                             kCreated));
  store.copy_secret("AKIAVICTIM", "AKIAMALLORY");
  StoredCredentials credentials(store, master);
  EXPECT_FALSE(credentials.secret_for("AKIAMALLORY"));
}

TEST(StoredCredentials, WrongMasterKeyResolvesNothing) {
  FakeAccessKeyStore store;
  ASSERT_TRUE(add_access_key(store, master_key('a'), "AKIAEXAMPLE", crypto::SecretBytes("s"),
                             "admin", kCreated));
  crypto::MasterKey other = master_key('b');
  StoredCredentials credentials(store, other);
  EXPECT_FALSE(credentials.secret_for("AKIAEXAMPLE"));
}

TEST(StoredCredentials, StoreFailureResolvesNothing) {
  FakeAccessKeyStore store;
  crypto::MasterKey master = master_key();
  store.fail_reads(true);
  StoredCredentials credentials(store, master);
  EXPECT_FALSE(credentials.secret_for("AKIAEXAMPLE"));
}

TEST(StoredCredentials, IsSafeToShareAcrossThreads) {
  FakeAccessKeyStore store;
  crypto::MasterKey master = master_key();
  ASSERT_TRUE(add_access_key(store, master, "AKIAEXAMPLE", crypto::SecretBytes("s3cret"), "admin",
                             kCreated));
  StoredCredentials credentials(store, master);
  std::vector<std::thread> threads;
  std::atomic<int> resolved{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        auto secret = credentials.secret_for("AKIAEXAMPLE");
        if (secret && secret->view() == "s3cret") ++resolved;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(resolved.load(), 400);
  EXPECT_LE(credentials.decryptions(), 4u);
}

}  // namespace
}  // namespace certflow::iam
