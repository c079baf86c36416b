#include "api/sns/sns_pages.h"

#include "api/query/form.h"
#include "api/query/xml_writer.h"

namespace certflow::api {

namespace {

std::string param(const query::FormParams& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

HttpResponse html_page(int status, const std::string& title, const std::string& body_html) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/html; charset=UTF-8";
  response.body =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
      query::xml_escape(title) +
      "</title><style>body{font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5}"
      "code{word-break:break-all}</style></head><body><h1>" +
      query::xml_escape(title) + "</h1>" + body_html + "</body></html>\n";
  response.headers.push_back({"Cache-Control", "no-store"});
  return response;
}

HttpResponse confirm_page(notify::Topics& topics, const query::FormParams& params) {
  const std::string topic_arn = param(params, "TopicArn");
  const std::string token = param(params, "Token");
  if (topic_arn.empty() || token.empty()) {
    return html_page(400, "This confirmation link is incomplete",
                     "<p>The link must carry both a TopicArn and a Token. Copy the whole link "
                     "from the confirmation message (some mail programs cut long links).</p>");
  }
  auto confirmed = topics.confirm_subscription(topic_arn, token);
  if (!confirmed) {
    return html_page(confirmed.error().code == ErrorCode::kNotFound ? 404 : 400,
                     "The subscription could not be confirmed",
                     "<p>" + query::xml_escape(confirmed.error().message) + "</p><p>Topic: <code>" +
                         query::xml_escape(topic_arn) + "</code></p>");
  }
  return html_page(200, "Subscription confirmed!",
                   "<p>You have subscribed to the topic <code>" + query::xml_escape(topic_arn) +
                       "</code> and will receive its notifications from now on.</p><p>Your "
                       "subscription's id is <code>" +
                       query::xml_escape(*confirmed) +
                       "</code>.</p><p>Every notification carries a link to unsubscribe.</p>");
}

HttpResponse unsubscribe_page(notify::Topics& topics, const query::FormParams& params) {
  const std::string arn = param(params, "SubscriptionArn");
  if (arn.empty()) {
    return html_page(400, "This unsubscribe link is incomplete",
                     "<p>The link must carry a SubscriptionArn. Copy the whole link from the "
                     "notification.</p>");
  }
  auto attributes = topics.get_subscription_attributes(arn);
  auto removed = topics.unsubscribe(arn, /*authenticated=*/false);
  if (!removed) {
    if (removed.error().code == ErrorCode::kNotFound) {
      return html_page(404, "You are not subscribed",
                       "<p>The subscription <code>" + query::xml_escape(arn) +
                           "</code> does not exist: it was removed already, or its topic was "
                           "deleted. You will not receive its notifications.</p>");
    }
    return html_page(403, "The subscription was not removed",
                     "<p>" + query::xml_escape(removed.error().message) + "</p>");
  }
  const std::string topic = attributes ? (*attributes)["TopicArn"] : std::string();
  return html_page(200, "Subscription removed",
                   "<p>Your subscription to the topic <code>" + query::xml_escape(topic) +
                       "</code> has been removed. You will no longer receive its "
                       "notifications.</p><p>To subscribe again, ask the topic's owner, or run "
                       "<code>aws sns subscribe</code>.</p>");
}

}  // namespace

ApiHandler::PublicPage make_sns_pages(notify::Topics& topics, const notify::MessageSigner& signer) {
  return [&topics, &signer](const HttpRequest& request) -> std::optional<HttpResponse> {
    if (request.path == signer.certificate_path()) {
      HttpResponse response;
      response.content_type = "application/x-x509-ca-cert";
      response.body = signer.certificate_pem();
      return response;
    }
    if (request.path != "/" || request.query.empty()) return std::nullopt;
    query::FormParams params;
    if (!query::parse_form(request.query, params)) return std::nullopt;
    const std::string action = param(params, "Action");
    if (action == "ConfirmSubscription") return confirm_page(topics, params);
    if (action == "Unsubscribe") return unsubscribe_page(topics, params);
    return std::nullopt;
  };
}

}  // namespace certflow::api
