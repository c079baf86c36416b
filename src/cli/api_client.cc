#include "cli/api_client.h"

#include <httplib.h>

#include "iam/sigv4.h"

namespace certflow::cli {
namespace {

std::string host_of(const std::string& endpoint_url) {
  std::string host = endpoint_url;
  for (const char* scheme : {"http://", "https://"}) {
    if (host.rfind(scheme, 0) == 0) host = host.substr(std::string(scheme).size());
  }
  while (!host.empty() && host.back() == '/') host.pop_back();
  return host;
}

// The answer's JSON, or the error it reports: restJson1 names the error in x-amzn-ErrorType
// ("Code" or "Code:<more>"), the JSON protocols in __type ("prefix#Code").
tl::expected<nlohmann::json, RemoteError> read_answer(const httplib::Result& response,
                                                      const std::string& endpoint_url) {
  if (!response) {
    return tl::unexpected(
        RemoteError{"ConnectionError", "Cannot reach certflow at " + endpoint_url + " (" +
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
    if (std::string type = response->get_header_value("x-amzn-ErrorType"); !type.empty()) {
      error.code = type.substr(0, type.find(':'));
    }
    return tl::unexpected(error);
  }
  if (parsed.is_discarded()) {
    return tl::unexpected(RemoteError{"InvalidResponse", "certflow answered with invalid JSON."});
  }
  return parsed;
}

}  // namespace

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
  const std::string body = input.dump();
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "application/x-amz-json-1.1"},
      {"Host", host_of(endpoint_url_)},
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
  return read_answer(client.Post("/", http_headers, body, "application/x-amz-json-1.1"),
                     endpoint_url_);
}

tl::expected<nlohmann::json, RemoteError> ApiClient::call_rest(const std::string& service,
                                                               const std::string& path,
                                                               const nlohmann::json& input) {
  const std::string body = input.dump();
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "application/json"},
      {"Host", host_of(endpoint_url_)},
  };
  iam::SigningInput signing{credentials_.access_key_id, credentials_.secret_access_key, region_,
                            service};
  iam::sign_request("POST", path, "", headers, body, signing, clock_.now());

  httplib::Client client(endpoint_url_);
  client.set_connection_timeout(10);
  client.set_read_timeout(120);
  httplib::Headers http_headers;
  for (const auto& [name, value] : headers) {
    if (name != "Content-Type" && name != "Host") http_headers.emplace(name, value);
  }
  return read_answer(client.Post(path, http_headers, body, "application/json"), endpoint_url_);
}

}  // namespace certflow::cli
