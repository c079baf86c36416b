// Private CA response shapes: CertificateAuthority (DescribeCertificateAuthority,
// ListCertificateAuthorities), Permission (ListPermissions) and tag lists. Timestamps are epoch
// seconds, as the JSON protocol sends them; members without a value are left out, as AWS does.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "inventory/pca/pca.h"
#include "store/store.h"

namespace certflow::api::privateca {

nlohmann::json certificate_authority(const certflow::pca::CertificateAuthority& ca);
nlohmann::json subject(const pki::DistinguishedName& name);
nlohmann::json revocation_configuration(const certflow::pca::RevocationConfiguration& revocation);
nlohmann::json permission(const certflow::pca::Permission& permission);

}  // namespace certflow::api::privateca
