// The ACM event types, built from a certificate as the inventory keeps it. Each builder returns
// an outbox record (store::EventRecord) holding the whole EventBridge event, shaped as AWS
// documents it (../shared/reference/acm-events.md), and the dedup key that makes its occurrence
// exactly-once: "<occurrence>|<detail-type>|<arn>", the occurrence being the UTC day
// (Approaching Expiration, Renewal Action Required), the NotAfter (Expired), or the time and row
// version (Available).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "inventory/inventory.h"
#include "store/store.h"

namespace certflow::inventory {

inline constexpr std::string_view kApproachingExpiration = "ACM Certificate Approaching Expiration";
inline constexpr std::string_view kExpired = "ACM Certificate Expired";
inline constexpr std::string_view kAvailable = "ACM Certificate Available";
inline constexpr std::string_view kRenewalActionRequired =
    "ACM Certificate Renewal Action Required";

inline constexpr int64_t kMillisPerDay = 86'400'000;

// Whole days left before NotAfter, rounded up (ACM counts a certificate expiring in 30 days and
// 2 hours as 31 days out); 0 once it has expired.
int64_t days_to_expiry(int64_t not_after_ms, int64_t now_ms);
// Days since the Unix epoch of the UTC day holding ms.
int64_t utc_day(int64_t ms);

// Approaching Expiration for the evaluation of now's UTC day.
store::EventRecord approaching_expiration_event(const InventoryConfig& config,
                                                const store::CertificateRow& row, TimePoint now);
// Expired, stamped at the certificate's NotAfter.
store::EventRecord expired_event(const InventoryConfig& config, const store::CertificateRow& row);
// Available after `row` was written: action is IMPORT, REIMPORT, ISSUANCE or RENEWAL. row.version
// is the version the write produced.
store::EventRecord available_event(const InventoryConfig& config, const store::CertificateRow& row,
                                   std::string_view action, TimePoint now);
// Renewal Action Required after a failed attempt; reason is ACM's FailureReason.
store::EventRecord renewal_action_required_event(const InventoryConfig& config,
                                                 const store::CertificateRow& row,
                                                 std::string_view reason, TimePoint now);

// Logs an event that was committed to the outbox (info level, one line).
void log_emitted(const store::EventRecord& event);

}  // namespace certflow::inventory
