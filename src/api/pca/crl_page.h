// The CRLs certflow's private CAs sign, served without a signature at the URL issued
// certificates name in their CRL distribution point: GET /crl/<ca-uuid>.crl answers the CA's
// current CRL as DER (application/pkix-crl), or 404 when the CA is unknown, has no certificate
// yet or does not publish a CRL.
#pragma once

#include "api/api_handler.h"
#include "inventory/pca/pca.h"

namespace certflow::api {

ApiHandler::PublicPage make_crl_page(certflow::pca::CertificateAuthorities& authorities);

}  // namespace certflow::api
