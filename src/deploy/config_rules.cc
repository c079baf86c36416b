// A deployment configuration's rules: names, selector, paths, owner, mode, reload command,
// endpoint. Every message says what to change.
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/arn.h"
#include "deploy/deploy_config.h"
#include "functions/function_spec.h"  // resolve_program: reload commands resolve as functions do
#include "inventory/inventory.h"

namespace certflow::deploy {
namespace {

constexpr size_t kMaxNameLength = 64;
constexpr size_t kMaxPathLength = 4096;
constexpr size_t kMaxCommandItems = 256;
constexpr size_t kMaxCommandBytes = 64 * 1024;
constexpr size_t kMaxServerNameLength = 253;

Error invalid(std::string message) { return Error{ErrorCode::kValidation, std::move(message)}; }

bool name_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

bool all_digits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// An absolute path to a file (not a directory) in a directory that exists.
Status check_path(const char* what, const std::string& path) {
  if (path.empty() || path[0] != '/') {
    return tl::unexpected(invalid(std::string(what) + " '" + path.substr(0, 200) +
                                  "' is not an absolute path; give one starting with /."));
  }
  if (path.size() > kMaxPathLength || path.find('\0') != std::string::npos) {
    return tl::unexpected(invalid(std::string(what) + " is longer than 4096 bytes or holds NUL."));
  }
  if (path.back() == '/') {
    return tl::unexpected(invalid(std::string(what) + " '" + path +
                                  "' names a directory; give the file's path in it."));
  }
  const size_t slash = path.rfind('/');
  const std::string directory = slash == 0 ? "/" : path.substr(0, slash);
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    return tl::unexpected(invalid(std::string(what) + " '" + path + "': directory " + directory +
                                  " does not exist; create it first."));
  }
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    return tl::unexpected(
        invalid(std::string(what) + " '" + path + "' is a directory; give the file's path in it."));
  }
  return {};
}

Status check_selector(const DeploymentConfig& config) {
  if (config.certificate_arn.has_value() == config.tag.has_value()) {
    return tl::unexpected(
        invalid("Deployment " + config.name +
                " needs exactly one selector: a certificate ARN or a tag (key, optional value)."));
  }
  if (config.certificate_arn) {
    if (auto arn = parse_acm_certificate_arn(*config.certificate_arn); !arn) {
      return tl::unexpected(invalid(arn.error().message));
    }
    return {};
  }
  inventory::Tag tag{config.tag->key, config.tag->value.value_or("")};
  if (auto ok = inventory::validate_tag(tag); !ok)
    return tl::unexpected(invalid(ok.error().message));
  return {};
}

Status check_paths(const DeploymentConfig& config) {
  if (auto ok = check_path("CertificatePath", config.certificate_path); !ok) return ok;
  if (auto ok = check_path("KeyPath", config.key_path); !ok) return ok;
  if (!config.chain_path.empty()) {
    if (auto ok = check_path("ChainPath", config.chain_path); !ok) return ok;
  }
  if (!config.fullchain_path.empty()) {
    if (auto ok = check_path("FullchainPath", config.fullchain_path); !ok) return ok;
  }
  std::set<std::string> seen;
  for (const std::string* path :
       {&config.certificate_path, &config.key_path, &config.chain_path, &config.fullchain_path}) {
    if (path->empty()) continue;
    if (!seen.insert(*path).second) {
      return tl::unexpected(
          invalid("Path " + *path + " is given for two files; each file needs its own path."));
    }
  }
  return {};
}

Status check_reload(DeploymentConfig& config, const std::string& search_path) {
  if (config.reload_timeout_seconds < 1 ||
      config.reload_timeout_seconds > kMaxReloadTimeoutSeconds) {
    return tl::unexpected(invalid("ReloadTimeout " + std::to_string(config.reload_timeout_seconds) +
                                  " is out of range: give 1 to 900 seconds."));
  }
  if (config.reload_command.empty()) return {};
  if (config.reload_command.size() > kMaxCommandItems) {
    return tl::unexpected(invalid("The reload command has at most 256 items."));
  }
  size_t bytes = 0;
  for (const auto& item : config.reload_command) {
    if (item.find('\0') != std::string::npos) {
      return tl::unexpected(invalid("The reload command's items cannot contain NUL characters."));
    }
    bytes += item.size() + 1;
  }
  if (bytes > kMaxCommandBytes || config.reload_command[0].empty()) {
    return tl::unexpected(
        invalid("The reload command must start with a program and be under 64 KiB."));
  }
  auto program = functions::resolve_program(config.reload_command[0], search_path);
  if (!program) return tl::unexpected(invalid("ReloadCommand: " + program.error().message));
  config.reload_command[0] = *program;
  return {};
}

