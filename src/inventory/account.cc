// GetAccountConfiguration / PutAccountConfiguration.
#include <chrono>

#include "inventory/inventory.h"

namespace certflow::inventory {

namespace {
constexpr auto kIdempotencyLifetime = std::chrono::hours(1);
constexpr const char* kPutAccountScope = "acm:PutAccountConfiguration";
}  // namespace

Result<store::AccountConfig> Inventory::get_account_configuration() {
  return store_.get_account_config();
}

Status Inventory::put_account_configuration(std::optional<int> days_before_expiry,
                                            const std::string& idempotency_token) {
  if (days_before_expiry && (*days_before_expiry < 1 || *days_before_expiry > 45)) {
    return fail(ErrorCode::kValidation,
                "ExpiryEvents.DaysBeforeExpiry must be between 1 and 45; got " +
                    std::to_string(*days_before_expiry) + ".");
  }
  const TimePoint now = clock_.now();
  const std::string fingerprint =
      days_before_expiry ? std::to_string(*days_before_expiry) : std::string("unchanged");

  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto seen = (*txn)->get_idempotency(kPutAccountScope, idempotency_token, to_epoch_millis(now));
  if (!seen) return tl::unexpected(seen.error());
  if (*seen) {
    if ((*seen)->fingerprint == fingerprint) return {};  // a retry of the same request
    return fail(ErrorCode::kConflict,
                "IdempotencyToken '" + idempotency_token +
                    "' was already used within the last hour with a different configuration; "
                    "use a new token.");
  }
  if (days_before_expiry) {
    auto config = (*txn)->get_account_config();
    if (!config) return tl::unexpected(config.error());
    config->days_before_expiry = *days_before_expiry;
    if (auto ok = (*txn)->put_account_config(*config); !ok) return ok;
  }
  store::IdempotencyRecord record{kPutAccountScope, idempotency_token, fingerprint, "{}",
                                  to_epoch_millis(now + kIdempotencyLifetime)};
  if (auto ok = (*txn)->put_idempotency(record); !ok) return ok;
  return (*txn)->commit();
}

Status Inventory::set_expiry_lifetime_percent(int percent) {
  if (percent < 0 || percent > 100) {
    return fail(ErrorCode::kValidation,
                "ExpiryEventsLifetimePercent must be between 0 (off) and 100; got " +
                    std::to_string(percent) + ".");
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto config = (*txn)->get_account_config();
  if (!config) return tl::unexpected(config.error());
  config->expiry_lifetime_percent = percent;
  if (auto ok = (*txn)->put_account_config(*config); !ok) return ok;
  return (*txn)->commit();
}

}  // namespace certflow::inventory
