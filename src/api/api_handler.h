// The protocol-independent front door: authenticate (SigV4), route to a registered service,
// decode the protocol, invoke, encode the answer or the error. No HTTP library here, so tests
// drive it directly with signed requests.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/service.h"
#include "core/clock.h"
#include "iam/sigv4.h"

namespace certflow::api {

struct HttpRequest {
  std::string method;
  std::string path;   // raw, without the query
  std::string query;  // raw, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// The value of a request header (names compare case-insensitively); empty when absent.
std::string_view header_value(const HttpRequest& request, std::string_view name);

struct ApiOptions {
  std::string region = "us-east-1";
  size_t max_body_bytes = 4 * 1024 * 1024;
};

class ApiHandler {
 public:
  ApiHandler(ServiceRegistry& services, iam::CredentialResolver& credentials, const Clock& clock,
             ApiOptions options);

  HttpResponse handle(const HttpRequest& request);

  // An unsigned GET page a person opens from a link in a message (SNS's confirmation and
  // unsubscribe links, the signing certificate). It answers nullopt for requests that are not
  // its own; requests that carry a signature never reach it.
  using PublicPage = std::function<std::optional<HttpResponse>(const HttpRequest&)>;
  void add_public_page(PublicPage page) { public_pages_.push_back(std::move(page)); }

  // The error answer for a request that never reached handle() (e.g. the HTTP layer refused
  // an oversize body), in the JSON protocol.
  HttpResponse error_response(const Error& error, const std::string& request_id) const;

  const ApiOptions& options() const { return options_; }

 private:
  HttpResponse handle_json(const HttpRequest& request, const iam::VerifiedIdentity& identity,
                           std::string_view target, const std::string& request_id);
  // The JSON error answer, named as `service` names its errors when it is known.
  HttpResponse json_error_response(const Error& error, const JsonService* service,
                                   const std::string& request_id) const;

  // The query protocol (api_handler_query.cc): requests without X-Amz-Target that carry a form.
  static bool is_query_request(const HttpRequest& request);
  HttpResponse handle_query(const HttpRequest& request, const iam::VerifiedIdentity& identity,
                            const std::string& request_id);
  // The XML error answer in `service`'s namespace and names (the common ones when null).
  HttpResponse query_error_response(const Error& error, const QueryService* service,
                                    const std::string& request_id) const;
  // The query service a request's credential scope names, for answering errors found before
  // the signature is verified; null when the scope cannot be read or names none.
  const QueryService* query_service_of(const HttpRequest& request) const;

  std::optional<HttpResponse> public_page(const HttpRequest& request) const;

  // restJson1 (api_handler_rest.cc): requests without X-Amz-Target and without a form whose
  // credential scope names a RestJsonService.
  HttpResponse handle_rest(const HttpRequest& request, const iam::VerifiedIdentity& identity,
                           RestJsonService& service, const std::string& request_id);
  HttpResponse rest_error_response(const Error& error, const RestJsonService& service,
                                   const std::string& request_id) const;

  ServiceRegistry& services_;
  std::vector<PublicPage> public_pages_;
  iam::CredentialResolver& credentials_;
  const Clock& clock_;
  ApiOptions options_;
};

}  // namespace certflow::api
