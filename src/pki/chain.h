// Does the imported chain link the certificate to its issuers? Private to src/pki.
#pragma once

#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "pki/openssl_handles.h"

namespace certflow::pki {

// Builds a path from `leaf` through `chain`, treating every chain certificate as a possible
// anchor (ACM takes chains that stop below the root) and judging time at `now`. Fails with
// kValidation and OpenSSL's reason when there is no such path.
Status verify_chain(X509& leaf, const std::vector<X509Ptr>& chain, TimePoint now);

}  // namespace certflow::pki
