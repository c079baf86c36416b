#include "notify/channels/chat_channel.h"

#include <algorithm>

#include "net/http_client.h"
#include "net/loopback.h"
#include "notify/channels/acm_summary.h"
#include "notify/channels/chat_payloads.h"

namespace certflow::notify {
namespace {

constexpr size_t kMaxConcurrentPosts = 8;

bool is_chat_protocol(const std::string& protocol) {
  return protocol == "slack" || protocol == "mattermost" || protocol == "teams";
}

std::string answer_excerpt(const std::string& body) {
  std::string text = body.substr(0, 200);
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return text.empty() ? "" : ": " + text;
}

ChannelOutcome outcome_of(const net::HttpResult& result) {
  if (!result) {
    const bool retryable = result.error().kind != net::HttpErrorKind::kInvalidRequest;
    return tl::unexpected(ChannelFailure{std::string(net::error_kind_name(result.error().kind)),
                                         result.error().message, retryable});
  }
  const int status = result->status;
  if (status >= 200 && status < 300) return {};
  const std::string code = "HttpStatus" + std::to_string(status);
  if (status >= 300 && status < 400) {
    return tl::unexpected(ChannelFailure{
        code,
        "the webhook answered with a redirect, which certflow does not follow: subscribe "
        "its final URL",
        false});
  }
  const bool retryable = status == 429 || status >= 500;
  return tl::unexpected(ChannelFailure{
      code, "the webhook answered " + std::to_string(status) + answer_excerpt(result->body),
      retryable});
}

}  // namespace

ChatChannel::ChatChannel(std::string public_url, std::chrono::milliseconds timeout)
    : public_url_(std::move(public_url)), timeout_(timeout) {}

Status ChatChannel::check_endpoint(const std::string& protocol, const std::string& endpoint) {
  if (!is_chat_protocol(protocol)) {
    return fail(ErrorCode::kInvalidParameter,
                "Invalid parameter: Protocol: the chat channel does not serve " + protocol);
  }
  const std::string rule =
      "Invalid parameter: Endpoint: a " + protocol +
      " endpoint must be the incoming-webhook URL, https://... (certflow also accepts http:// to "
      "a loopback host: localhost, 127.0.0.0/8 or [::1])";
  const bool https = endpoint.rfind("https://", 0) == 0;
  const bool http = endpoint.rfind("http://", 0) == 0;
  const bool clean = std::none_of(endpoint.begin(), endpoint.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  if (!(https || http) || !clean) return fail(ErrorCode::kInvalidParameter, rule);
  const size_t scheme_end = endpoint.find("://") + 3;
  const std::string authority =
      endpoint.substr(scheme_end, endpoint.find_first_of("/?#", scheme_end) - scheme_end);
  const std::string host = net::url_host(endpoint);
  // user@host hides the real host from a quick read of the URL.
  if (host.empty() || authority.find('@') != std::string::npos ||
      (http && !net::is_loopback_host(host))) {
    return fail(ErrorCode::kInvalidParameter, rule);
  }
  return {};
}

std::string ChatChannel::payload(const Notification& n) const {
  const MessageSummary summary = summarize(n, public_url_);
  if (n.protocol == "teams") return teams_payload(n, summary);
  if (n.protocol == "mattermost") return mattermost_payload(n, summary);
  return slack_payload(n, summary);
}

std::vector<ChannelOutcome> ChatChannel::deliver_all(const std::vector<Notification>& batch) {
  std::vector<net::HttpRequest> requests;
  requests.reserve(batch.size());
  for (const auto& n : batch) {
    net::HttpRequest request;
    request.method = "POST";
    request.url = n.endpoint;
    request.headers = {{"Content-Type", "application/json; charset=utf-8"},
                       {"User-Agent", "certflow-notifications"}};
    request.body = payload(n);
    request.timeout = timeout_;
    requests.push_back(std::move(request));
  }
  const auto results = net::perform_all(requests, kMaxConcurrentPosts);
  std::vector<ChannelOutcome> outcomes;
  outcomes.reserve(results.size());
  for (const auto& result : results) outcomes.push_back(outcome_of(result));
  return outcomes;
}

}  // namespace certflow::notify
