#include "deploy/atomic_file.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/ids.h"

namespace certflow::deploy {
namespace {

// Closes on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // close() reports errors a delayed write may only show now.
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

struct WipedOnExit {
  std::string& bytes;
  ~WipedOnExit() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

Error system_error(const std::string& what, const std::string& path, int error) {
  return Error{ErrorCode::kInternal, "cannot " + what + " " + path + ": " + std::strerror(error)};
}

std::string directory_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string basename_of(const std::string& path) { return path.substr(path.rfind('/') + 1); }

Status write_all(int fd, std::string_view content, const std::string& path) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return tl::unexpected(system_error("write", path, errno));
    }
    content.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

// The rest of the temporary file's life; `temp` is removed on failure by the caller.
Status fill(int fd, const std::string& temp, std::string_view content, int mode,
            const std::optional<Owner>& owner) {
  if (auto ok = write_all(fd, content, temp); !ok) return ok;
  if (::fsync(fd) != 0) return tl::unexpected(system_error("fsync", temp, errno));
  if (owner && ::fchown(fd, owner->uid, owner->gid) != 0) {
    return tl::unexpected(
        system_error("set the owner (as " + std::to_string(::geteuid()) + ") of", temp, errno));
  }
  // After fchown (which may clear mode bits) and beyond the umask, which applied at creation.
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
    return tl::unexpected(system_error("set the mode of", temp, errno));
  }
  return {};
}

}  // namespace

bool file_matches(const std::string& path, std::string_view content, int mode,
                  const std::optional<Owner>& owner) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return false;
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  if (static_cast<size_t>(info.st_size) != content.size()) return false;
  if (static_cast<int>(info.st_mode & 07777) != mode) return false;
  if (owner && owner->uid != static_cast<uid_t>(-1) && info.st_uid != owner->uid) return false;
  if (owner && owner->gid != static_cast<gid_t>(-1) && info.st_gid != owner->gid) return false;
  std::string existing(content.size(), '\0');
  WipedOnExit wipe{existing};  // the file may be a private key
  size_t have = 0;
  while (have < content.size()) {
    const ssize_t got = ::read(fd.get(), existing.data() + have, content.size() - have);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    have += static_cast<size_t>(got);
  }
  return existing == content;
}

Result<bool> write_atomically(const std::string& path, std::string_view content, int mode,
                              const std::optional<Owner>& owner) {
  if (file_matches(path, content, mode, owner)) return false;
  const std::string directory = directory_of(path);
  // Hidden, beside the file (rename is atomic only within a file system), and unique.
  const std::string temp = directory + "/." + basename_of(path) + ".certflow-" + new_uuid();
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
               static_cast<mode_t>(mode)));
  if (!fd.valid()) return tl::unexpected(system_error("create", temp, errno));
  Status filled = fill(fd.get(), temp, content, mode, owner);
  if (filled && fd.close() != 0) filled = tl::unexpected(system_error("close", temp, errno));
  if (filled && ::rename(temp.c_str(), path.c_str()) != 0) {
    filled = tl::unexpected(system_error("rename a new file over", path, errno));
  }
  if (!filled) {
    ::unlink(temp.c_str());
    return tl::unexpected(filled.error());
  }
  // The rename itself is durable only once the directory is.
  Fd dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid() || ::fsync(dir.get()) != 0) {
    return tl::unexpected(system_error("fsync the directory", directory, errno));
  }
  return true;
}

}  // namespace certflow::deploy
