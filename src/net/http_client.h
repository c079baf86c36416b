// certflow's outgoing HTTP: one request, or a batch whose requests overlap on the wire (libcurl
// multi), each bounded by its own timeout. The door of the net room; libcurl stays behind it.
// Redirects are not followed (a 3xx is an answer like any other) and only http:// and https://
// URLs are fetched; https:// verifies the peer against the system's trust store.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>
#include <vector>

namespace certflow::net {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Responses are read up to this size; the rest is read and dropped.
inline constexpr size_t kMaxResponseBody = 1024 * 1024;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;                         // sent when not empty (never with HEAD)
  std::chrono::milliseconds timeout{5000};  // the whole exchange, connecting included
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;  // of the final response (after any 100 Continue)
  std::string body;

  // The first header of that name, compared without case; "" when absent.
  std::string header(std::string_view name) const;
};

// Why no response came back. A person reads `message`; code chooses by `kind`.
enum class HttpErrorKind {
  kConnectionRefused,  // nothing listens there, or the connection could not be made
  kTimeout,            // no complete answer within the request's timeout
  kDns,                // the host name does not resolve
  kTls,                // handshake failed, or the peer's certificate is not trusted
  kInvalidRequest,     // a malformed URL or a scheme other than http/https
  kTransport,          // the connection broke or the answer was not HTTP
};

struct HttpError {
  HttpErrorKind kind = HttpErrorKind::kTransport;
  std::string message;
};

using HttpResult = tl::expected<HttpResponse, HttpError>;

HttpResult perform(const HttpRequest& request);
// Sends the requests with at most `max_concurrent` (>= 1) in flight at once; results are in the
// requests' order. Thread-safe: each call has its own transfers.
std::vector<HttpResult> perform_all(const std::vector<HttpRequest>& requests,
                                    size_t max_concurrent);

// "ConnectionRefused", "Timeout", "DnsFailure", "TlsError", "InvalidRequest", "TransportError".
std::string_view error_kind_name(HttpErrorKind kind);

// RFC 3986 percent-encoding of everything but the unreserved characters, for query strings and
// application/x-www-form-urlencoded bodies.
std::string percent_encode(std::string_view text);

}  // namespace certflow::net
