// The API's extension point: every AWS service certflow speaks is a JsonService (or, later, a
// QueryService) registered once in the composition root. A new service is one class plus one
// registration line.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"

namespace certflow::api {

// A service spoken over AWS JSON 1.0/1.1: X-Amz-Target "<target_prefix>.<Operation>".
class JsonService {
 public:
  virtual ~JsonService() = default;
  virtual std::string_view target_prefix() const = 0;  // "CertificateManager"
  virtual std::string_view signing_name() const = 0;   // SigV4 scope service: "acm"
  virtual std::string_view json_version() const = 0;   // "1.1"
  virtual bool has_operation(std::string_view operation) const = 0;
  // `input` is a JSON object. Returns the output object (or {} for void outputs).
  virtual Result<nlohmann::json> invoke(std::string_view operation,
                                        const nlohmann::json& input) = 0;
};

class ServiceRegistry {
 public:
  void add(std::unique_ptr<JsonService> service);
  JsonService* find_by_target_prefix(std::string_view prefix) const;

 private:
  std::map<std::string, std::unique_ptr<JsonService>, std::less<>> json_services_;
};

}  // namespace certflow::api
