// Fuzzes the JSON request bodies of the ACM API: parsing and every operation's decoder.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "api/acm/acm_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto body = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return 0;
  (void)certflow::api::acm::decode_import(body);
  (void)certflow::api::acm::decode_arn(body);
  (void)certflow::api::acm::decode_list(body);
  (void)certflow::api::acm::decode_tags(body);
  (void)certflow::api::acm::decode_put_account(body);
  (void)certflow::api::acm::decode_request(body);
  (void)certflow::api::acm::decode_export(body);
  return 0;
}
