// A JsonService whose operations are a table of functions over one backend object (the
// inventory, the event bus, ...): the lookup, has_operation and the unknown-operation error are
// written once here, and an adapter is its table plus its names.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "api/service.h"

namespace certflow::api {

template <typename Backend>
class OperationTableService final : public JsonService {
 public:
  using Operation = std::function<Result<nlohmann::json>(Backend&, const nlohmann::json&)>;
  using Table = std::map<std::string, Operation, std::less<>>;

  // `table` must outlive the service (adapters keep it in a function-local static).
  OperationTableService(Backend& backend, const Table& table, std::string_view target_prefix,
                        std::string_view signing_name, std::string_view json_version)
      : backend_(backend),
        table_(table),
        target_prefix_(target_prefix),
        signing_name_(signing_name),
        json_version_(json_version) {}

  std::string_view target_prefix() const override { return target_prefix_; }
  std::string_view signing_name() const override { return signing_name_; }
  std::string_view json_version() const override { return json_version_; }
  bool has_operation(std::string_view operation) const override {
    return table_.find(operation) != table_.end();
  }
  Result<nlohmann::json> invoke(std::string_view operation, const nlohmann::json& input) override {
    auto it = table_.find(operation);
    if (it == table_.end()) {
      return fail(ErrorCode::kUnknownOperation, "Unknown operation " + std::string(operation));
    }
    return it->second(backend_, input);
  }

 private:
  Backend& backend_;
  const Table& table_;
  std::string_view target_prefix_;
  std::string_view signing_name_;
  std::string_view json_version_;
};

}  // namespace certflow::api
