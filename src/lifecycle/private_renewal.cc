// Renewal of PRIVATE certificates through their private CA, and RenewCertificate's attempt.
#include <spdlog/spdlog.h>

#include "inventory/certificate_events.h"
#include "lifecycle/lifecycle.h"

namespace certflow::lifecycle {

tl::expected<inventory::RenewedCertificate, RenewalFailure> PrivateRenewalIssuer::renew(
    const store::CertificateRow& certificate) {
  auto renewed = inventory_.issue_private_renewal(certificate);
  if (!renewed) {
    return tl::unexpected(RenewalFailure{renewed.error().reason, renewed.error().message});
  }
  return std::move(*renewed);
}

Status LifecycleEngine::renew_now(const std::string& arn) {
  std::lock_guard lock(run_mutex_);
  const TimePoint now = clock_.now();
  const int64_t now_ms = to_epoch_millis(now);
  auto row = store_.get_certificate(arn);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kResourceNotFound, "Could not find certificate " + arn + ".");
  if (!inventory::renewal_eligible(**row, now_ms)) {
    return fail(ErrorCode::kValidation, "The certificate is not eligible for renewal: " + arn +
                                            " must be ISSUED and exported or in use.");
  }
  // The attempt stands for the schedule point the certificate is in (60 when 50 days are left),
  // so the schedule does not repeat it; before the schedule starts it stands for none.
  const int64_t left = inventory::days_to_expiry((*row)->not_after_ms, now_ms);
  int point = 0;
  for (int candidate : kRenewalSchedule) {
    if (left <= candidate) point = candidate;
  }
  EvaluationReport report;
  auto attempted = attempt_renewal(**row, point, /*requested=*/true, now, report);
  if (report.events > 0) notify_events();
  return attempted;
}

}  // namespace certflow::lifecycle
