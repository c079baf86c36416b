#include "api/securityhub/securityhub_service.h"

#include "api/securityhub/securityhub_input.h"

namespace certflow::api {
namespace {

using nlohmann::json;

class SecurityHubService final : public RestJsonService {
 public:
  explicit SecurityHubService(findings::Findings& findings) : findings_(findings) {}

  std::string_view signing_name() const override { return "securityhub"; }

  bool handles(std::string_view method, std::string_view path) const override {
    return method == "POST" && (path == "/findings" || path == "/findings/");
  }

  Result<json> invoke(std::string_view /*method*/, std::string_view /*path*/, const json& body,
                      const RequestContext& /*context*/) override {
    auto input = securityhub::parse_get_findings(body);
    if (!input) return tl::unexpected(input.error());
    auto page = findings_.get_findings(input->filters, input->next_token, input->max_results);
    if (!page) return tl::unexpected(page.error());
    json output = {{"Findings", json::array()}};
    for (auto& finding : page->findings) output["Findings"].push_back(std::move(finding));
    if (page->next_token) output["NextToken"] = *page->next_token;
    return output;
  }

  // Security Hub's error shapes (its model): InvalidInputException 400, InvalidAccessException
  // 401, AccessDeniedException 403, ResourceNotFoundException 404, LimitExceededException 429,
  // InternalException 500. Authentication errors keep the names every service shares.
  std::optional<WireError> wire_error(ErrorCode code) const override {
    switch (code) {
      case ErrorCode::kValidation:
      case ErrorCode::kInvalidParameter:
      case ErrorCode::kInvalidParameterValue:
      case ErrorCode::kMissingParameter:
      case ErrorCode::kInvalidArgs:
      case ErrorCode::kInvalidArn: return WireError{"InvalidInputException", 400};
      case ErrorCode::kAccessDenied: return WireError{"AccessDeniedException", 403};
      case ErrorCode::kResourceNotFound: return WireError{"ResourceNotFoundException", 404};
      case ErrorCode::kLimitExceeded: return WireError{"LimitExceededException", 429};
      case ErrorCode::kUnknownOperation: return WireError{"UnknownOperationException", 404};
      case ErrorCode::kInternal: return WireError{"InternalException", 500};
      default: return std::nullopt;
    }
  }

 private:
  findings::Findings& findings_;
};

}  // namespace

std::unique_ptr<RestJsonService> make_securityhub_service(findings::Findings& findings) {
  return std::make_unique<SecurityHubService>(findings);
}

}  // namespace certflow::api
