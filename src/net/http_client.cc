// perform_all: one easy handle per request, at most max_concurrent attached to a multi handle at
// a time, driven with curl_multi_perform / curl_multi_poll until every transfer is done.
#include "net/http_client.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "net/curl_handles.h"

namespace certflow::net {
namespace {

// One request in flight. Lives at a stable address: libcurl keeps pointers to it (callbacks,
// the error buffer) until the transfer ends.
struct Exchange {
  explicit Exchange(const HttpRequest& r) : request(r) {}
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;
  // libcurl requires an easy handle to leave its multi handle before it is cleaned up.
  ~Exchange() {
    if (attached_to) curl_multi_remove_handle(attached_to, easy.get());
  }

  const HttpRequest& request;
  HttpResponse response;
  HeaderList headers;
  EasyHandle easy;
  CURLM* attached_to = nullptr;
  char error[CURL_ERROR_SIZE] = {};
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const size_t bytes = size * count;
  std::string& body = exchange->response.body;
  if (body.size() < kMaxResponseBody) {
    body.append(data, std::min(bytes, kMaxResponseBody - body.size()));
  }
  return bytes;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) {
    exchange->response.headers.clear();  // a new response begins (after a 1xx)
  } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
    exchange->response.headers.emplace_back(std::string(trimmed(line.substr(0, colon))),
                                            std::string(trimmed(line.substr(colon + 1))));
  }
  return bytes;
}

HttpErrorKind kind_of(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT: return HttpErrorKind::kConnectionRefused;
    case CURLE_OPERATION_TIMEDOUT: return HttpErrorKind::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return HttpErrorKind::kDns;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return HttpErrorKind::kTls;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return HttpErrorKind::kInvalidRequest;
    default: return HttpErrorKind::kTransport;
  }
}

HttpError error_of(const Exchange& exchange, CURLcode code) {
  std::string message = exchange.error[0] ? exchange.error : curl_easy_strerror(code);
  return HttpError{kind_of(code), std::move(message)};
}

// Configures the easy handle for the request; the error when libcurl refuses a setting.
std::optional<HttpError> prepare(Exchange& exchange, size_t index) {
  exchange.easy.reset(curl_easy_init());
  if (!exchange.easy) {
    return HttpError{HttpErrorKind::kTransport, "libcurl could not make a transfer handle"};
  }
  CURL* h = exchange.easy.get();
  const HttpRequest& r = exchange.request;
  CURLcode code = CURLE_OK;
  auto check = [&code](CURLcode result) {
    if (code == CURLE_OK) code = result;
  };
  check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, exchange.error));
  check(curl_easy_setopt(h, CURLOPT_URL, r.url.c_str()));
  check(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"));
  check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L));  // many threads: no SIGALRM for timeouts
  const long timeout_ms = std::max<long>(1, static_cast<long>(r.timeout.count()));
  check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms));
  check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms));
  check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body));
  check(curl_easy_setopt(h, CURLOPT_WRITEDATA, &exchange));
  check(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header));
  check(curl_easy_setopt(h, CURLOPT_HEADERDATA, &exchange));
  check(curl_easy_setopt(h, CURLOPT_PRIVATE, reinterpret_cast<void*>(index)));

  const bool send_body = !r.body.empty() && r.method != "HEAD";
  if (r.method == "HEAD") {
    check(curl_easy_setopt(h, CURLOPT_NOBODY, 1L));
  } else if (r.method == "GET" && !send_body) {
    check(curl_easy_setopt(h, CURLOPT_HTTPGET, 1L));
  } else if (r.method != "POST") {
    check(curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str()));
  }
  if (send_body || r.method == "POST") {
    check(curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.body.data()));
    check(curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size())));
  }

  // An empty "Expect:" stops libcurl from waiting up to a second for "100 Continue" before
  // sending a larger body, which many small servers never send.
  bool listed = append_header(exchange.headers, "Expect:");
  for (const auto& [name, value] : r.headers) {
    // "Name;" is libcurl's way of sending a header with an empty value.
    const std::string line = value.empty() ? name + ";" : name + ": " + value;
    listed = listed && append_header(exchange.headers, line.c_str());
  }
  if (!listed) return HttpError{HttpErrorKind::kTransport, "out of memory for request headers"};
  check(curl_easy_setopt(h, CURLOPT_HTTPHEADER, exchange.headers.get()));
  if (code != CURLE_OK) return error_of(exchange, code);
  return std::nullopt;
}

