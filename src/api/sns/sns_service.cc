#include "api/sns/sns_service.h"

#include "api/sns/sns_errors.h"
#include "api/sns/sns_operations.h"

namespace certflow::api {

namespace {

class SnsQueryService final : public QueryService {
 public:
  SnsQueryService(notify::Topics& topics, std::string account_id)
      : topics_(topics), account_id_(std::move(account_id)) {}
  std::string_view signing_name() const override { return "sns"; }
  std::string_view xml_namespace() const override { return sns::kXmlNamespace; }
  bool has_operation(std::string_view action) const override {
    return sns::find_operation(action) != nullptr;
  }
  Result<std::optional<std::string>> invoke(const RequestContext& /*context*/,
                                            std::string_view action,
                                            const query::FormParams& params) override {
    sns::Run run = sns::find_operation(action);
    if (!run) return fail(ErrorCode::kUnknownOperation, "Unknown action " + std::string(action));
    return run(topics_, sns::SnsContext{account_id_}, params);
  }
  std::optional<WireError> wire_error(ErrorCode code) const override {
    return sns::sns_wire_error_override(code);
  }

 private:
  notify::Topics& topics_;
  std::string account_id_;
};

}  // namespace

std::unique_ptr<QueryService> make_sns_query_service(notify::Topics& topics,
                                                     std::string account_id) {
  return std::make_unique<SnsQueryService>(topics, std::move(account_id));
}

}  // namespace certflow::api
