// Mail texts follow SNS's own mails (subjects, the confirmation wording, the unsubscribe footer),
// so people who know SNS's mails recognise them; certflow names itself in the body.
#include "notify/channels/email_channel.h"

#include "notify/channels/acm_summary.h"

namespace certflow::notify {
namespace {

constexpr size_t kMaxConcurrentSessions = 4;

std::string confirmation_text(const Notification& n, const std::string& public_url) {
  return "You have chosen to subscribe to the topic: \n" + n.topic_arn +
         "\n\nTo confirm this subscription, click or visit the link below (If this was in error "
         "no action is necessary): \nConfirm subscription: " +
         n.subscribe_url + "\n\nThis request comes from certflow" +
         (public_url.empty() ? std::string() : " at " + public_url) +
         ", a self-hosted certificate manager that delivers notifications the way Amazon SNS "
         "does. Please do not reply directly to this email.\n";
}

std::string unsubscribe_confirmation_text(const Notification& n) {
  return n.message + "\n\nTo restore the subscription, click or visit the link below: \n" +
         n.subscribe_url + "\n\nSent by certflow. Please do not reply directly to this email.\n";
}

std::string notification_text(const Notification& n, const MessageSummary& summary) {
  std::string body;
  if (summary.certificate_event) body += summary.text() + "\n";
  body += readable_message(n.message);
  if (body.empty() || body.back() != '\n') body += '\n';
  body +=
      "\n--\nIf you wish to stop receiving notifications from this topic, please click or visit "
      "the link below to unsubscribe:\n" +
      n.unsubscribe_url + "\n\nSent by certflow. Please do not reply directly to this email.\n";
  return body;
}

std::string notification_subject(const Notification& n, const MessageSummary& summary) {
  if (n.subject && !n.subject->empty()) return *n.subject;
  if (summary.certificate_event) return summary.title;
  if (!n.topic_display_name.empty()) return n.topic_display_name;
  return "AWS Notification Message";
}

// The part of a subscription ARN after the topic: a UUID, unique per subscription.
std::string subscription_part(const std::string& arn) { return arn.substr(arn.rfind(':') + 1); }

ChannelFailure failure_of(const net::SmtpError& error) {
  using Kind = net::SmtpErrorKind;
  ChannelFailure failure;
  failure.code = "Smtp" + std::string(net::smtp_error_kind_name(error.kind));
  failure.message = error.message;
  switch (error.kind) {
    case Kind::kRejected:
      // A refused recipient or message stays refused; a refused sender is certflow's setting
      // (--smtp-from), which a person can fix while the message waits.
      failure.retryable = error.command != "RCPT" && error.command != "DATA";
      break;
    case Kind::kInvalid: failure.retryable = false; break;
    case Kind::kAuth: failure.message += " (check --smtp-username and --smtp-password)"; break;
    default: break;
  }
  return failure;
}

}  // namespace

EmailChannel::EmailChannel(std::optional<net::SmtpSettings> smtp, const MessageSigner& signer,
                           const Clock& clock, std::string public_url)
    : smtp_(std::move(smtp)), signer_(signer), clock_(clock), public_url_(std::move(public_url)) {}

Status EmailChannel::check_endpoint(const std::string& protocol, const std::string& endpoint) {
  if (protocol != "email" && protocol != "email-json") {
    return fail(ErrorCode::kInvalidParameter,
                "Invalid parameter: Protocol: the email channel does not serve " + protocol);
  }
  if (!net::valid_email_address(endpoint)) {
    return fail(ErrorCode::kInvalidParameter,
                "Invalid parameter: Email address: the endpoint of an " + protocol +
                    " subscription must be one address such as ops@example.com");
  }
  return {};
}

Result<net::MailMessage> EmailChannel::render(const Notification& n) const {
  net::MailMessage mail;
  mail.to = n.endpoint;
  mail.from_name = n.topic_display_name;
  mail.date = clock_.now();
  // A retry keeps the Message-ID; each subscription's copy has its own.
  mail.message_id = n.message_id + "." + subscription_part(n.subscription_arn);
  mail.extra_headers.emplace_back("Auto-Submitted", "auto-generated");
  mail.extra_headers.emplace_back("X-Certflow-Topic-Arn", n.topic_arn);

  switch (n.type) {
    case MessageType::kSubscriptionConfirmation:
      mail.subject = "AWS Notification - Subscription Confirmation";
      break;
    case MessageType::kUnsubscribeConfirmation:
      mail.subject = "AWS Notification - Unsubscribe Confirmation";
      break;
    case MessageType::kNotification: {
      const MessageSummary summary = summarize(n, public_url_);
      mail.subject = notification_subject(n, summary);
      if (n.protocol != "email-json") mail.text_body = notification_text(n, summary);
      if (!n.unsubscribe_url.empty()) {
        mail.extra_headers.emplace_back("List-Unsubscribe", "<" + n.unsubscribe_url + ">");
      }
      break;
    }
  }
  if (n.protocol == "email-json") {
    auto envelope = json_envelope(n, signer_);
    if (!envelope) return tl::unexpected(envelope.error());
    mail.text_body = std::move(*envelope);
  } else if (n.type == MessageType::kSubscriptionConfirmation) {
    mail.text_body = confirmation_text(n, public_url_);
  } else if (n.type == MessageType::kUnsubscribeConfirmation) {
    mail.text_body = unsubscribe_confirmation_text(n);
  }
  return mail;
}

std::vector<ChannelOutcome> EmailChannel::deliver_all(const std::vector<Notification>& batch) {
  std::vector<ChannelOutcome> outcomes(batch.size());
  if (!smtp_) {
    for (auto& outcome : outcomes) {
      outcome = tl::unexpected(ChannelFailure{
          "SmtpNotConfigured",
          "certflow has no mail server: start the daemon with --smtp-url (and --smtp-from) to "
          "deliver email subscriptions",
          true});
    }
    return outcomes;
  }
  std::vector<net::MailMessage> mails;
  std::vector<size_t> sent;  // the batch index of each mail
  for (size_t i = 0; i < batch.size(); ++i) {
    auto mail = render(batch[i]);
    if (!mail) {
      outcomes[i] = tl::unexpected(ChannelFailure{"SigningFailed", mail.error().message, true});
      continue;
    }
    mails.push_back(std::move(*mail));
    sent.push_back(i);
  }
  auto results = net::send_all(*smtp_, mails, kMaxConcurrentSessions);
  for (size_t k = 0; k < sent.size(); ++k) {
    if (results[k]) continue;
    outcomes[sent[k]] = tl::unexpected(failure_of(results[k].error()));
  }
  return outcomes;
}

}  // namespace certflow::notify
