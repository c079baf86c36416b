// AWS Private CA's certificate template ARNs.
#include <array>

#include "pki/issuance.h"

namespace certflow::pki {

namespace {

struct NamedTemplate {
  std::string_view name;
  TemplateChoice choice;
};

constexpr std::array<NamedTemplate, 8> kTemplates = {{
    {"EndEntityCertificate", {Template::kEndEntity, 0}},
    {"EndEntityServerAuthCertificate", {Template::kEndEntityServerAuth, 0}},
    {"EndEntityClientAuthCertificate", {Template::kEndEntityClientAuth, 0}},
    {"SubordinateCACertificate_PathLen0", {Template::kSubordinateCa, 0}},
    {"SubordinateCACertificate_PathLen1", {Template::kSubordinateCa, 1}},
    {"SubordinateCACertificate_PathLen2", {Template::kSubordinateCa, 2}},
    {"SubordinateCACertificate_PathLen3", {Template::kSubordinateCa, 3}},
    {"RootCACertificate", {Template::kRootCa, 0}},
}};

constexpr std::string_view kService = ":acm-pca:::template/";
constexpr std::string_view kVersion = "/V1";

std::string name_of(const TemplateChoice& choice) {
  // Written out rather than looked up, so a path length parse_template_arn would refuse still
  // names itself truthfully.
  if (choice.kind == Template::kSubordinateCa) {
    return "SubordinateCACertificate_PathLen" + std::to_string(choice.path_length);
  }
  for (const NamedTemplate& known : kTemplates) {
    if (known.choice.kind == choice.kind) return std::string(known.name);
  }
  return "EndEntityCertificate";
}

Result<TemplateChoice> unknown(std::string_view arn) {
  std::string shown(arn.substr(0, 200));
  return fail(ErrorCode::kInvalidArgs,
              "The template ARN '" + shown +
                  "' is not a template certflow offers. Use "
                  "arn:aws:acm-pca:::template/<Name>/V1 with EndEntityCertificate, "
                  "EndEntityServerAuthCertificate, EndEntityClientAuthCertificate, "
                  "SubordinateCACertificate_PathLen0 to _PathLen3 or RootCACertificate.");
}

}  // namespace

Result<TemplateChoice> parse_template_arn(std::string_view arn) {
  // arn:<partition>:acm-pca:::template/<Name>/V1
  if (arn.substr(0, 4) != "arn:") return unknown(arn);
  size_t service = arn.find(kService, 4);
  if (service == std::string_view::npos || service == 4 ||
      arn.substr(4, service - 4).find(':') != std::string_view::npos) {
    return unknown(arn);
  }
  std::string_view rest = arn.substr(service + kService.size());
  if (rest.size() <= kVersion.size() || rest.substr(rest.size() - kVersion.size()) != kVersion) {
    return unknown(arn);
  }
  std::string_view name = rest.substr(0, rest.size() - kVersion.size());
  for (const NamedTemplate& known : kTemplates) {
    if (known.name == name) return known.choice;
  }
  return unknown(arn);
}

std::string template_arn(const TemplateChoice& choice) {
  return "arn:aws:acm-pca:::template/" + name_of(choice) + "/V1";
}

}  // namespace certflow::pki
