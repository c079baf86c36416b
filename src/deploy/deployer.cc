// Deployer: the configurations (put, get, list, delete), the wake listener and stop.
#include "deploy/deploy_config.h"
#include "deploy/reload.h"

namespace certflow::deploy {
namespace {

constexpr size_t kListPage = 500;

Error not_found(const std::string& name) {
  return Error{ErrorCode::kResourceNotFound,
               "Deployment " + name + " does not exist (`certflow deploy list` shows them)."};
}

}  // namespace

Deployer::Deployer(store::Store& store, inventory::Inventory& inventory, const Clock& clock,
                   DeployerOptions options)
    : store_(store),
      inventory_(inventory),
      clock_(clock),
      options_(std::move(options)),
      reloads_(
          std::make_unique<ReloadRunner>(options_.reload_environment, options_.max_output_bytes)) {
  if (!options_.pause) options_.pause = [](std::chrono::milliseconds d) { RealClock::pause(d); };
}

Deployer::~Deployer() = default;

Result<DeploymentConfig> Deployer::put(const DeploymentConfig& wanted) {
  auto config = validated(wanted, options_.search_path);
  if (!config) return tl::unexpected(config.error());
  const TimePoint now = clock_.now();
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto existing = (*txn)->get_resource(kResourceKind, config->name);
  if (!existing) return tl::unexpected(existing.error());
  config->created = *existing ? from_epoch_millis((*existing)->created_at_ms) : now;
  config->modified = now;
  if (auto ok = (*txn)->put_resource(to_row(*config, options_.region, options_.account_id)); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  return config;
}

Result<DeploymentConfig> Deployer::get(const std::string& name) {
  if (auto ok = validate_name(name); !ok) return tl::unexpected(ok.error());
  auto row = store_.get_resource(kResourceKind, name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(not_found(name));
  return from_row(**row);
}

Result<std::vector<DeploymentConfig>> Deployer::list() {
  std::vector<DeploymentConfig> out;
  store::ResourceListRequest request{kResourceKind, "", std::nullopt, kListPage};
  for (;;) {
    auto rows = store_.list_resources(request);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : *rows) {
      auto config = from_row(row);
      if (!config) return tl::unexpected(config.error());
      out.push_back(std::move(*config));
    }
    if (rows->size() < kListPage) return out;
    request.start_after = rows->back().name;
  }
}

Status Deployer::remove(const std::string& name) {
  if (auto ok = validate_name(name); !ok) return ok;
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto deleted = (*txn)->delete_resource(kResourceKind, name);
  if (!deleted) return tl::unexpected(deleted.error());
  if (!*deleted) return tl::unexpected(not_found(name));
  return (*txn)->commit();
}

void Deployer::set_wake_listener(std::function<void()> listener) {
  std::lock_guard lock(wake_mutex_);
  wake_ = std::move(listener);
}

void Deployer::stop() {
  stopping_ = true;
  reloads_->kill_all();
}

}  // namespace certflow::deploy
