#include "cli/credentials.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace certflow::cli {

namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

Result<Credentials> read_credentials_file(const std::string& path, const std::string& profile) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::kValidation, "Cannot read credentials file " + path + ".");
  std::string line;
  std::string section;
  Credentials creds;
  std::string secret;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = trim(line.substr(1, line.size() - 2));
      if (section.rfind("profile ", 0) == 0) section = trim(section.substr(8));
      continue;
    }
    if (section != profile) continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 1));
    if (key == "aws_access_key_id") creds.access_key_id = value;
    if (key == "aws_secret_access_key") secret = value;
  }
  if (creds.access_key_id.empty() || secret.empty()) {
    return fail(ErrorCode::kValidation, "Profile [" + profile + "] in " + path +
                                            " has no aws_access_key_id and aws_secret_access_key.");
  }
  creds.secret_access_key = crypto::SecretBytes(std::move(secret));
  creds.source = path + " [" + profile + "]";
  return creds;
}

Status write_credentials_file(const std::string& path, const std::string& access_key_id,
                              const crypto::SecretBytes& secret) {
  std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail(ErrorCode::kInternal, "Cannot create " + tmp + ".");
  std::string text = "[default]\naws_access_key_id = " + access_key_id +
                     "\naws_secret_access_key = " + std::string(secret.view()) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return fail(ErrorCode::kInternal, "Cannot write " + path + ".");
  }
  return {};
}

Result<Credentials> resolve_credentials(const CredentialSources& sources) {
  if (sources.data_dir) {
    return read_credentials_file(*sources.data_dir + "/admin-credentials", "default");
  }
  std::string shared = env("AWS_SHARED_CREDENTIALS_FILE")
                           .value_or(env("HOME").value_or("/root") + "/.aws/credentials");
  if (sources.profile) return read_credentials_file(shared, *sources.profile);
  auto id = env("AWS_ACCESS_KEY_ID");
  auto secret = env("AWS_SECRET_ACCESS_KEY");
  if (id && secret) {
    return Credentials{*id, crypto::SecretBytes(*secret), "environment"};
  }
  auto profile = env("AWS_PROFILE");
  if (profile || file_exists(shared)) {
    auto creds = read_credentials_file(shared, profile.value_or("default"));
    if (creds || profile) return creds;
  }
  std::string fallback = std::string(kDefaultDataDir) + "/admin-credentials";
  if (file_exists(fallback)) return read_credentials_file(fallback, "default");
  return fail(ErrorCode::kMissingAuthenticationToken,
              "No credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass "
              "--profile NAME, or pass --data-dir DIR to use the daemon's admin-credentials.");
}

std::string resolve_endpoint(const std::optional<std::string>& flag) {
  if (flag) return *flag;
  return env("CERTFLOW_ENDPOINT_URL").value_or(std::string("http://") + kDefaultListen);
}

std::string resolve_region(const std::optional<std::string>& flag) {
  if (flag) return *flag;
  if (auto region = env("AWS_REGION")) return *region;
  return env("AWS_DEFAULT_REGION").value_or("us-east-1");
}

}  // namespace certflow::cli
