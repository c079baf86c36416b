// The lifecycle timeline as pure functions of a certificate, the account settings and a time.
// The engine and the forecast both decide "what is due" here, so they cannot disagree.
#pragma once

#include <cstdint>

#include "store/store.h"

namespace certflow::lifecycle {

// What the timeline needs of a certificate.
struct Timeline {
  int64_t not_before_ms = 0;
  int64_t not_after_ms = 0;
  int renewal_attempt_days = 0;  // store::CertificateRow::renewal_attempt_days
};
inline Timeline timeline_of(const store::CertificateRow& row) {
  return {row.not_before_ms, row.not_after_ms, row.renewal_attempt_days};
}

// The first UTC midnight strictly after ms.
int64_t next_midnight_ms(int64_t ms);

// Days before expiry at which Approaching Expiration starts for this certificate: the account's
// DaysBeforeExpiry, or with the short-lived setting on, the smaller of that and the configured
// percentage of the certificate's lifetime (whole days, at least 1).
int64_t approaching_window_days(const Timeline& cert, const store::AccountConfig& config);

// An evaluation at now_ms emits Approaching Expiration for this certificate.
bool approaching_due(const Timeline& cert, const store::AccountConfig& config, int64_t now_ms);

// The renewal schedule point (60, 45, ...) an evaluation at now_ms should attempt for this
// certificate, or 0 when no attempt is due: the smallest point not later than now whose attempt
// has not been made yet. After a gap this is one attempt, at the latest point passed.
int renewal_point_due(const Timeline& cert, int64_t now_ms);

}  // namespace certflow::lifecycle
