#include "api/acm/acm_service.h"

#include "api/acm/acm_input.h"
#include "api/acm/acm_output.h"
#include "api/operation_table.h"

namespace certflow::api {

using nlohmann::json;

namespace {

using Service = OperationTableService<inventory::Inventory>;

template <typename T, typename F>
Result<json> with(Result<T> decoded, F&& body) {
  if (!decoded) return tl::unexpected(decoded.error());
  return body(*decoded);
}

Result<json> empty_or(Status status) {
  if (!status) return tl::unexpected(status.error());
  return json::object();
}

const Service::Table& operations() {
  static const Service::Table table = {
      {"ImportCertificate",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_import(in),
                     [&](const inventory::ImportRequest& req) -> Result<json> {
                       auto arn = inv.import_certificate(req);
                       if (!arn) return tl::unexpected(arn.error());
                       return json{{"CertificateArn", *arn}};
                     });
       }},
      {"DescribeCertificate",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_arn(in), [&](const acm::ArnInput& req) -> Result<json> {
           auto cert = inv.describe_certificate(req.certificate_arn);
           if (!cert) return tl::unexpected(cert.error());
           return json{{"Certificate", acm::certificate_detail(*cert)}};
         });
       }},
      {"ListCertificates",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_list(in), [&](const inventory::ListQuery& query) -> Result<json> {
           auto page = inv.list_certificates(query);
           if (!page) return tl::unexpected(page.error());
           json list = json::array();
           for (const auto& cert : page->certificates)
             list.push_back(acm::certificate_summary(cert));
           json out = {{"CertificateSummaryList", list}};
           if (page->next_token) out["NextToken"] = *page->next_token;
           return out;
         });
       }},
      {"GetCertificate",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_arn(in), [&](const acm::ArnInput& req) -> Result<json> {
           auto material = inv.get_certificate(req.certificate_arn);
           if (!material) return tl::unexpected(material.error());
           json out = {{"Certificate", material->certificate_pem}};
           if (!material->chain_pem.empty()) out["CertificateChain"] = material->chain_pem;
           return out;
         });
       }},
      {"DeleteCertificate",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_arn(in), [&](const acm::ArnInput& req) {
           return empty_or(inv.delete_certificate(req.certificate_arn));
         });
       }},
      {"AddTagsToCertificate",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_tags(in), [&](const acm::TagsInput& req) {
           return empty_or(inv.add_tags(req.certificate_arn, req.tags));
         });
       }},
      {"RemoveTagsFromCertificate",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_tags(in), [&](const acm::TagsInput& req) {
           return empty_or(inv.remove_tags(req.certificate_arn, req.tags));
         });
       }},
      {"ListTagsForCertificate",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_arn(in), [&](const acm::ArnInput& req) -> Result<json> {
           auto tags = inv.list_tags(req.certificate_arn);
           if (!tags) return tl::unexpected(tags.error());
           return json{{"Tags", acm::tag_list(*tags)}};
         });
       }},
      {"GetAccountConfiguration",
       [](inventory::Inventory& inv, const json&) -> Result<json> {
         auto config = inv.get_account_configuration();
         if (!config) return tl::unexpected(config.error());
         return json{{"ExpiryEvents", {{"DaysBeforeExpiry", config->days_before_expiry}}}};
       }},
      {"PutAccountConfiguration",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_put_account(in), [&](const acm::PutAccountInput& req) {
           return empty_or(
               inv.put_account_configuration(req.days_before_expiry, req.idempotency_token));
         });
       }},
  };
  return table;
}

}  // namespace

std::unique_ptr<JsonService> make_acm_service(inventory::Inventory& inventory) {
  return std::make_unique<Service>(inventory, operations(), "CertificateManager", "acm", "1.1");
}

}  // namespace certflow::api