HttpResult finish(Exchange& exchange, CURLcode code) {
  if (code != CURLE_OK) return tl::unexpected(error_of(exchange, code));
  long status = 0;
  curl_easy_getinfo(exchange.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  exchange.response.status = static_cast<int>(status);
  return std::move(exchange.response);
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  auto same = [name](const std::string& other) {
    return std::equal(other.begin(), other.end(), name.begin(), name.end(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) ==
             std::tolower(static_cast<unsigned char>(b));
    });
  };
  for (const auto& [key, value] : headers) {
    if (same(key)) return value;
  }
  return "";
}

HttpResult perform(const HttpRequest& request) {
  return std::move(perform_all({request}, 1).front());
}

std::vector<HttpResult> perform_all(const std::vector<HttpRequest>& requests,
                                    size_t max_concurrent) {
  std::vector<HttpResult> results(requests.size());
  auto fail_all = [&](const std::string& why) {
    for (auto& result : results) {
      result = tl::unexpected(HttpError{HttpErrorKind::kTransport, why});
    }
    return std::move(results);
  };
  if (requests.empty()) return results;
  if (!curl_ready()) return fail_all("libcurl could not be initialised");
  MultiHandle multi(curl_multi_init());
  if (!multi) return fail_all("libcurl could not make a multi handle");
  // Declared after `multi`, so destroyed before it: each detaches from the multi handle first.
  std::vector<std::unique_ptr<Exchange>> exchanges(requests.size());

  const size_t limit = std::max<size_t>(1, max_concurrent);
  size_t next = 0;
  size_t active = 0;
  for (;;) {
    while (active < limit && next < requests.size()) {
      const size_t index = next++;
      auto exchange = std::make_unique<Exchange>(requests[index]);
      if (auto error = prepare(*exchange, index)) {
        results[index] = tl::unexpected(std::move(*error));
        continue;
      }
      if (curl_multi_add_handle(multi.get(), exchange->easy.get()) != CURLM_OK) {
        results[index] =
            tl::unexpected(HttpError{HttpErrorKind::kTransport, "libcurl refused the transfer"});
        continue;
      }
      exchange->attached_to = multi.get();
      exchanges[index] = std::move(exchange);
      ++active;
    }
    if (active == 0) break;

    int running = 0;
    if (curl_multi_perform(multi.get(), &running) != CURLM_OK) {
      for (size_t i = 0; i < exchanges.size(); ++i) {
        if (exchanges[i]) {
          results[i] = tl::unexpected(
              HttpError{HttpErrorKind::kTransport, "libcurl's transfer loop failed"});
        }
      }
      break;
    }
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      void* tag = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &tag);
      const auto index = reinterpret_cast<size_t>(tag);
      const CURLcode code = message->data.result;  // read before the handle is removed
      results[index] = finish(*exchanges[index], code);
      exchanges[index].reset();
      --active;
    }
    if (active > 0 && running > 0) {
      // Sleeps until a socket is ready or libcurl's next timeout, at most 100 ms.
      curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
    }
  }
  return results;
}

std::string_view error_kind_name(HttpErrorKind kind) {
  switch (kind) {
    case HttpErrorKind::kConnectionRefused: return "ConnectionRefused";
    case HttpErrorKind::kTimeout: return "Timeout";
    case HttpErrorKind::kDns: return "DnsFailure";
    case HttpErrorKind::kTls: return "TlsError";
    case HttpErrorKind::kInvalidRequest: return "InvalidRequest";
    case HttpErrorKind::kTransport: return "TransportError";
  }
  return "TransportError";
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

}  // namespace certflow::net
