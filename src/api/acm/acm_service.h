// The ACM API (CertificateManager, JSON 1.1) on top of the inventory.
#pragma once

#include <memory>

#include "api/service.h"
#include "inventory/inventory.h"

namespace certflow::api {

std::unique_ptr<JsonService> make_acm_service(inventory::Inventory& inventory);

}  // namespace certflow::api
