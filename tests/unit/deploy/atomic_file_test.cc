// Atomic file replacement: modes beyond the umask, identical content left alone, a failed write
// leaving the old file, owners.
#include "deploy/atomic_file.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "deploy_fixture.h"

namespace certflow::deploy::testing {
namespace {

class AtomicFileTest : public ::testing::Test {
 protected:
  std::string path(const std::string& name) const { return dir_.path() + "/" + name; }
  size_t entries() const {
    size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      ++count;
    }
    return count;
  }
  store::testing::TempDir dir_;
};

ino_t inode_of(const std::string& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_ino;
}

TEST_F(AtomicFileTest, WritesTheContentWithTheExactModeWhateverTheUmask) {
  const mode_t previous = ::umask(077);
  auto cert = write_atomically(path("cert.pem"), "certificate\n", 0644, std::nullopt);
  auto key = write_atomically(path("key.pem"), "secret key\n", 0600, std::nullopt);
  ::umask(previous);
  ASSERT_TRUE(cert) << cert.error().message;
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_TRUE(*cert);
  EXPECT_EQ(read_file(path("cert.pem")), "certificate\n");
  EXPECT_EQ(mode_of(path("cert.pem")), 0644);
  EXPECT_EQ(mode_of(path("key.pem")), 0600);
  EXPECT_EQ(entries(), 2u) << "no temporary file is left behind";
}

TEST_F(AtomicFileTest, IdenticalContentAndModeIsNotWrittenAgain) {
  ASSERT_TRUE(must(write_atomically(path("cert.pem"), "same", 0644, std::nullopt)));
  const ino_t before = inode_of(path("cert.pem"));
  EXPECT_FALSE(must(write_atomically(path("cert.pem"), "same", 0644, std::nullopt)));
  EXPECT_EQ(inode_of(path("cert.pem")), before) << "the file was replaced";
  EXPECT_TRUE(file_matches(path("cert.pem"), "same", 0644, std::nullopt));
}

TEST_F(AtomicFileTest, ADifferentModeOrContentIsWrittenAgain) {
  must(write_atomically(path("cert.pem"), "same", 0644, std::nullopt));
  EXPECT_TRUE(must(write_atomically(path("cert.pem"), "same", 0640, std::nullopt)));
  EXPECT_EQ(mode_of(path("cert.pem")), 0640);
  EXPECT_TRUE(must(write_atomically(path("cert.pem"), "other", 0640, std::nullopt)));
  EXPECT_EQ(read_file(path("cert.pem")), "other");
}

TEST_F(AtomicFileTest, AReaderHoldingTheOldFileKeepsReadingTheOldContent) {
  must(write_atomically(path("cert.pem"), "old certificate", 0644, std::nullopt));
  std::ifstream old_reader(path("cert.pem"));
  must(write_atomically(path("cert.pem"), "new certificate", 0644, std::nullopt));
  std::string seen;
  std::getline(old_reader, seen);
  EXPECT_EQ(seen, "old certificate") << "the file was rewritten in place, not replaced";
  EXPECT_EQ(read_file(path("cert.pem")), "new certificate");
}

TEST_F(AtomicFileTest, AFailedWriteLeavesTheOldFileAndNoTemporaryFile) {
  must(write_atomically(path("cert.pem"), "old", 0644, std::nullopt));
  // A real write failure, also as root: the file size limit (EFBIG instead of SIGXFSZ).
  rlimit previous{};
  ::getrlimit(RLIMIT_FSIZE, &previous);
  auto previous_handler = ::signal(SIGXFSZ, SIG_IGN);
  rlimit small{16, previous.rlim_max};
  ::setrlimit(RLIMIT_FSIZE, &small);
  auto written = write_atomically(path("cert.pem"), std::string(4096, 'x'), 0644, std::nullopt);
  ::setrlimit(RLIMIT_FSIZE, &previous);
  ::signal(SIGXFSZ, previous_handler);
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message.find("cert.pem"), std::string::npos) << written.error().message;
  EXPECT_EQ(read_file(path("cert.pem")), "old");
  EXPECT_EQ(entries(), 1u) << "the temporary file was left behind";
}

TEST_F(AtomicFileTest, AMissingDirectoryFailsNamingThePath) {
  auto written = write_atomically(path("gone/cert.pem"), "x", 0644, std::nullopt);
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message.find("gone"), std::string::npos) << written.error().message;
}

TEST_F(AtomicFileTest, TheOwnerIsSetBeforeTheFileAppears) {
  if (::geteuid() != 0) GTEST_SKIP() << "changing a file's owner needs root";
  Owner nobody{65534, 65534};
  ASSERT_TRUE(must(write_atomically(path("key.pem"), "key", 0600, nobody)));
  struct stat info {};
  ASSERT_EQ(::stat(path("key.pem").c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, 65534u);
  EXPECT_EQ(info.st_gid, 65534u);
  EXPECT_EQ(mode_of(path("key.pem")), 0600);
  EXPECT_FALSE(must(write_atomically(path("key.pem"), "key", 0600, nobody)));
  EXPECT_TRUE(must(write_atomically(path("key.pem"), "key", 0600, Owner{0, 0})))
      << "another owner is a change";
}

TEST_F(AtomicFileTest, ASymlinkIsReplacedByAFileNotFollowed) {
  std::ofstream(path("target")) << "target content";
  std::filesystem::create_symlink(path("target"), path("cert.pem"));
  EXPECT_TRUE(must(write_atomically(path("cert.pem"), "target content", 0644, std::nullopt)));
  EXPECT_FALSE(std::filesystem::is_symlink(path("cert.pem")));
  EXPECT_EQ(read_file(path("target")), "target content");
}

}  // namespace
}  // namespace certflow::deploy::testing
