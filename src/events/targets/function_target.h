// Delivers to certflow's functions (src/functions/), the stand-in for Lambda: the event (or its
// transformed input) goes to the function's stdin. Exit status 0 is a delivery; anything else
// is a failure the bus retries. Each invocation's output goes to the daemon log and, as one log
// record, to the log group /aws/lambda/NAME (`certflow events tail --log-group ...`).
#pragma once

#include "core/clock.h"
#include "events/bus/target.h"
#include "functions/functions.h"
#include "store/store.h"

namespace certflow::events::targets {

class FunctionTarget final : public bus::Target {
 public:
  // `clock` stamps the log records: the bus's (lifecycle) clock, so they line up with events.
  FunctionTarget(functions::Functions& functions, store::Store& store, const Clock& clock)
      : functions_(functions), store_(store), clock_(clock) {}

  Status check(const std::string& arn) override;
  bus::DeliveryOutcome deliver(const bus::Delivery& delivery) override;
  // The batch runs on the functions' worker pool, side by side.
  std::vector<bus::DeliveryOutcome> deliver_all(const std::vector<bus::Delivery>& batch) override;

 private:
  functions::Functions& functions_;
  store::Store& store_;
  const Clock& clock_;
};

// "/aws/lambda/NAME", as Lambda names a function's log group.
std::string function_log_group(const std::string& name);

}  // namespace certflow::events::targets
