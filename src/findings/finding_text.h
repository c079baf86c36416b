// Private to the findings room: the words of a finding (title, description, what to do) and its
// severity, from what is known about the certificate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "findings/acm_event.h"

namespace certflow::findings {

// What a finding knows about its certificate and the current problem.
struct CertificateState {
  std::string common_name;
  std::string certificate_type;  // AMAZON_ISSUED | PRIVATE | IMPORTED | "" (not told yet)
  std::string not_after;         // as the events write it
  std::string created;
  std::string status;             // ISSUED | EXPIRED | REVOKED
  std::optional<int64_t> days;    // days to expiry at the last event that said
  std::string renewal_reason;     // set while managed renewal is blocked
  std::string revocation_reason;  // Revoked By CA's RevocationReason
  std::optional<bool> in_use;
};

struct FindingText {
  std::string severity;     // LOW | MEDIUM | HIGH | CRITICAL
  std::string title;        // at most 256 characters, as ASFF allows
  std::string description;  // at most 1024
  std::string remediation;  // at most 512
  std::string url;          // the AWS documentation page that helps
};

// Severity: Expired and revoked HIGH; blocked renewal HIGH at 15 days or fewer, else MEDIUM;
// approaching expiry HIGH at 7 days or fewer, MEDIUM at 30 or fewer, else LOW. The highest
// that applies.
FindingText problem_text(const std::string& certificate_arn, const CertificateState& state);

// The description of a finding an Available event resolved.
std::string resolved_text(const AcmEvent& event, const CertificateState& state,
                          const std::string& title);

}  // namespace certflow::findings
