// The master key's two sources. The key file holds the key as 64 hex characters and a newline,
// so it reads the same as the CERTFLOW_MASTER_KEY form; 32 raw bytes are accepted too, for
// keys made with `openssl rand 32 > master.key`.
#include "crypto/master_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace certflow::crypto {

namespace {

namespace fs = std::filesystem;

constexpr char kFileName[] = "master.key";
constexpr size_t kMaxFileSize = 4096;  // anything longer is not a key file

std::string errno_text() { return std::error_code(errno, std::generic_category()).message(); }

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Reports close()'s error, which for a file just written can be the write's real failure.
  bool close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

Result<MasterKey> key_from_env(std::string_view value) {
  value = trim(value);
  std::optional<std::string> raw = value.size() == 64 ? hex_decode(value) : base64_decode(value);
  SecretBytes decoded(raw ? std::move(*raw) : std::string());
  if (decoded.size() != MasterKey::kSize) {
    return fail(ErrorCode::kValidation,
                "CERTFLOW_MASTER_KEY is malformed: it must be 64 hexadecimal characters or the "
                "base64 encoding of exactly 32 bytes (for example the output of "
                "`openssl rand -hex 32`).");
  }
  return MasterKey::from_bytes(std::move(decoded));
}

Result<MasterKey> key_from_file_contents(const SecretBytes& contents, const std::string& path) {
  if (contents.size() == MasterKey::kSize) return MasterKey::from_bytes(contents);
  std::string_view text = contents.view();
  if (text.ends_with('\n')) text.remove_suffix(1);
  if (text.ends_with('\r')) text.remove_suffix(1);
  if (text.size() == 2 * MasterKey::kSize) {
    if (auto raw = hex_decode(text)) return MasterKey::from_bytes(SecretBytes(std::move(*raw)));
  }
  return fail(ErrorCode::kInternal,
              path + " is not a valid master key file (" + std::to_string(contents.size()) +
                  " bytes; expected 64 hexadecimal characters and a newline, or 32 raw bytes). "
                  "Restore it from your backup: secrets stored under the original key cannot be "
                  "opened without it.");
}

Result<MasterKey> read_key_file(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return fail(ErrorCode::kInternal, "cannot open " + path + ": " + errno_text());
  SecretBytes contents(std::string(kMaxFileSize + 1, '\0'));
  auto* buffer = const_cast<char*>(contents.data());  // the string inside is not const
  size_t total = 0;
  while (total < contents.size()) {
    ssize_t n = ::read(fd.get(), buffer + total, contents.size() - total);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorCode::kInternal, "cannot read " + path + ": " + errno_text());
    if (n == 0) break;
    total += static_cast<size_t>(n);
  }
  return key_from_file_contents(SecretBytes(std::string(contents.view().substr(0, total))), path);
}

Status write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorCode::kInternal, errno_text());
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

// A key the daemon has started using must survive a power cut, so the data and the directory
// entry are both synced.
Status sync_dir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) {
    return fail(ErrorCode::kInternal, "cannot sync directory " + dir + ": " + errno_text());
  }
  return {};
}

Status ensure_data_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return {};
  fs::path parent = fs::path(dir).lexically_normal().parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return fail(ErrorCode::kInternal, "cannot create data directory " + dir + ": " + errno_text());
  }
  if (!fs::is_directory(dir, ec)) {
    return fail(ErrorCode::kInternal, "data directory " + dir + " exists but is not a directory");
  }
  return {};
}

// Written under a temporary name and published with link(), which fails if master.key exists:
// two first starts racing cannot overwrite each other's key, and no reader ever sees a
// half-written file.
Result<MasterKey> create_key_file(const std::string& dir, const std::string& path) {
  SecretBytes key;
  std::string tmp;
  try {
    key = SecretBytes(random_bytes(MasterKey::kSize));
    tmp = dir + "/.master.key." + hex_encode(random_bytes(8)) + ".tmp";
  } catch (const std::runtime_error&) {
    return fail(ErrorCode::kInternal, "the random number generator failed");
  }
  SecretBytes text(hex_encode(key.view()) + "\n");

  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) return fail(ErrorCode::kInternal, "cannot create " + tmp + ": " + errno_text());
  Status written = write_all(fd.get(), text.view());
  if (written && ::fsync(fd.get()) != 0) written = fail(ErrorCode::kInternal, errno_text());
  if (written && !fd.close()) written = fail(ErrorCode::kInternal, errno_text());
  if (!written) {
    ::unlink(tmp.c_str());
    return fail(ErrorCode::kInternal, "cannot write " + tmp + ": " + written.error().message);
  }
  int linked = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_errno == EEXIST) return read_key_file(path);  // another start won
  if (linked != 0) {
    errno = link_errno;
    return fail(ErrorCode::kInternal, "cannot create " + path + ": " + errno_text());
  }
  if (auto synced = sync_dir(dir); !synced) return tl::unexpected(synced.error());
  return MasterKey::from_bytes(std::move(key));
}

}  // namespace

Result<MasterKey> load_or_create_master_key(const std::string& data_dir,
                                            const std::optional<std::string>& env_value) {
  if (env_value) return key_from_env(*env_value);
  if (data_dir.empty()) {
    return fail(ErrorCode::kInternal,
                "no data directory is configured, so there is nowhere to keep master.key; set one "
                "or give the key in CERTFLOW_MASTER_KEY");
  }
  if (auto ok = ensure_data_dir(data_dir); !ok) return tl::unexpected(ok.error());
  const std::string path = (fs::path(data_dir) / kFileName).string();
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) return read_key_file(path);
  return create_key_file(data_dir, path);
}

}  // namespace certflow::crypto
