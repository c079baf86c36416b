#include "api/acm/acm_service.h"

#include "api/acm/acm_input.h"
#include "api/acm/acm_output.h"
#include "api/operation_results.h"
#include "api/operation_table.h"

namespace certflow::api {

using nlohmann::json;

namespace {

using Service = OperationTableService<inventory::Inventory>;

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
      {"RequestCertificate",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_request(in),
                     [&](const inventory::RequestCertificateRequest& req) -> Result<json> {
                       auto arn = inv.request_certificate(req);
                       if (!arn) return tl::unexpected(arn.error());
                       return json{{"CertificateArn", *arn}};
                     });
       }},
      {"RenewCertificate",
       [](inventory::Inventory& inv, const json& in) {
         return with(acm::decode_arn(in), [&](const acm::ArnInput& req) {
           return empty_or(inv.renew_certificate(req.certificate_arn));
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
           return json{{"Tags", tag_list(*tags)}};
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

// ExportCertificate names its caller in the audit record, so it needs the request's context;
// every other operation is the table's.
Result<json> export_certificate(inventory::Inventory& inv, const RequestContext& context,
                                const json& in) {
  return with(acm::decode_export(in), [&](const acm::ExportInput& req) -> Result<json> {
    const std::string caller = context.access_key_id.empty()
                                   ? std::string()
                                   : "access key " + std::string(context.access_key_id);
    auto exported = inv.export_certificate(req.certificate_arn, req.passphrase, caller);
    if (!exported) return tl::unexpected(exported.error());
    json out = {{"Certificate", exported->certificate_pem},
                {"PrivateKey", exported->private_key_pem}};
    if (!exported->chain_pem.empty()) out["CertificateChain"] = exported->chain_pem;
    return out;
  });
}

class AcmService final : public JsonService {
 public:
  explicit AcmService(inventory::Inventory& inventory)
      : inventory_(inventory),
        table_(inventory, operations(), "CertificateManager", "acm", "1.1") {}
  std::string_view target_prefix() const override { return table_.target_prefix(); }
  std::string_view signing_name() const override { return table_.signing_name(); }
  std::string_view json_version() const override { return table_.json_version(); }
  bool has_operation(std::string_view operation) const override {
    return operation == kExport || table_.has_operation(operation);
  }
  Result<json> invoke(std::string_view operation, const json& input) override {
    return invoke_in_context({}, operation, input);
  }
  Result<json> invoke_in_context(const RequestContext& context, std::string_view operation,
                                 const json& input) override {
    if (operation == kExport) return export_certificate(inventory_, context, input);
    return table_.invoke(operation, input);
  }

 private:
  static constexpr std::string_view kExport = "ExportCertificate";
  inventory::Inventory& inventory_;
  Service table_;
};

}  // namespace

std::unique_ptr<JsonService> make_acm_service(inventory::Inventory& inventory) {
  return std::make_unique<AcmService>(inventory);
}

}  // namespace certflow::api
