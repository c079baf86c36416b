#include "crypto/master_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "crypto/encoding.h"

namespace certflow::crypto {
namespace {

namespace fs = std::filesystem;

class MasterKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "certflow-master-key-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string data_dir() const { return (root_ / "data").string(); }
  std::string key_file() const { return (root_ / "data" / "master.key").string(); }

  void write_key_file(const std::string& contents) {
    fs::create_directories(data_dir());
    std::ofstream(key_file(), std::ios::binary) << contents;
  }

  static mode_t mode_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
  }

  fs::path root_;
};

const std::string kKeyBytes = [] {
  std::string bytes;
  for (int i = 0; i < 32; ++i) bytes.push_back(static_cast<char>(i * 7 + 1));
  return bytes;
}();

TEST_F(MasterKeyTest, TakesTheEnvironmentValueAsHex) {
  auto key = load_or_create_master_key(data_dir(), hex_encode(kKeyBytes));
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->bytes().view(), kKeyBytes);
  EXPECT_FALSE(fs::exists(key_file()));  // the environment wins; nothing is written
}

TEST_F(MasterKeyTest, TakesTheEnvironmentValueAsUppercaseHexWithATrailingNewline) {
  std::string upper = hex_encode(kKeyBytes);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto key = load_or_create_master_key(data_dir(), upper + "\n");
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->bytes().view(), kKeyBytes);
}

TEST_F(MasterKeyTest, TakesTheEnvironmentValueAsBase64) {
  auto key = load_or_create_master_key(data_dir(), base64_encode(kKeyBytes));
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->bytes().view(), kKeyBytes);
}

TEST_F(MasterKeyTest, RejectsAMalformedEnvironmentValueWithoutEchoingIt) {
  const std::string hex = hex_encode(kKeyBytes);
  for (const std::string& bad :
       {std::string(), hex.substr(0, 62), "zz" + hex.substr(2), hex + "00",
        base64_encode(kKeyBytes.substr(0, 31)), base64_encode(kKeyBytes + "x"),
        std::string("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlYw")}) {
    auto key = load_or_create_master_key(data_dir(), bad);
    ASSERT_FALSE(key) << bad;
    EXPECT_EQ(key.error().code, ErrorCode::kValidation);
    EXPECT_NE(key.error().message.find("64 hexadecimal characters"), std::string::npos);
    EXPECT_NE(key.error().message.find("base64"), std::string::npos);
    if (bad.size() >= 8) {
      EXPECT_EQ(key.error().message.find(bad.substr(2, 6)), std::string::npos);
    }
  }
}

TEST_F(MasterKeyTest, CreatesThePrivateDataDirectoryAndAKeyFileReadableOnlyByTheOwner) {
  auto key = load_or_create_master_key(data_dir(), std::nullopt);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(mode_of(data_dir()), 0700);
  EXPECT_EQ(mode_of(key_file()), 0600);
  EXPECT_EQ(fs::file_size(key_file()), 65u);  // 64 hex characters and a newline
  // Nothing else (such as the temporary file it was written under) is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(data_dir()), fs::directory_iterator()), 1);
}

TEST_F(MasterKeyTest, ReusesTheKeyFileOnLaterStarts) {
  auto first = load_or_create_master_key(data_dir(), std::nullopt);
  auto second = load_or_create_master_key(data_dir(), std::nullopt);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->bytes().view(), second->bytes().view());

  auto sealed = seal(*first, "secret", "aad");
  ASSERT_TRUE(sealed);
  auto opened = open(*second, *sealed, "aad");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->view(), "secret");
}

TEST_F(MasterKeyTest, CreatesMissingParentDirectories) {
  std::string nested = (root_ / "a" / "b" / "data").string();
  auto key = load_or_create_master_key(nested, std::nullopt);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_TRUE(fs::exists(fs::path(nested) / "master.key"));
  EXPECT_EQ(mode_of(nested), 0700);
}

TEST_F(MasterKeyTest, ReadsAKeyFileOfThirtyTwoRawBytes) {
  write_key_file(kKeyBytes);
  auto key = load_or_create_master_key(data_dir(), std::nullopt);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->bytes().view(), kKeyBytes);
}

TEST_F(MasterKeyTest, ReadsAHexKeyFileWithOrWithoutANewline) {
  for (const std::string& contents : {hex_encode(kKeyBytes), hex_encode(kKeyBytes) + "\r\n"}) {
    write_key_file(contents);
    auto key = load_or_create_master_key(data_dir(), std::nullopt);
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(key->bytes().view(), kKeyBytes);
  }
}

TEST_F(MasterKeyTest, RefusesAKeyFileOfTheWrongSize) {
  for (const std::string& contents : {std::string(), kKeyBytes.substr(0, 31), kKeyBytes + "x",
                                      hex_encode(kKeyBytes) + "00\n", std::string(10000, 'a')}) {
    write_key_file(contents);
    auto key = load_or_create_master_key(data_dir(), std::nullopt);
    ASSERT_FALSE(key) << contents.size();
    EXPECT_NE(key.error().message.find("is not a valid master key file"), std::string::npos);
    EXPECT_NE(key.error().message.find("Restore it from your backup"), std::string::npos);
    // The broken file is left alone for the operator to inspect.
    EXPECT_EQ(fs::file_size(key_file()), contents.size());
  }
}

TEST_F(MasterKeyTest, FailsClearlyWhenTheDataDirectoryIsAFile) {
  std::ofstream(data_dir()) << "not a directory";
  auto key = load_or_create_master_key(data_dir(), std::nullopt);
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message.find("is not a directory"), std::string::npos);
}

}  // namespace
}  // namespace certflow::crypto
