#include "cli/api_client.h"

#include <httplib.h>

#include "iam/sigv4.h"

namespace certflow::cli {

ApiClient::ApiClient(std::string endpoint_url, std::string region, Credentials credentials,
                     const Clock& clock)
    : endpoint_url_(std::move(endpoint_url)),
      region_(std::move(region)),
      credentials_(std::move(credentials)),
      clock_(clock) {}

tl::expected<nlohmann::json, RemoteError> ApiClient::call(const std::string& target_prefix,
                                                          const std::string& service,
                                                          const std::string& operation,
                                                          const nlohmann::json& input) {
  std::string host = endpoint_url_;
  for (const char* scheme : {"http://", "https://"}) {
    if (host.rfind(scheme, 0) == 0) host = host.substr(std::string(scheme).size());
  }
  while (!host.empty() && host.back() == '/') host.pop_back();

  const std::string body = input.dump();
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "application/x-amz-json-1.1"},
      {"Host", host},
      {"X-Amz-Target", target_prefix + "." + operation},
  };
  iam::SigningInput signing{credentials_.access_key_id, credentials_.secret_access_key, region_,
                            service};
  iam::sign_request("POST", "/", "", headers, body, signing, clock_.now());

  httplib::Client client(endpoint_url_);
  client.set_connection_timeout(10);
  client.set_read_timeout(120);
  httplib::Headers http_headers;
  for (const auto& [name, value] : headers) {
    if (name != "Content-Type" && name != "Host") http_headers.emplace(name, value);
  }
  auto response = client.Post("/", http_headers, body, "application/x-amz-json-1.1");
  if (!response) {
    return tl::unexpected(
        RemoteError{"ConnectionError", "Cannot reach certflow at " + endpoint_url_ + " (" +
                                           httplib::to_string(response.error()) +
                                           "). Is `certflow serve` running? Set --endpoint-url or "
                                           "CERTFLOW_ENDPOINT_URL."});
  }
  auto parsed = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (response->status >= 300) {
    RemoteError error{"HTTP" + std::to_string(response->status), response->body};
    if (parsed.is_object()) {
      std::string type = parsed.value("__type", error.code);
      if (auto hash = type.find('#'); hash != std::string::npos) type = type.substr(hash + 1);
      error.code = type;
      error.message = parsed.value("message", parsed.value("Message", std::string()));
    }
    return tl::unexpected(error);
  }
  if (parsed.is_discarded()) {
    return tl::unexpected(RemoteError{"InvalidResponse", "certflow answered with invalid JSON."});
  }
  return parsed;
}

}  // namespace certflow::cli
