#include "cli/client_connection.h"

#include "cli/exit_with.h"

namespace certflow::cli {

using nlohmann::json;

void add_connection_flags(CLI::App* command, ConnectionFlags& flags) {
  command->add_option("--endpoint-url", flags.endpoint_url,
                      "certflow's address (default: $CERTFLOW_ENDPOINT_URL or "
                      "http://127.0.0.1:8750)");
  command->add_option("--region", flags.region, "Region (default: $AWS_REGION or us-east-1)");
  command->add_option("--profile", flags.profile, "Profile of the shared credentials file");
  command->add_option("--data-dir", flags.data_dir,
                      "Use the admin-credentials file of this daemon data directory");
}

tl::expected<json, RemoteError> call_api(const ConnectionFlags& flags, ApiName api,
                                         const std::string& operation, const json& input) {
  auto credentials = resolve_credentials({flags.data_dir, flags.profile});
  if (!credentials) exit_with(kUsageError, "certflow: " + credentials.error().message);
  // Signatures are checked against real time, also by a daemon on a simulated clock.
  RealClock clock;
  ApiClient client(resolve_endpoint(flags.endpoint_url), resolve_region(flags.region),
                   std::move(*credentials), clock);
  return client.call(api.target_prefix, api.signing_name, operation, input);
}

json call_or_exit(const ConnectionFlags& flags, ApiName api, const std::string& operation,
                  const json& input) {
  auto result = call_api(flags, api, operation, input);
  if (!result) exit_with_remote_error(operation, result.error());
  return *result;
}

json call_rest_or_exit(const ConnectionFlags& flags, const std::string& signing_name,
                       const std::string& path, const std::string& operation, const json& input) {
  auto credentials = resolve_credentials({flags.data_dir, flags.profile});
  if (!credentials) exit_with(kUsageError, "certflow: " + credentials.error().message);
  RealClock clock;  // signatures are checked against real time
  ApiClient client(resolve_endpoint(flags.endpoint_url), resolve_region(flags.region),
                   std::move(*credentials), clock);
  auto result = client.call_rest(signing_name, path, input);
  if (!result) exit_with_remote_error(operation, result.error());
  return *result;
}

void exit_with_remote_error(const std::string& operation, const RemoteError& error) {
  exit_with(kRemoteFailure, "An error occurred (" + error.code + ") when calling the " + operation +
                                " operation: " + error.message);
}

}  // namespace certflow::cli
