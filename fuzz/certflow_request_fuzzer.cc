// Fuzzes the JSON request bodies of certflow's native API (Certflow.*): every operation's decoder,
// including the ISO-8601 times, the ListEvents NextToken, the function operations' names,
// commands and environment maps, and the deployment operations' selectors, paths and modes.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "api/certflow/certflow_bus.h"
#include "api/certflow/certflow_deploy.h"
#include "api/certflow/certflow_functions.h"
#include "api/certflow/certflow_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto body = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return 0;
  (void)certflow::api::native::decode_list_events(body);
  (void)certflow::api::native::decode_list_log_records(body);
  (void)certflow::api::native::decode_forecast(body);
  (void)certflow::api::native::decode_put_settings(body);
  (void)certflow::api::native::decode_set_clock(body);
  (void)certflow::api::native::decode_advance_clock(body);
  (void)certflow::api::native::decode_create_function(body);
  (void)certflow::api::native::decode_function_name(body);
  (void)certflow::api::native::decode_list_functions(body);
  (void)certflow::api::native::decode_invoke_function(body);
  (void)certflow::api::native::decode_put_deployment(body);
  (void)certflow::api::native::decode_deployment_name(body);
  (void)certflow::api::native::decode_run_deployment(body);
  return 0;
}
