// Private to the findings room: an ACM event as EventBridge delivers it, read defensively (the
// bus may hand a target anything a rule matched, or a transformed input).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"

namespace certflow::findings {

enum class AcmEventKind {
  kApproachingExpiration,
  kRenewalActionRequired,
  kExpired,
  kAvailable,
  kRevoked,  // ACM Certificate Revoked and ACM Certificate Revoked By CA
  kOther,    // Rotated, API calls via CloudTrail, ...: no finding
};

struct AcmEvent {
  AcmEventKind kind = AcmEventKind::kOther;
  std::string detail_type;
  std::string id;
  std::string account;
  std::string region;
  TimePoint time;
  std::string certificate_arn;
  std::string partition;           // of the certificate ARN
  std::string certificate_region;  // of the certificate ARN
  // detail members; absent ones stay empty/nullopt (only some events carry them)
  std::string common_name;
  std::optional<int64_t> days_to_expiry;
  std::string certificate_type;  // AMAZON_ISSUED | PRIVATE | IMPORTED
  std::string expiration_date;   // CertificateExpirationDate as sent
  std::string created_date;      // CertificateCreatedDate as sent
  std::optional<bool> in_use;
  std::string renewal_status_reason;
  std::string action;             // Available: ISSUANCE | RENEWAL | IMPORT | REIMPORT
  std::string revocation_reason;  // Revoked By CA
};

// kValidation, naming what is wrong, for anything that is not an ACM event with a certificate.
Result<AcmEvent> parse_acm_event(std::string_view event_json);

}  // namespace certflow::findings
