// open_sqlite_store: prepares the file, configures the writer, migrates, builds the engine.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"

namespace certflow::store {
namespace {

using sqlite::Connection;

// Readers kept open between reads. The HTTP pool's threads each want one at peak; more than
// this are opened per read and closed after, which is slower but correct.
constexpr size_t kMaxIdleReaders = 16;

Status prepare_file(const std::string& path) {
  const std::filesystem::path file(path);
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
      return fail(ErrorCode::kInternal, "store: cannot create the database directory " +
                                            file.parent_path().string() + ": " + ec.message());
    }
  }
  // Create the file owner-only before SQLite does (it would use 0644): it holds wrapped keys,
  // and SQLite gives the -wal and -shm files the database file's permissions.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(ErrorCode::kInternal, "store: cannot create the database file " + path + ": " +
                                          std::generic_category().message(errno));
  }
  ::close(fd);
  return {};
}

Status configure_writer(Connection& db) {
  auto mode = db.query_text("PRAGMA journal_mode = WAL", "enable WAL");
  if (!mode) return tl::unexpected(mode.error());
  if (*mode != "wal") {
    return fail(ErrorCode::kInternal, "store: the database refused WAL mode (got " + *mode + ")");
  }
  // FULL: in WAL mode, every COMMIT fsyncs the WAL, so commit() means durable.
  if (auto s = db.exec("PRAGMA synchronous = FULL", "set synchronous"); !s) return s;
  // Checkpoint the WAL every ~40 MB instead of every ~4 MB: a lifecycle batch of 10,000 events
  // then commits without a checkpoint of its own most of the time.
  if (auto s = db.exec("PRAGMA wal_autocheckpoint = 10000", "set checkpoint size"); !s) return s;
  if (auto s = db.exec("PRAGMA foreign_keys = ON", "enable foreign keys"); !s) return s;
  auto fk = db.query_text("PRAGMA foreign_keys", "check foreign keys");
  if (!fk) return tl::unexpected(fk.error());
  if (*fk != "1") return fail(ErrorCode::kInternal, "store: SQLite without foreign key support");
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options) {
  if (options.path.empty() || options.path == ":memory:") {
    return fail(ErrorCode::kInternal, "store: the SQLite store needs a database file path");
  }
  if (sqlite3_threadsafe() == 0) {
    return fail(ErrorCode::kInternal, "store: SQLite was built without thread support");
  }
  if (auto s = prepare_file(options.path); !s) return tl::unexpected(s.error());

  auto connection =
      Connection::open(options.path, sqlite::OpenMode::kReadWrite, options.busy_timeout_ms);
  if (!connection) return tl::unexpected(connection.error());
  if (auto s = configure_writer(**connection); !s) return tl::unexpected(s.error());
  if (auto s = sqlite::migrate(**connection); !s) return tl::unexpected(s.error());

  auto writer = std::make_shared<sqlite::Writer>();
  writer->connection = std::move(*connection);
  writer->gate_timeout = std::chrono::milliseconds(options.busy_timeout_ms);
  auto readers =
      std::make_unique<sqlite::ReaderPool>(options.path, options.busy_timeout_ms, kMaxIdleReaders);
  // Open one reader now so a database readers cannot use fails at startup, not on first read.
  if (auto lease = readers->acquire(); !lease) return tl::unexpected(lease.error());
  return std::make_unique<sqlite::SqliteStore>(std::move(writer), std::move(readers));
}

}  // namespace certflow::store