Status check_server_name(const std::string& name) {
  const bool ok =
      name.size() <= kMaxServerNameLength && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
      });
  if (ok) return {};
  return tl::unexpected(invalid("ServerName '" + name.substr(0, 100) +
                                "' is not a host name: letters, digits, - and . only."));
}

}  // namespace

Status validate_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength ||
      !std::all_of(name.begin(), name.end(), name_character)) {
    return tl::unexpected(invalid("Deployment name '" + name.substr(0, 100) +
                                  "' is not valid: use 1 to 64 letters, digits, hyphens and "
                                  "underscores."));
  }
  return {};
}

Result<DeploymentConfig> validated(DeploymentConfig config, const std::string& search_path) {
  if (auto ok = validate_name(config.name); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_selector(config); !ok) return tl::unexpected(ok.error());
  if (auto ok = check_paths(config); !ok) return tl::unexpected(ok.error());
  if (auto owner = resolve_owner(config.owner); !owner) return tl::unexpected(owner.error());
  if (config.mode < 0 || config.mode > 0777) {
    return fail(ErrorCode::kValidation,
                "Mode must be a permission mode from 0000 to 0777 (e.g. 0644); setuid, setgid "
                "and sticky bits are not allowed.");
  }
  if (auto ok = check_reload(config, search_path); !ok) return tl::unexpected(ok.error());
  if (!config.verify.empty()) {
    if (auto endpoint = parse_endpoint(config.verify); !endpoint) {
      return tl::unexpected(endpoint.error());
    }
  }
  if (auto ok = check_server_name(config.server_name); !ok) return tl::unexpected(ok.error());
  return config;
}

Result<std::optional<Owner>> resolve_owner(const std::string& owner) {
  if (owner.empty()) return std::optional<Owner>();
  const size_t colon = owner.find(':');
  const std::string user = owner.substr(0, colon);
  const std::string group = colon == std::string::npos ? "" : owner.substr(colon + 1);
  if (user.empty() || (colon != std::string::npos && group.empty())) {
    return fail(ErrorCode::kValidation,
                "Owner '" + owner + "' is not USER or USER:GROUP (names or numeric ids).");
  }
  Owner out;
  std::vector<char> buffer(16 * 1024);
  if (all_digits(user)) {
    out.uid = static_cast<uid_t>(std::stoul(user));
  } else {
    struct passwd entry {};
    struct passwd* found = nullptr;
    ::getpwnam_r(user.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (found == nullptr) {
      return fail(ErrorCode::kValidation, "Owner: there is no user '" + user +
                                              "' on this machine; create it or give "
                                              "another.");
    }
    out.uid = found->pw_uid;
  }
  if (group.empty()) return std::optional<Owner>(out);
  if (all_digits(group)) {
    out.gid = static_cast<gid_t>(std::stoul(group));
  } else {
    struct group entry {};
    struct group* found = nullptr;
    ::getgrnam_r(group.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (found == nullptr) {
      return fail(ErrorCode::kValidation, "Owner: there is no group '" + group +
                                              "' on this machine; create it or give another.");
    }
    out.gid = found->gr_gid;
  }
  return std::optional<Owner>(out);
}

Result<Endpoint> parse_endpoint(const std::string& text) {
  const auto bad = [&](const std::string& why) {
    return fail(ErrorCode::kValidation, "Verify '" + text.substr(0, 200) + "' " + why +
                                            "; give HOST:PORT, e.g. 127.0.0.1:443 or [::1]:8443.");
  };
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return bad("has no port");
  Endpoint endpoint;
  endpoint.host = text.substr(0, colon);
  if (endpoint.host.front() == '[') {
    if (endpoint.host.size() < 3 || endpoint.host.back() != ']') return bad("has a broken [IPv6]");
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  } else if (endpoint.host.find(':') != std::string::npos) {
    return bad("has an IPv6 address without brackets");
  }
  const std::string port = text.substr(colon + 1);
  if (!all_digits(port) || port.size() > 5) return bad("has no port number");
  endpoint.port = std::stoi(port);
  if (endpoint.port < 1 || endpoint.port > 65535) return bad("has a port outside 1..65535");
  if (endpoint.host.size() > kMaxServerNameLength) return bad("has a host name that is too long");
  return endpoint;
}

}  // namespace certflow::deploy
