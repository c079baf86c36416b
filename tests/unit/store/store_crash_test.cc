// Crash test: a child process commits rows in a loop and reports each arn on a pipe only after
// commit() returned. The parent SIGKILLs it at a random moment, reopens the database and checks
// that every acknowledged row (and its tags) survived and that the file is intact.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "store/sqlite/connection.h"
#include "store_test_support.h"

namespace certflow::store::testing {
namespace {

// Child side: never returns. Commits forever (until killed), one certificate and its tags per
// transaction plus, every tenth, a second certificate, so transactions vary in size.
[[noreturn]] void commit_forever(const std::string& path, int round, int ack_fd) {
  auto store = open_sqlite_store(SqliteOptions{path, 5000});
  if (!store) _exit(2);
  for (int i = 0;; ++i) {
    auto tx = (*store)->begin();
    if (!tx) _exit(3);
    CertificateRow row = make_certificate(i);
    row.arn = certificate_arn("r" + std::to_string(round) + "-" + std::to_string(i));
    row.key_ciphertext = std::string(1500, static_cast<char>(i));  // spans pages now and then
    if (!(*tx)->put_certificate(row)) _exit(4);
    if (!(*tx)->put_tags(row.arn, {{"round", std::to_string(round)}})) _exit(5);
    if (i % 10 == 0) {
      CertificateRow extra = row;
      extra.arn += "-extra";
      if (!(*tx)->put_certificate(extra)) _exit(6);
    }
    if (!(*tx)->commit()) _exit(7);
    const std::string line = row.arn + "\n";  // < PIPE_BUF: written atomically
    if (::write(ack_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(8);
  }
}

// Reads acknowledged arns until `count` have arrived (or EOF when count is 0).
void read_acks(int fd, size_t count, std::string& buffer, std::vector<std::string>& acks) {
  char chunk[4096];
  while (count == 0 || acks.size() < count) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return;
    buffer.append(chunk, static_cast<size_t>(n));
    for (size_t nl; (nl = buffer.find('\n')) != std::string::npos;) {
      acks.push_back(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
    }
  }
}

TEST(StoreCrashTest, EveryAcknowledgedCommitSurvivesSigkill) {
  TempDir dir;
  const std::string path = dir.path() + "/certflow.db";
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);

  std::vector<std::string> all_acks;
  for (int round = 0; round < 5; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      commit_forever(path, round, fds[1]);
    }
    ::close(fds[1]);

    // Kill at a random point: after a random number of acknowledgements, then a random delay
    // so the signal lands anywhere inside a transaction or commit.
    std::string buffer;
    std::vector<std::string> acks;
    read_acks(fds[0], std::uniform_int_distribution<size_t>(1, 150)(random), buffer, acks);
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(random)));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int wstatus = 0;
    ASSERT_EQ(::waitpid(child, &wstatus, 0), child);
    ASSERT_TRUE(WIFSIGNALED(wstatus)) << "child exited early with " << WEXITSTATUS(wstatus);
    read_acks(fds[0], 0, buffer, acks);  // whatever it acknowledged before dying
    ::close(fds[0]);
    ASSERT_FALSE(acks.empty());
    all_acks.insert(all_acks.end(), acks.begin(), acks.end());

    auto store = must(open_sqlite_store(SqliteOptions{path, 5000}));
    for (const auto& arn : all_acks) {
      auto row = must(store->get_certificate(arn));
      ASSERT_TRUE(row.has_value()) << arn << " was acknowledged but is gone";
      EXPECT_EQ(row->key_ciphertext.size(), 1500u);
      EXPECT_EQ(must(store->get_tags(arn)).size(), 1u);
    }
    store.reset();
    auto db = must(sqlite::Connection::open(path, sqlite::OpenMode::kReadOnly, 5000));
    EXPECT_EQ(must(db->query_text("PRAGMA integrity_check", "integrity check")), "ok");
    EXPECT_EQ(must(db->query_text("PRAGMA foreign_key_check", "fk check")), "");
  }
}

}  // namespace
}  // namespace certflow::store::testing
