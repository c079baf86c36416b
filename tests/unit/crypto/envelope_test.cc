#include "crypto/envelope.h"

#include <gtest/gtest.h>

#include "crypto/hash.h"

namespace certflow::crypto {
namespace {

constexpr char kArn[] = "arn:aws:acm:us-east-1:000000000000:certificate/1";

MasterKey test_master_key() {
  auto key = MasterKey::from_bytes(SecretBytes(random_bytes(MasterKey::kSize)));
  EXPECT_TRUE(key);
  return *key;
}

TEST(MasterKey, AcceptsOnlyThirtyTwoBytes) {
  EXPECT_TRUE(MasterKey::from_bytes(SecretBytes(std::string(32, 'k'))));
  for (size_t size : {0, 16, 31, 33, 64}) {
    auto key = MasterKey::from_bytes(SecretBytes(std::string(size, 'k')));
    ASSERT_FALSE(key) << size;
    EXPECT_EQ(key.error().code, ErrorCode::kInternal);
  }
}

TEST(Envelope, OpensWhatItSealed) {
  MasterKey master = test_master_key();
  for (const std::string& plaintext :
       {std::string(), std::string("-----BEGIN PRIVATE KEY-----\n..."),
        std::string(1 << 20, 'x')}) {
    auto sealed = seal(master, plaintext, kArn);
    ASSERT_TRUE(sealed) << sealed.error().message;
    EXPECT_EQ(sealed->wrapped_data_key.size(), 12u + 32u + 16u);
    EXPECT_EQ(sealed->ciphertext.size(), 12u + plaintext.size() + 16u);
    auto opened = open(master, *sealed, kArn);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->view(), plaintext);
  }
}

TEST(Envelope, UsesAFreshDataKeyAndNonceForEverySeal) {
  MasterKey master = test_master_key();
  auto first = seal(master, "same secret", kArn);
  auto second = seal(master, "same secret", kArn);
  ASSERT_TRUE(first && second);
  EXPECT_NE(first->wrapped_data_key, second->wrapped_data_key);
  EXPECT_NE(first->ciphertext, second->ciphertext);
  EXPECT_EQ(first->ciphertext.find("same secret"), std::string::npos);
}

TEST(Envelope, DetectsAFlippedBitAnywhereInEitherField) {
  MasterKey master = test_master_key();
  auto sealed = seal(master, "secret access key", kArn);
  ASSERT_TRUE(sealed);
  for (std::string SealedSecret::*field :
       {&SealedSecret::wrapped_data_key, &SealedSecret::ciphertext}) {
    for (size_t i = 0; i < ((*sealed).*field).size(); ++i) {
      SealedSecret tampered = *sealed;
      (tampered.*field)[i] ^= 0x01;
      auto opened = open(master, tampered, kArn);
      ASSERT_FALSE(opened) << "byte " << i;
      EXPECT_EQ(opened.error().code, ErrorCode::kInternal);
    }
  }
}

TEST(Envelope, RejectsTruncatedOrSwappedFields) {
  MasterKey master = test_master_key();
  auto sealed = seal(master, "secret", kArn);
  ASSERT_TRUE(sealed);
  SealedSecret truncated = *sealed;
  truncated.ciphertext.pop_back();
  EXPECT_FALSE(open(master, truncated, kArn));
  SealedSecret empty = *sealed;
  empty.wrapped_data_key.clear();
  EXPECT_FALSE(open(master, empty, kArn));
  SealedSecret swapped{sealed->ciphertext, sealed->wrapped_data_key};
  EXPECT_FALSE(open(master, swapped, kArn));
}

TEST(Envelope, DoesNotOpenUnderOtherAssociatedData) {
  MasterKey master = test_master_key();
  auto sealed = seal(master, "secret", kArn);
  ASSERT_TRUE(sealed);
  EXPECT_FALSE(open(master, *sealed, "arn:aws:acm:us-east-1:000000000000:certificate/2"));
  EXPECT_FALSE(open(master, *sealed, ""));
}

TEST(Envelope, DoesNotOpenUnderAnotherMasterKey) {
  auto sealed = seal(test_master_key(), "secret", kArn);
  ASSERT_TRUE(sealed);
  EXPECT_FALSE(open(test_master_key(), *sealed, kArn));
}

TEST(Envelope, DoesNotOpenADataKeyMovedFromAnotherRecord) {
  MasterKey master = test_master_key();
  auto first = seal(master, "first", "record-1");
  auto second = seal(master, "second", "record-2");
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(open(master, SealedSecret{first->wrapped_data_key, second->ciphertext}, "record-1"));
  EXPECT_FALSE(open(master, SealedSecret{first->wrapped_data_key, second->ciphertext}, "record-2"));
}

}  // namespace
}  // namespace certflow::crypto
