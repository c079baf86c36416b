// IssueCertificate's Validity and ValidityNotBefore turned into NotBefore / NotAfter, with the
// checks AWS Private CA applies to them. Private to src/inventory/pca.
#pragma once

#include <optional>

#include "inventory/pca/pca.h"

namespace certflow::pca {

// The default NotBefore is this far before the issuance time, as AWS Private CA does, so a
// client whose clock runs a little behind already accepts a fresh certificate.
inline constexpr std::chrono::minutes kNotBeforeBackdate{60};
// UsageMode SHORT_LIVED_CERTIFICATE: at most this long.
inline constexpr std::chrono::hours kShortLivedMaximum{7 * 24};

// NotAfter from Validity (END_DATE, ABSOLUTE, DAYS, MONTHS, YEARS), relative ones counted from
// `now`. kInvalidArgs naming the value when it is not a valid time.
Result<TimePoint> validity_end(const Validity& validity, TimePoint now);
// NotBefore from ValidityNotBefore, an explicit time (ABSOLUTE or END_DATE); nullopt when not
// given. kInvalidArgs for a relative type or an invalid time.
Result<std::optional<TimePoint>> validity_start(const std::optional<Validity>& validity);

}  // namespace certflow::pca
