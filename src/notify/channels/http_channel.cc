#include "notify/channels/http_channel.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "net/http_client.h"

namespace certflow::notify {
namespace {

constexpr size_t kExcerptBytes = 200;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool starts_with_scheme(const std::string& url, const std::string& scheme) {
  return lower(url.substr(0, scheme.size() + 3)) == scheme + "://";
}

// Where the authority (userinfo@host:port) of a URL with a scheme starts and ends.
std::pair<size_t, size_t> authority_span(const std::string& url) {
  const size_t start = url.find("://") + 3;
  const size_t end = std::min(url.find_first_of("/?#", start), url.size());
  return {start, end};
}

bool valid_host(const std::string& host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    return host.size() > 2 && host.back() == ']' &&
           std::all_of(host.begin() + 1, host.end() - 1,
                       [](unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; });
  }
  return std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_';
  });
}

bool valid_port(const std::string& port) {
  if (port.empty() || port.size() > 5) return false;
  if (!std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return false;
  }
  const int number = std::stoi(port);
  return number >= 1 && number <= 65535;
}

// Why `url` is not a usable URL (its scheme already checked); nullopt when it is.
std::optional<std::string> url_problem(const std::string& url) {
  if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7F; })) {
    return "it contains spaces or control characters (percent-encode them)";
  }
  auto [start, end] = authority_span(url);
  std::string authority = url.substr(start, end - start);
  if (const size_t at = authority.rfind('@'); at != std::string::npos) {
    authority = authority.substr(at + 1);
  }
  std::string host = authority;
  std::string port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    host = authority.substr(0, close == std::string::npos ? authority.size() : close + 1);
    if (close != std::string::npos && close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return "the host is not followed by ':PORT'";
      port = authority.substr(close + 2);
      if (!valid_port(port)) return "the port is not a number from 1 to 65535";
    }
  } else if (const size_t colon = authority.find(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (!valid_port(port)) return "the port is not a number from 1 to 65535";
  }
  if (host.empty()) return "it has no host";
  if (!valid_host(host)) return "the host is not a DNS name or an IP address";
  return std::nullopt;
}

// Printable ASCII only: the text goes into log lines and dead-letter attributes.
std::string excerpt(const std::string& body) {
  std::string text = body.substr(0, kExcerptBytes);
  for (char& c : text) {
    if (c < 0x20 || c > 0x7E) c = c == '\n' || c == '\r' || c == '\t' ? ' ' : '?';
  }
  return body.size() > kExcerptBytes ? text + "..." : text;
}

ChannelOutcome outcome_of(const Notification& n, const net::HttpResult& result) {
  const std::string where = "POST " + redacted_url(n.endpoint);
  if (!result) {
    const net::HttpError& error = result.error();
    std::string message = where + " failed: " + error.message;
    if (error.kind == net::HttpErrorKind::kTimeout) {
      message += " (no complete answer within 15 s, SNS's limit)";
    }
    return tl::unexpected(ChannelFailure{std::string(net::error_kind_name(error.kind)), message,
                                         error.kind != net::HttpErrorKind::kInvalidRequest});
  }
  const int status = result->status;
  if (status >= 200 && status <= 299) return {};
  std::string message = where + " answered HTTP " + std::to_string(status);
  const std::string body = excerpt(result->body);
  if (!body.empty()) message += ": " + body;
  const bool retryable = status < 200 || status >= 500;
  if (!retryable) {
    message += status < 400 ? " (redirects are not followed; subscribe the final URL)"
                            : " (SNS does not retry 4xx answers)";
  }
  return tl::unexpected(
      ChannelFailure{"HttpStatus" + std::to_string(status), std::move(message), retryable});
}

net::HttpRequest request_for(const Notification& n, std::string body) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = n.endpoint;
  request.timeout = HttpChannel::kAttemptTimeout;
  request.body = std::move(body);
  request.headers = {
      {"x-amz-sns-message-type", message_type_name(n.type)},
      {"x-amz-sns-message-id", n.message_id},
      {"x-amz-sns-topic-arn", n.topic_arn},
  };
  // A pending subscription has no ARN to show yet: SNS's confirmation request goes without it.
  if (n.type != MessageType::kSubscriptionConfirmation) {
    request.headers.emplace_back("x-amz-sns-subscription-arn", n.subscription_arn);
  }
  if (n.raw) request.headers.emplace_back("x-amz-sns-rawdelivery", "true");
  request.headers.emplace_back("Content-Type",
                               n.content_type.empty() ? HttpChannel::kContentType : n.content_type);
  request.headers.emplace_back("User-Agent", HttpChannel::kUserAgent);
  return request;
}

}  // namespace

std::string redacted_url(const std::string& url) {
  if (url.find("://") == std::string::npos) return url;
  auto [start, end] = authority_span(url);
  const size_t at = url.rfind('@', end == 0 ? 0 : end - 1);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + "***" + url.substr(at);
}

Status HttpChannel::check_endpoint(const std::string& protocol, const std::string& endpoint) {
  const std::string example = protocol + "://receiver.example.com/sns";
  if (!starts_with_scheme(endpoint, protocol)) {
    return fail(ErrorCode::kInvalidParameter,
                "Invalid parameter: Endpoint must match the specified protocol: an " + protocol +
                    " subscription needs an " + protocol + ":// URL, such as " + example + ".");
  }
  if (auto problem = url_problem(endpoint)) {
    return fail(ErrorCode::kInvalidParameter, "Invalid parameter: Endpoint: '" +
                                                  redacted_url(endpoint) + "' is not a valid " +
                                                  protocol + " URL: " + *problem + ".");
  }
  return {};
}

std::vector<ChannelOutcome> HttpChannel::deliver_all(const std::vector<Notification>& batch) {
  std::vector<ChannelOutcome> outcomes(batch.size());
  std::vector<net::HttpRequest> requests;
  std::vector<size_t> sent;  // the index in `batch` of each request
  for (size_t i = 0; i < batch.size(); ++i) {
    const Notification& n = batch[i];
    std::string body = n.message;
    if (!n.raw) {
      auto envelope = json_envelope(n, signer_);
      if (!envelope) {
        outcomes[i] = tl::unexpected(ChannelFailure{"SigningFailed", envelope.error().message});
        continue;
      }
      body = std::move(*envelope);
    }
    requests.push_back(request_for(n, std::move(body)));
    sent.push_back(i);
  }
  auto results = net::perform_all(requests, kMaxConcurrent);
  for (size_t k = 0; k < sent.size(); ++k) {
    outcomes[sent[k]] = outcome_of(batch[sent[k]], results[k]);
  }
  return outcomes;
}

}  // namespace certflow::notify
