#include "cli/serve_notify.h"

#include "notify/channels/chat_channel.h"
#include "notify/channels/email_channel.h"
#include "notify/channels/function_channel.h"
#include "notify/channels/http_channel.h"
#include "notify/channels/queue_channel.h"
#include "notify/signer.h"

namespace certflow::cli {

class NotifyRuntime {
 public:
  NotifyRuntime(notify::MessageSigner signer, std::optional<net::SmtpSettings> smtp,
                const Clock& clock, queue::Queues& queues, functions::Functions& functions,
                std::string public_url)
      : signer_(std::move(signer)),
        email_(std::move(smtp), signer_, clock, public_url),
        http_(signer_),
        queue_(queues, signer_),
        function_(functions, signer_),
        chat_(public_url) {
    channels_.add("email", email_);
    channels_.add("email-json", email_);
    channels_.add("http", http_);
    channels_.add("https", http_);
    channels_.add("sqs", queue_);
    channels_.add("lambda", function_);
    for (const char* chat : {"slack", "mattermost", "teams"}) channels_.add(chat, chat_);
  }
  ~NotifyRuntime() {
    if (topics_) topics_->stop();
  }

  notify::MessageSigner signer_;
  notify::EmailChannel email_;
  notify::HttpChannel http_;
  notify::QueueChannel queue_;
  notify::FunctionChannel function_;
  notify::ChatChannel chat_;
  notify::ChannelRegistry channels_;
  std::unique_ptr<notify::Topics> topics_;
};

namespace {

Result<net::SmtpSettings::Tls> starttls(const std::string& text) {
  if (text == "never") return net::SmtpSettings::Tls::kNone;
  if (text == "if-available") return net::SmtpSettings::Tls::kStartTlsIfAvailable;
  if (text == "required") return net::SmtpSettings::Tls::kStartTlsRequired;
  return fail(ErrorCode::kValidation,
              "--smtp-starttls must be never, if-available or required, not '" + text + "'");
}

}  // namespace

void add_notify_options(CLI::App& serve, NotifyOptions& options) {
  serve.add_option("--public-url", options.public_url,
                   "Base URL of links in messages (confirmation, unsubscribe, signing "
                   "certificate); default http://<listen address>");
  serve.add_option("--smtp-url", options.smtp_url,
                   "Mail server for email subscriptions: smtp://HOST:PORT or smtps://HOST:PORT");
  serve.add_option("--smtp-from", options.smtp_from, "Sender address of mails")
      ->capture_default_str();
  serve.add_option("--smtp-username", options.smtp_username, "SMTP AUTH user (config file)");
  serve.add_option("--smtp-password", options.smtp_password,
                   "SMTP AUTH password: set it in the config file, not on the command line");
  serve.add_option("--smtp-starttls", options.smtp_starttls, "never | if-available | required")
      ->capture_default_str();
  serve
      .add_option("--smtp-verify-peer", options.smtp_verify_peer,
                  "Check the mail server's TLS certificate")
      ->capture_default_str();
}

Result<std::shared_ptr<NotifyRuntime>> start_notify(
    const NotifyOptions& options, store::Store& store, const crypto::MasterKey& master,
    const Clock& clock, queue::Queues& queues, functions::Functions& functions,
    const std::string& region, const std::string& account_id, const std::string& listen_url) {
  std::string public_url = options.public_url.empty() ? listen_url : options.public_url;
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  if (public_url.rfind("http://", 0) != 0 && public_url.rfind("https://", 0) != 0) {
    return fail(ErrorCode::kValidation,
                "--public-url must start with http:// or https://, not '" + public_url + "'");
  }
  std::optional<net::SmtpSettings> smtp;
  if (!options.smtp_url.empty()) {
    if (options.smtp_url.rfind("smtp://", 0) != 0 && options.smtp_url.rfind("smtps://", 0) != 0) {
      return fail(ErrorCode::kValidation,
                  "--smtp-url must be smtp://HOST:PORT or "
                  "smtps://HOST:PORT, not '" +
                      options.smtp_url + "'");
    }
    auto tls = starttls(options.smtp_starttls);
    if (!tls) return tl::unexpected(tls.error());
    smtp = net::SmtpSettings{};
    smtp->url = options.smtp_url;
    smtp->from = options.smtp_from;
    smtp->username = options.smtp_username;
    smtp->password = options.smtp_password;
    smtp->tls = *tls;
    smtp->verify_peer = options.smtp_verify_peer;
  }
  auto signer = notify::MessageSigner::load_or_create(store, master, clock, public_url);
  if (!signer) return tl::unexpected(signer.error());
  auto runtime = std::make_shared<NotifyRuntime>(std::move(*signer), std::move(smtp), clock, queues,
                                                 functions, public_url);
  runtime->topics_ = std::make_unique<notify::Topics>(
      store, clock, runtime->channels_, master, runtime->signer_, queues,
      notify::NotifyConfig{region, account_id, public_url});
  if (auto ok = runtime->topics_->load(); !ok) return tl::unexpected(ok.error());
  runtime->topics_->start();
  return runtime;
}

notify::Topics& topics_of(NotifyRuntime& runtime) { return *runtime.topics_; }
const notify::MessageSigner& signer_of(NotifyRuntime& runtime) { return runtime.signer_; }

}  // namespace certflow::cli
