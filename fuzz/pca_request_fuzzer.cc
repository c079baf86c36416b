// Fuzzes the JSON request bodies of the Private CA API: parsing and every operation's decoder.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "api/pca/pca_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace in = certflow::api::privateca;
  auto body = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return 0;
  (void)in::decode_create(body);
  (void)in::decode_ca_arn(body);
  (void)in::decode_list(body);
  (void)in::decode_import(body);
  (void)in::decode_issue(body);
  (void)in::decode_get_certificate(body);
  (void)in::decode_revoke(body);
  (void)in::decode_update(body);
  (void)in::decode_delete(body);
  (void)in::decode_create_permission(body);
  (void)in::decode_delete_permission(body);
  (void)in::decode_list_permissions(body);
  (void)in::decode_list_tags(body);
  (void)in::decode_tags(body);
  return 0;
}
