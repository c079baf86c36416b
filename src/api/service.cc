#include "api/service.h"

namespace certflow::api {

void ServiceRegistry::add(std::unique_ptr<JsonService> service) {
  std::string prefix(service->target_prefix());
  json_services_[prefix] = std::move(service);
}

void ServiceRegistry::add(std::unique_ptr<QueryService> service) {
  std::string name(service->signing_name());
  query_services_[name] = std::move(service);
}

void ServiceRegistry::add(std::unique_ptr<RestJsonService> service) {
  std::string name(service->signing_name());
  rest_services_[name] = std::move(service);
}

JsonService* ServiceRegistry::find_by_target_prefix(std::string_view prefix) const {
  auto it = json_services_.find(prefix);
  return it == json_services_.end() ? nullptr : it->second.get();
}

QueryService* ServiceRegistry::find_query_service(std::string_view signing_name) const {
  auto it = query_services_.find(signing_name);
  return it == query_services_.end() ? nullptr : it->second.get();
}

RestJsonService* ServiceRegistry::find_rest_service(std::string_view signing_name) const {
  auto it = rest_services_.find(signing_name);
  return it == rest_services_.end() ? nullptr : it->second.get();
}

}  // namespace certflow::api
