#include "api/service.h"

namespace certflow::api {

void ServiceRegistry::add(std::unique_ptr<JsonService> service) {
  std::string prefix(service->target_prefix());
  json_services_[prefix] = std::move(service);
}

JsonService* ServiceRegistry::find_by_target_prefix(std::string_view prefix) const {
  auto it = json_services_.find(prefix);
  return it == json_services_.end() ? nullptr : it->second.get();
}

}  // namespace certflow::api
