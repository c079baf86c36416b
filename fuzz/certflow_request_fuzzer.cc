// Fuzzes the JSON request bodies of certflow's native API (Certflow.*): every operation's decoder,
// including the ISO-8601 times and the ListEvents NextToken.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "api/certflow/certflow_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto body = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return 0;
  (void)certflow::api::native::decode_list_events(body);
  (void)certflow::api::native::decode_forecast(body);
  (void)certflow::api::native::decode_put_settings(body);
  (void)certflow::api::native::decode_set_clock(body);
  (void)certflow::api::native::decode_advance_clock(body);
  return 0;
}
