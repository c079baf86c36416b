#include "findings/findings_target.h"

namespace certflow::findings {

Status FindingsTarget::check(const std::string& arn) {
  if (arn != findings_.hub_arn()) {
    return fail(ErrorCode::kValidation,
                "'" + arn + "' is not this installation's Security Hub: a findings target names " +
                    findings_.hub_arn() +
                    " (its region and account are the ones `certflow serve` runs with).");
  }
  return {};
}

events::bus::DeliveryOutcome FindingsTarget::deliver(const events::bus::Delivery& delivery) {
  if (delivery.target_arn != findings_.hub_arn()) {
    return tl::unexpected(events::bus::DeliveryFailure{
        "ResourceNotFound", delivery.target_arn + " is not this installation's hub", false});
  }
  auto recorded = findings_.record_event(delivery.payload);
  if (recorded) return {};
  if (recorded.error().code == ErrorCode::kValidation) {
    return tl::unexpected(
        events::bus::DeliveryFailure{"NotAnAcmEvent", recorded.error().message, false});
  }
  return tl::unexpected(
      events::bus::DeliveryFailure{"StoreUnavailable", recorded.error().message, true});
}

}  // namespace certflow::findings
