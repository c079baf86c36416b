// Decoding of ACM request bodies into inventory requests, checked against the API model.
// Separate from the service so the fuzzer can drive every decoder without a store.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "crypto/secret.h"
#include "inventory/inventory.h"

namespace certflow::api::acm {

struct ArnInput {
  std::string certificate_arn;
};
struct TagsInput {
  std::string certificate_arn;
  std::vector<inventory::Tag> tags;
};
struct PutAccountInput {
  std::optional<int> days_before_expiry;
  std::string idempotency_token;
};
struct ExportInput {
  std::string certificate_arn;
  crypto::SecretBytes passphrase;
};

Result<inventory::ImportRequest> decode_import(const nlohmann::json& body);
Result<ArnInput> decode_arn(const nlohmann::json& body);
Result<inventory::ListQuery> decode_list(const nlohmann::json& body);
Result<TagsInput> decode_tags(const nlohmann::json& body);
Result<PutAccountInput> decode_put_account(const nlohmann::json& body);
// RequestCertificate: the model's shapes and enums. What the values mean (domain name syntax,
// the key algorithms ACM issues, a CA being given) the inventory checks.
Result<inventory::RequestCertificateRequest> decode_request(const nlohmann::json& body);
// ExportCertificate: the Passphrase is a blob (base64 on the wire) of 4..128 bytes.
Result<ExportInput> decode_export(const nlohmann::json& body);

}  // namespace certflow::api::acm
