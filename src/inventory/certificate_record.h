// How an inventory Certificate is kept in a store::CertificateRow (internal to inventory).
#pragma once

#include <string>

#include "inventory/inventory.h"

namespace certflow::inventory {

// The fields the store does not index, as the JSON text kept in CertificateRow::details_json.
std::string encode_details(const pki::CertificateInfo& info);

// Reads a row back into what the API reports. `now` decides the effective status.
Certificate to_certificate(const store::CertificateRow& row, TimePoint now);

}  // namespace certflow::inventory
