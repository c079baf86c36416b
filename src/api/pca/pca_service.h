// The AWS Private CA API (ACMPrivateCA, JSON 1.1, SigV4 service "acm-pca") on top of certflow's
// private certificate authorities. The audit-report and resource-policy operations
// (Create/DescribeCertificateAuthorityAuditReport, Get/Put/DeletePolicy) are not offered: the
// handler answers them with UnknownOperationException.
#pragma once

#include <memory>

#include "api/service.h"
#include "inventory/pca/pca.h"

namespace certflow::api {

std::unique_ptr<JsonService> make_pca_service(certflow::pca::CertificateAuthorities& authorities);

}  // namespace certflow::api
