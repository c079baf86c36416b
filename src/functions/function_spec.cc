#include "functions/function_spec.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>

namespace certflow::functions {
namespace {

constexpr size_t kMaxNameLength = 64;
constexpr size_t kMaxDescriptionLength = 256;
constexpr size_t kMaxCommandItems = 256;
constexpr size_t kMaxCommandBytes = 64 * 1024;
constexpr size_t kMaxVariableNameLength = 128;
constexpr size_t kMaxEnvironmentBytes = 16 * 1024;

// Set by certflow for every invocation (invoke.cc); a function cannot override them.
bool reserved_variable(const std::string& name) {
  return name.rfind("CERTFLOW_FUNCTION_", 0) == 0 || name == "AWS_LAMBDA_FUNCTION_NAME" ||
         name == "AWS_REGION";
}

bool name_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

bool variable_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxVariableNameLength) return false;
  if (std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool has_nul(const std::string& text) { return text.find('\0') != std::string::npos; }

// kValidation unless `path` is an executable regular file.
Status check_executable(const std::string& path, const std::string& shown_as) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return fail(ErrorCode::kValidation, "Command '" + shown_as + "' cannot be used: " +
                                            std::strerror(errno) + " (" + path + ").");
  }
  if (S_ISDIR(info.st_mode)) {
    return fail(ErrorCode::kValidation, "Command '" + path + "' is a directory, not a program.");
  }
  if (!S_ISREG(info.st_mode)) {
    return fail(ErrorCode::kValidation, "Command '" + path + "' is not a regular file.");
  }
  if (::access(path.c_str(), X_OK) != 0) {
    return fail(ErrorCode::kValidation,
                "Command '" + path +
                    "' is not executable by the daemon's user; make it executable (chmod +x).");
  }
  return {};
}

}  // namespace

Status validate_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength ||
      !std::all_of(name.begin(), name.end(), name_character)) {
    return fail(ErrorCode::kValidation,
                "Function name '" + name.substr(0, 100) +
                    "' is not valid: use 1 to 64 letters, digits, hyphens and underscores.");
  }
  return {};
}

Status validate_spec(const FunctionSpec& spec) {
  if (auto ok = validate_name(spec.name); !ok) return ok;
  if (spec.command.empty() || spec.command[0].empty()) {
    return fail(ErrorCode::kValidation,
                "A function needs a command: the program to run and its arguments.");
  }
  if (spec.command.size() > kMaxCommandItems) {
    return fail(ErrorCode::kValidation, "A command has at most 256 items (program and arguments).");
  }
  size_t command_bytes = 0;
  for (const auto& item : spec.command) {
    if (has_nul(item)) {
      return fail(ErrorCode::kValidation, "The command's items cannot contain NUL characters.");
    }
    command_bytes += item.size() + 1;
  }
  if (command_bytes > kMaxCommandBytes) {
    return fail(ErrorCode::kValidation, "The command is longer than 64 KiB.");
  }
  if (spec.timeout_seconds < 1 || spec.timeout_seconds > kMaxTimeoutSeconds) {
    return fail(ErrorCode::kValidation, "Timeout " + std::to_string(spec.timeout_seconds) +
                                            " is out of range: give 1 to 900 seconds.");
  }
  if (spec.description.size() > kMaxDescriptionLength) {
    return fail(ErrorCode::kValidation, "The description is longer than 256 characters.");
  }
  size_t environment_bytes = 0;
  for (const auto& [name, value] : spec.environment) {
    if (!variable_name(name)) {
      return fail(ErrorCode::kValidation,
                  "Environment variable name '" + name.substr(0, 100) +
                      "' is not valid: use letters, digits and underscores, not starting with a "
                      "digit (at most 128).");
    }
    if (reserved_variable(name)) {
      return fail(ErrorCode::kValidation,
                  "Environment variable " + name +
                      " is set by certflow for every invocation (CERTFLOW_FUNCTION_*, "
                      "AWS_LAMBDA_FUNCTION_NAME, AWS_REGION); choose another name.");
    }
    if (has_nul(value)) {
      return fail(ErrorCode::kValidation,
                  "The value of environment variable " + name + " contains a NUL character.");
    }
    environment_bytes += name.size() + value.size() + 2;
  }
  if (environment_bytes > kMaxEnvironmentBytes) {
    return fail(ErrorCode::kValidation, "The environment variables exceed 16 KiB in total.");
  }
  return {};
}

Result<std::string> resolve_program(const std::string& program, const std::string& search_path) {
  if (program.find('/') != std::string::npos) {
    if (program[0] != '/') {
      return fail(ErrorCode::kValidation,
                  "Command '" + program +
                      "' is a relative path; give an absolute path, or a bare name found on the "
                      "daemon's PATH.");
    }
    if (auto ok = check_executable(program, program); !ok) return tl::unexpected(ok.error());
    return program;
  }
  std::optional<Error> first_problem;  // a match on PATH that cannot be run
  size_t start = 0;
  while (start <= search_path.size()) {
    size_t end = search_path.find(':', start);
    if (end == std::string::npos) end = search_path.size();
    const std::string directory = search_path.substr(start, end - start);
    start = end + 1;
    if (directory.empty() || directory[0] != '/') continue;  // a relative PATH entry is ignored
    const std::string candidate = directory + "/" + program;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) != 0) continue;
    auto ok = check_executable(candidate, program);
    if (ok) return candidate;
    if (!first_problem) first_problem = ok.error();
  }
  if (first_problem) return tl::unexpected(*first_problem);
  return fail(ErrorCode::kValidation, "Command '" + program +
                                          "' was not found on the daemon's PATH (" + search_path +
                                          "); give an absolute path.");
}

store::ResourceRow to_row(const FunctionInfo& function) {
  nlohmann::json details = {{"command", function.command},
                            {"timeout", function.timeout_seconds},
                            {"description", function.description},
                            {"environment", function.environment}};
  const int64_t created = to_epoch_millis(function.created);
  return store::ResourceRow{kResourceKind,  function.name, function.arn,
                            details.dump(), created,       created};
}

Result<FunctionInfo> from_row(const store::ResourceRow& row) {
  auto details = nlohmann::json::parse(row.details_json, nullptr, /*allow_exceptions=*/false);
  FunctionInfo function;
  function.name = row.name;
  function.arn = row.arn;
  function.created = from_epoch_millis(row.created_at_ms);
  try {
    function.command = details.at("command").get<std::vector<std::string>>();
    function.timeout_seconds = details.at("timeout").get<int>();
    function.description = details.value("description", "");
    function.environment = details.value("environment", std::map<std::string, std::string>{});
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::kInternal,
                "the stored settings of function " + row.name + " cannot be read: " + e.what());
  }
  if (function.command.empty()) {
    return fail(ErrorCode::kInternal, "the stored function " + row.name + " has no command");
  }
  return function;
}

}  // namespace certflow::functions
