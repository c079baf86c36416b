#include "events/targets/api_destination_request.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "crypto/encoding.h"

namespace certflow::events::targets {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;
constexpr size_t kExcerptBytes = 256;

Pairs pairs_of(const std::vector<destinations::HttpParameter>& parameters) {
  Pairs out;
  for (const auto& p : parameters) out.emplace_back(p.key, p.value);
  return out;
}

bool same_name(const std::string& a, const std::string& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// The connection's BodyParameters join the payload when it is a JSON object (keys the event
// already has stay as they are); any other payload goes as it is.
std::string json_body(const std::string& payload,
                      const std::vector<destinations::HttpParameter>& parameters) {
  if (parameters.empty()) return payload;
  auto document = nlohmann::ordered_json::parse(payload, nullptr, false);
  if (!document.is_object()) return payload;
  for (const auto& p : parameters) {
    if (!document.contains(p.key)) document[p.key] = p.value;
  }
  return document.dump();
}

}  // namespace

// Later settings win: the connection's parameters over the defaults, its authorization over any
// parameter of the same name.
void set_header(net::HttpHeaders& headers, const std::string& name, const std::string& value) {
  std::erase_if(headers, [&name](const auto& header) { return same_name(header.first, name); });
  headers.emplace_back(name, value);
}

std::string with_query(const std::string& url, const Pairs& parameters) {
  if (parameters.empty()) return url;
  const size_t hash = url.find('#');
  std::string base = url.substr(0, hash);
  const std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
  char separator = base.find('?') == std::string::npos ? '?' : '&';
  if (!base.empty() && (base.back() == '?' || base.back() == '&')) separator = '\0';
  for (const auto& [key, value] : parameters) {
    if (separator) base.push_back(separator);
    base += net::percent_encode(key) + "=" + net::percent_encode(value);
    separator = '&';
  }
  return base + fragment;
}

net::HttpRequest invocation_request(const destinations::Invocation& invocation,
                                    const std::string& payload,
                                    const std::optional<std::string>& bearer_token,
                                    std::chrono::milliseconds timeout) {
  const destinations::ApiDestinationSpec& destination = invocation.destination.spec;
  const destinations::ConnectionSpec& connection = invocation.connection.spec;
  const destinations::HttpParameters& parameters = connection.invocation_http_parameters;
  net::HttpRequest request;
  request.method = destination.http_method;
  request.timeout = timeout;
  request.url = with_query(destination.invocation_endpoint, pairs_of(parameters.query_string));
  request.headers = {{"Content-Type", "application/json; charset=utf-8"},
                     {"User-Agent", kUserAgent}};
  for (const auto& header : parameters.header)
    set_header(request.headers, header.key, header.value);
  if (connection.basic) {
    set_header(request.headers, "Authorization",
               "Basic " + crypto::base64_encode(connection.basic->username + ":" +
                                                connection.basic->password));
  } else if (connection.api_key) {
    set_header(request.headers, connection.api_key->name, connection.api_key->value);
  } else if (bearer_token) {
    set_header(request.headers, "Authorization", "Bearer " + *bearer_token);
  }
  if (request.method != "GET" && request.method != "HEAD") {
    request.body = json_body(payload, parameters.body);
  }
  return request;
}

bool retryable_status(int status) {
  return status == 401 || status == 407 || status == 409 || status == 429 ||
         (status >= 500 && status <= 599);
}

std::vector<std::string> connection_secrets(const destinations::Connection& connection,
                                            const std::optional<std::string>& bearer_token) {
  const destinations::ConnectionSpec& spec = connection.spec;
  std::vector<std::string> secrets;
  if (spec.basic) {
    secrets.push_back(spec.basic->password);
    secrets.push_back(crypto::base64_encode(spec.basic->username + ":" + spec.basic->password));
  }
  if (spec.api_key) secrets.push_back(spec.api_key->value);
  if (spec.oauth) secrets.push_back(spec.oauth->client_secret);
  for (const auto* list :
       {&spec.invocation_http_parameters.header, &spec.invocation_http_parameters.query_string,
        &spec.invocation_http_parameters.body}) {
    for (const auto& p : *list) {
      if (p.is_value_secret) secrets.push_back(p.value);
    }
  }
  if (bearer_token) secrets.push_back(*bearer_token);
  std::erase_if(secrets, [](const std::string& s) { return s.empty(); });
  return secrets;
}

std::string body_excerpt(const std::string& body, const std::vector<std::string>& secrets) {
  std::string text = body.substr(0, 16 * kExcerptBytes);
  for (const auto& secret : secrets) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  if (text.size() > kExcerptBytes) text = text.substr(0, kExcerptBytes) + "...";
  // Printable ASCII only: the message may become an SQS message attribute and a log line.
  for (char& c : text) {
    if (c < 0x20 || c > 0x7E) c = c == '\n' || c == '\r' || c == '\t' ? ' ' : '?';
  }
  return text;
}

bus::DeliveryOutcome invocation_outcome(const destinations::Invocation& invocation,
                                        const net::HttpResult& result,
                                        const std::vector<std::string>& secrets) {
  const destinations::ApiDestinationSpec& destination = invocation.destination.spec;
  const std::string where = destination.http_method + " " + destination.invocation_endpoint;
  if (!result) {
    const net::HttpError& error = result.error();
    std::string message = where + " failed: " + error.message;
    if (error.kind == net::HttpErrorKind::kTimeout) {
      message += " (no complete answer within the invocation timeout)";
    }
    return tl::unexpected(bus::DeliveryFailure{std::string(net::error_kind_name(error.kind)),
                                               message,
                                               error.kind != net::HttpErrorKind::kInvalidRequest});
  }
  const int status = result->status;
  if (status >= 200 && status <= 299) return {};
  std::string message = where + " answered HTTP " + std::to_string(status);
  if (const std::string excerpt = body_excerpt(result->body, secrets); !excerpt.empty()) {
    message += ": " + excerpt;
  }
  const bool retryable = retryable_status(status);
  if (!retryable) {
    message += " (not retried: EventBridge retries only 401, 407, 409, 429 and 5xx answers)";
  }
  return tl::unexpected(
      bus::DeliveryFailure{"HttpStatus" + std::to_string(status), message, retryable});
}

}  // namespace certflow::events::targets
