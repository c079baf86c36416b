// Human-readable renderings of ACM JSON for the CLI.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"

namespace certflow::cli {

// Columns: DOMAIN, TYPE, STATUS, NOT AFTER, DAYS LEFT, ARN; sorted by NotAfter, soonest first.
std::string render_certificate_table(const nlohmann::json& summaries, TimePoint now);
// "Field: value" lines of a CertificateDetail.
std::string render_certificate_detail(const nlohmann::json& detail);

}  // namespace certflow::cli
