// Delivers to log groups (arn:aws:logs:REGION:ACCOUNT:log-group:NAME, as EventBridge's
// CloudWatch Logs targets): each event becomes one record of the group, kept in the store with
// the rule that matched it, so `certflow events tail --rule NAME` (or --log-group) reads it.
// Log groups need no creating: the first record makes one.
#pragma once

#include "core/clock.h"
#include "events/bus/target.h"
#include "store/store.h"

namespace certflow::events::targets {

class LogTarget final : public bus::Target {
 public:
  LogTarget(store::Store& store, const Clock& clock, std::string region, std::string account_id);
  Status check(const std::string& arn) override;
  bus::DeliveryOutcome deliver(const bus::Delivery& delivery) override;
  // One transaction for the whole batch.
  std::vector<bus::DeliveryOutcome> deliver_all(const std::vector<bus::Delivery>& batch) override;

  // The log group an ARN of this installation names; nullopt when it names none.
  std::optional<std::string> log_group(const std::string& arn) const;

 private:
  store::Store& store_;
  const Clock& clock_;
  std::string arn_prefix_;  // arn:aws:logs:REGION:ACCOUNT:log-group:
};

}  // namespace certflow::events::targets
