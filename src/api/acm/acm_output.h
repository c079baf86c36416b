// ACM response shapes: CertificateDetail (DescribeCertificate) and CertificateSummary
// (ListCertificates). Timestamps are epoch seconds, as the JSON protocol sends them.
#pragma once

#include <nlohmann/json.hpp>

#include "inventory/inventory.h"

namespace certflow::api::acm {

nlohmann::json certificate_detail(const inventory::Certificate& cert);
nlohmann::json certificate_summary(const inventory::Certificate& cert);

}  // namespace certflow::api::acm
