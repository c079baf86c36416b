// Functions: create, get, list, delete, and the ARNs.
#include "functions/functions.h"

#include <algorithm>

#include "functions/builtin_registry.h"
#include "functions/function_spec.h"
#include "functions/process.h"
#include "functions/worker_pool.h"

namespace certflow::functions {
namespace {

constexpr size_t kMaxPageSize = 50;  // Lambda's MaxItems

Error not_found(const std::string& name) {
  return Error{ErrorCode::kResourceNotFound,
               "Function " + name + " does not exist (`certflow function list` shows them)."};
}

}  // namespace

Functions::Functions(store::Store& store, const Clock& clock, Config config)
    : store_(store),
      clock_(clock),
      config_(std::move(config)),
      runner_(std::make_unique<ProcessRunner>()),
      pool_(std::make_unique<WorkerPool>(config_.max_concurrent)),
      builtins_(std::make_unique<BuiltinRegistry>()) {}

Functions::~Functions() {
  // stop() without the built-ins' hooks: what they stop may be gone already (it is built after
  // this, so destroyed before).
  stopping_ = true;
  runner_->kill_all();
  pool_.reset();  // joins the workers while the runner they use still exists
}

std::string Functions::arn(const std::string& name) const {
  return "arn:aws:lambda:" + config_.region + ":" + config_.account_id + ":function:" + name;
}

std::optional<std::string> Functions::name_from_arn(const std::string& text) const {
  const std::string prefix = arn("");
  if (text.size() <= prefix.size() || text.compare(0, prefix.size(), prefix) != 0) {
    return std::nullopt;
  }
  std::string name = text.substr(prefix.size());
  if (!validate_name(name)) return std::nullopt;  // also refuses a version or alias (":1")
  return name;
}

Result<FunctionInfo> Functions::create(const FunctionSpec& spec) {
  if (auto ok = validate_spec(spec); !ok) return tl::unexpected(ok.error());
  if (builtins_->contains(spec.name)) {
    return fail(
        ErrorCode::kResourceAlreadyExists,
        "Function " + spec.name + " is a built-in function of certflow; choose another name.");
  }
  FunctionInfo function;
  function.name = spec.name;
  function.arn = arn(spec.name);
  function.command = spec.command;
  // Resolved once, so that a later change of the daemon's PATH does not change what runs.
  auto program = resolve_program(spec.command[0], config_.search_path);
  if (!program) return tl::unexpected(program.error());
  function.command[0] = *program;
  function.timeout_seconds = spec.timeout_seconds;
  function.description = spec.description;
  function.environment = spec.environment;
  function.created = clock_.now();

  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto existing = (*txn)->get_resource(kResourceKind, spec.name);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    return fail(ErrorCode::kResourceAlreadyExists,
                "Function " + spec.name + " already exists; delete it first (`certflow function " +
                    "delete " + spec.name + "`) to change it.");
  }
  if (auto ok = (*txn)->put_resource(to_row(function)); !ok) return tl::unexpected(ok.error());
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  return function;
}

Result<FunctionInfo> Functions::get(const std::string& name) {
  if (auto builtin = builtin_info(name)) return *builtin;
  auto row = store_.get_resource(kResourceKind, name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(not_found(name));
  return from_row(**row);
}

Result<Page<FunctionInfo>> Functions::list(const std::string& prefix,
                                           const std::optional<std::string>& next_token,
                                           size_t limit) {
  if (limit < 1 || limit > kMaxPageSize) {
    return fail(ErrorCode::kValidation, "A page holds 1 to 50 functions.");
  }
  store::ResourceListRequest request{kResourceKind, prefix, next_token, limit + 1};
  if (next_token && !validate_name(*next_token)) {
    return fail(ErrorCode::kValidation,
                "NextToken is not one ListFunctions returned; leave it out to start again.");
  }
  auto rows = store_.list_resources(request);
  if (!rows) return tl::unexpected(rows.error());
  // Built-ins join the stored functions in name order. The stored rows fetched are the first
  // limit + 1 after the token, so every stored row not fetched sorts after a full page.
  std::vector<FunctionInfo> merged;
  for (const auto& name : builtins_->names(prefix, next_token)) {
    if (auto builtin = builtin_info(name)) merged.push_back(std::move(*builtin));
  }
  for (const auto& row : *rows) {
    if (builtins_->contains(row.name)) continue;  // hidden by the built-in of that name
    auto function = from_row(row);
    if (!function) return tl::unexpected(function.error());
    merged.push_back(std::move(*function));
  }
  std::sort(merged.begin(), merged.end(),
            [](const FunctionInfo& a, const FunctionInfo& b) { return a.name < b.name; });
  Page<FunctionInfo> page;
  for (auto& function : merged) {
    if (page.items.size() == limit) {
      page.next_token = page.items.back().name;
      break;
    }
    page.items.push_back(std::move(function));
  }
  return page;
}

Status Functions::remove(const std::string& name) {
  if (builtins_->contains(name)) {
    return fail(ErrorCode::kValidation,
                "Function " + name + " is a built-in function of certflow; it cannot be deleted.");
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto deleted = (*txn)->delete_resource(kResourceKind, name);
  if (!deleted) return tl::unexpected(deleted.error());
  if (!*deleted) return tl::unexpected(not_found(name));
  return (*txn)->commit();
}

void Functions::stop() {
  stopping_ = true;
  runner_->kill_all();
  builtins_->stop_all();
}

}  // namespace certflow::functions
