#include "api/pca/pca_service.h"

#include "api/operation_results.h"
#include "api/operation_table.h"
#include "api/pca/pca_input.h"
#include "api/pca/pca_output.h"

namespace certflow::api {

using certflow::pca::CertificateAuthorities;
using nlohmann::json;

namespace {

using Service = OperationTableService<CertificateAuthorities>;

Result<json> certificate_with_chain(Result<certflow::pca::CertificateWithChain> material) {
  if (!material) return tl::unexpected(material.error());
  json out = {{"Certificate", material->certificate_pem}};
  if (!material->chain_pem.empty()) out["CertificateChain"] = material->chain_pem;
  return out;
}

Result<json> list_tags(CertificateAuthorities& cas, const privateca::ListTagsInput& req) {
  auto tags = cas.list_tags(req.ca_arn);
  if (!tags) return tl::unexpected(tags.error());
  const size_t begin = std::min(req.offset, tags->size());
  const size_t end = std::min(tags->size(), begin + req.max_results);
  json out = {{"Tags", tag_list({tags->begin() + begin, tags->begin() + end})}};
  if (end < tags->size()) out["NextToken"] = std::to_string(end);
  return out;
}

const Service::Table& operations() {
  static const Service::Table table = {
      {"CreateCertificateAuthority",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_create(body),
                     [&](const certflow::pca::CreateCaRequest& req) -> Result<json> {
                       auto arn = cas.create(req);
                       if (!arn) return tl::unexpected(arn.error());
                       return json{{"CertificateAuthorityArn", *arn}};
                     });
       }},
      {"DescribeCertificateAuthority",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_ca_arn(body),
                     [&](const privateca::CaArnInput& req) -> Result<json> {
                       auto ca = cas.describe(req.ca_arn);
                       if (!ca) return tl::unexpected(ca.error());
                       return json{{"CertificateAuthority", privateca::certificate_authority(*ca)}};
                     });
       }},
      {"ListCertificateAuthorities",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_list(body),
                     [&](const privateca::ListCasInput& req) -> Result<json> {
                       // Every CA certflow holds is its own account's; none is shared from another.
                       if (req.other_accounts)
                         return json{{"CertificateAuthorities", json::array()}};
                       auto page = cas.list(req.max_results, req.next_token);
                       if (!page) return tl::unexpected(page.error());
                       json list = json::array();
                       for (const auto& ca : page->items)
                         list.push_back(privateca::certificate_authority(ca));
                       json out = {{"CertificateAuthorities", list}};
                       if (page->next_token) out["NextToken"] = *page->next_token;
                       return out;
                     });
       }},
      {"GetCertificateAuthorityCsr",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_ca_arn(body),
                     [&](const privateca::CaArnInput& req) -> Result<json> {
                       auto csr = cas.get_csr(req.ca_arn);
                       if (!csr) return tl::unexpected(csr.error());
                       return json{{"Csr", *csr}};
                     });
       }},
      {"ImportCertificateAuthorityCertificate",
       [](CertificateAuthorities& cas, const json& body) {
         return with(
             privateca::decode_import(body), [&](const privateca::ImportCaCertificateInput& req) {
               return empty_or(cas.import_ca_certificate(req.ca_arn, req.certificate, req.chain));
             });
       }},
      {"GetCertificateAuthorityCertificate",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_ca_arn(body), [&](const privateca::CaArnInput& req) {
           return certificate_with_chain(cas.get_ca_certificate(req.ca_arn));
         });
       }},
      {"IssueCertificate",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_issue(body),
                     [&](const certflow::pca::IssueRequest& req) -> Result<json> {
                       auto arn = cas.issue(req);
                       if (!arn) return tl::unexpected(arn.error());
                       return json{{"CertificateArn", *arn}};
                     });
       }},
      {"GetCertificate",
       [](CertificateAuthorities& cas, const json& body) {
         return with(
             privateca::decode_get_certificate(body),
             [&](const privateca::GetCertificateInput& req) {
               return certificate_with_chain(cas.get_certificate(req.ca_arn, req.certificate_arn));
             });
       }},
      {"RevokeCertificate",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_revoke(body), [&](const privateca::RevokeInput& req) {
           return empty_or(cas.revoke(req.ca_arn, req.serial, req.reason));
         });
       }},
      {"UpdateCertificateAuthority",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_update(body), [&](const privateca::UpdateInput& req) {
           return empty_or(cas.update(req.ca_arn, req.status, req.revocation));
         });
       }},
      {"DeleteCertificateAuthority",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_delete(body), [&](const privateca::DeleteInput& req) {
           return empty_or(cas.remove(req.ca_arn, req.permanent_deletion_days));
         });
       }},
      {"RestoreCertificateAuthority",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_ca_arn(body), [&](const privateca::CaArnInput& req) {
           return empty_or(cas.restore(req.ca_arn));
         });
       }},
      {"CreatePermission",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_create_permission(body),
                     [&](const privateca::PermissionInput& req) {
                       return empty_or(cas.create_permission(req.ca_arn, req.principal, req.actions,
                                                             req.source_account));
                     });
       }},
      {"DeletePermission",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_delete_permission(body),
                     [&](const privateca::PermissionInput& req) {
                       return empty_or(
                           cas.delete_permission(req.ca_arn, req.principal, req.source_account));
                     });
       }},
      {"ListPermissions",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_list_permissions(body),
                     [&](const privateca::ListPermissionsInput& req) -> Result<json> {
                       auto page =
                           cas.list_permissions(req.ca_arn, req.max_results, req.next_token);
                       if (!page) return tl::unexpected(page.error());
                       json list = json::array();
                       for (const auto& p : page->items) list.push_back(privateca::permission(p));
                       json out = {{"Permissions", list}};
                       if (page->next_token) out["NextToken"] = *page->next_token;
                       return out;
                     });
       }},
      {"TagCertificateAuthority",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_tags(body), [&](const privateca::TagsInput& req) {
           return empty_or(cas.tag(req.ca_arn, req.tags));
         });
       }},
      {"UntagCertificateAuthority",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_tags(body), [&](const privateca::TagsInput& req) {
           return empty_or(cas.untag(req.ca_arn, req.tags));
         });
       }},
      {"ListTags",
       [](CertificateAuthorities& cas, const json& body) {
         return with(privateca::decode_list_tags(body),
                     [&](const privateca::ListTagsInput& req) { return list_tags(cas, req); });
       }},
  };
  return table;
}

}  // namespace

std::unique_ptr<JsonService> make_pca_service(CertificateAuthorities& authorities) {
  return std::make_unique<Service>(authorities, operations(), "ACMPrivateCA", "acm-pca", "1.1");
}

}  // namespace certflow::api
