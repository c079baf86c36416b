// The notification topics for `certflow serve`: the signing key, one channel per protocol, the
// topics engine, and the SNS options (SMTP server, public URL for links in messages).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "crypto/envelope.h"
#include "functions/functions.h"
#include "notify/topics.h"
#include "queue/queues.h"
#include "store/store.h"

namespace certflow::cli {

struct NotifyOptions {
  // Where links in messages point; default: http://<listen address>.
  std::string public_url;
  std::string smtp_url;  // "" = no mail server: email deliveries wait and retry
  std::string smtp_from = "certflow@localhost";
  std::string smtp_username;
  std::string smtp_password;                   // config file only, not on the command line
  std::string smtp_starttls = "if-available";  // never | if-available | required
  bool smtp_verify_peer = true;
};

void add_notify_options(CLI::App& serve, NotifyOptions& options);

class NotifyRuntime;  // signer, channels and topics, owned together

// Builds and loads the topics; an error names what is wrong (a bad --smtp-url, ...).
Result<std::shared_ptr<NotifyRuntime>> start_notify(
    const NotifyOptions& options, store::Store& store, const crypto::MasterKey& master,
    const Clock& clock, queue::Queues& queues, functions::Functions& functions,
    const std::string& region, const std::string& account_id, const std::string& listen_url);
notify::Topics& topics_of(NotifyRuntime& runtime);
const notify::MessageSigner& signer_of(NotifyRuntime& runtime);

}  // namespace certflow::cli
