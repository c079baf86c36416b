// send_all: one easy handle per mail, at most max_concurrent attached to a multi handle at a
// time, driven like perform_all. libcurl speaks SMTP (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA and
// the dot-stuffing of the data); this file reads the server's replies from libcurl's debug
// stream, because libcurl's own error text carries the reply code but not the server's words.
#include "net/smtp_client.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "net/curl_handles.h"

namespace certflow::net {
namespace {

// One mail in flight. Lives at a stable address: libcurl keeps pointers to it until it ends.
struct Transfer {
  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() {
    if (attached_to) curl_multi_remove_handle(attached_to, easy.get());
  }

  std::string payload;
  size_t sent = 0;
  HeaderList recipients;
  EasyHandle easy;
  CURLM* attached_to = nullptr;
  char error[CURL_ERROR_SIZE] = {};
  std::string command;  // the verb of the last command sent
  std::string reply;    // the reply being read (multi-line replies end with "NNN text")
  int failed_code = 0;  // the last 4xx/5xx reply, the command it answered, and its text
  std::string failed_command;
  std::string failed_reply;
};

size_t on_read(char* buffer, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = std::min(size * count, t->payload.size() - t->sent);
  std::memcpy(buffer, t->payload.data() + t->sent, n);
  t->sent += n;
  return n;
}

size_t on_write(char*, size_t size, size_t count, void*) { return size * count; }

std::string_view without_line_end(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  return line;
}

void on_reply_line(Transfer& t, std::string_view line) {
  line = without_line_end(line);
  if (line.size() < 3) return;
  t.reply += (t.reply.empty() ? "" : " ") + std::string(line.size() > 4 ? line.substr(4) : "");
  if (line.size() > 3 && line[3] == '-') return;  // more lines of this reply follow
  const int code = std::atoi(std::string(line.substr(0, 3)).c_str());
  // A refused EHLO is no failure: libcurl falls back to HELO.
  if (code >= 400 && t.command != "EHLO") {
    t.failed_code = code;
    t.failed_command = t.command;
    t.failed_reply = std::to_string(code) + " " + t.reply;
  }
  t.reply.clear();
}

// Only the verb of what goes out is kept: AUTH lines carry credentials.
int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string_view text(data, size);
  if (type == CURLINFO_HEADER_OUT) {
    const size_t end = text.find_first_of(" :\r\n");
    t->command = std::string(text.substr(0, end));
  } else if (type == CURLINFO_HEADER_IN) {
    size_t start = 0;
    while (start < text.size()) {
      const size_t end = std::min(text.find('\n', start), text.size());
      on_reply_line(*t, text.substr(start, end - start));
      start = end + 1;
    }
  }
  return 0;
}

bool is_tls_failure(CURLcode code) {
  switch (code) {
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return true;
    default: return false;
  }
}

SmtpError error_of(const Transfer& t, CURLcode code) {
  SmtpError error;
  error.message = t.error[0] ? t.error : curl_easy_strerror(code);
  if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST) {
    error.kind = SmtpErrorKind::kRefused;
    return error;
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    error.kind = SmtpErrorKind::kTimeout;
    return error;
  }
  if (is_tls_failure(code)) {
    error.kind = SmtpErrorKind::kTls;
    if (code == CURLE_USE_SSL_FAILED) {
      error.message += " (the server does not offer STARTTLS, which the settings require)";
    }
    return error;
  }
  if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL) {
    error.kind = SmtpErrorKind::kInvalid;
    return error;
  }
  error.reply_code = t.failed_code;
  error.command = t.failed_command;
  if (!t.failed_reply.empty()) error.message += ": the server said \"" + t.failed_reply + "\"";
  if (t.failed_code >= 400 && t.failed_code < 500) {
    error.kind = SmtpErrorKind::kTemporary;
  } else if (code == CURLE_LOGIN_DENIED) {
    error.kind = SmtpErrorKind::kAuth;
  } else if (t.failed_code >= 500 && t.failed_code < 600) {
    error.kind = SmtpErrorKind::kRejected;
  } else {
    error.kind = SmtpErrorKind::kTransport;
  }
  return error;
}

tl::unexpected<SmtpError> invalid(std::string message) {
  return tl::unexpected(SmtpError{SmtpErrorKind::kInvalid, 0, "", std::move(message)});
}

SmtpResult check_settings(const SmtpSettings& settings) {
  if (settings.url.rfind("smtp://", 0) != 0 && settings.url.rfind("smtps://", 0) != 0) {
    return invalid("the mail server URL must be smtp://host:port or smtps://host:port");
  }
  if (!valid_email_address(settings.from)) {
    return invalid("the sender address '" + settings.from + "' is not an email address");
  }
  return {};
}

long use_ssl(SmtpSettings::Tls tls) {
  switch (tls) {
    case SmtpSettings::Tls::kNone: return CURLUSESSL_NONE;
    case SmtpSettings::Tls::kStartTlsIfAvailable: return CURLUSESSL_TRY;
    case SmtpSettings::Tls::kStartTlsRequired: return CURLUSESSL_ALL;
  }
  return CURLUSESSL_TRY;
}

// Configures the easy handle; the error when libcurl refuses a setting.
std::optional<SmtpError> prepare(Transfer& t, const SmtpSettings& settings,
                                 const MailMessage& message, size_t index) {
  t.easy.reset(curl_easy_init());
  if (!t.easy)
    return SmtpError{SmtpErrorKind::kTransport, 0, "", "libcurl could not make a handle"};
  const std::string recipient = "<" + message.to + ">";
  if (!append_header(t.recipients, recipient.c_str())) {
    return SmtpError{SmtpErrorKind::kTransport, 0, "", "out of memory for the recipient list"};
  }
  CURL* h = t.easy.get();
  CURLcode code = CURLE_OK;
  auto check = [&code](CURLcode result) {
    if (code == CURLE_OK) code = result;
  };
  const std::string sender = "<" + settings.from + ">";
  check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t.error));
  check(curl_easy_setopt(h, CURLOPT_URL, settings.url.c_str()));
  check(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps"));
  check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L));
  const long timeout_ms = std::max<long>(1, static_cast<long>(settings.timeout.count()));
  check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms));
  check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms));
  check(curl_easy_setopt(h, CURLOPT_MAIL_FROM, sender.c_str()));  // libcurl copies strings
  check(curl_easy_setopt(h, CURLOPT_MAIL_RCPT, t.recipients.get()));
  check(curl_easy_setopt(h, CURLOPT_USE_SSL, use_ssl(settings.tls)));
  check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, settings.verify_peer ? 1L : 0L));
  check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, settings.verify_peer ? 2L : 0L));
  if (!settings.username.empty()) {
    check(curl_easy_setopt(h, CURLOPT_USERNAME, settings.username.c_str()));
    check(curl_easy_setopt(h, CURLOPT_PASSWORD, settings.password.c_str()));
  }
  check(curl_easy_setopt(h, CURLOPT_UPLOAD, 1L));
  check(curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read));
  check(curl_easy_setopt(h, CURLOPT_READDATA, &t));
  check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write));
  // The debug stream is how the server's replies reach us; nothing is printed.
  check(curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug));
  check(curl_easy_setopt(h, CURLOPT_DEBUGDATA, &t));
  check(curl_easy_setopt(h, CURLOPT_VERBOSE, 1L));
  check(curl_easy_setopt(h, CURLOPT_PRIVATE, reinterpret_cast<void*>(index)));
  if (code != CURLE_OK) return error_of(t, code);
  return std::nullopt;
}

}  // namespace

SmtpResult send_mail(const SmtpSettings& settings, const MailMessage& message) {
  return std::move(send_all(settings, {message}, 1).front());
}

std::vector<SmtpResult> send_all(const SmtpSettings& settings,
                                 const std::vector<MailMessage>& messages, size_t max_concurrent) {
  std::vector<SmtpResult> results(messages.size());
  auto fail_all = [&](SmtpErrorKind kind, const std::string& why) {
    for (auto& result : results) result = tl::unexpected(SmtpError{kind, 0, "", why});
    return std::move(results);
  };
  if (messages.empty()) return results;
  if (auto ok = check_settings(settings); !ok) {
    return fail_all(ok.error().kind, ok.error().message);
  }
  if (!curl_ready()) return fail_all(SmtpErrorKind::kTransport, "libcurl could not be initialised");
  MultiHandle multi(curl_multi_init());
  if (!multi) return fail_all(SmtpErrorKind::kTransport, "libcurl could not make a multi handle");
  // Declared after `multi`, so destroyed before it: each detaches from the multi handle first.
  std::vector<std::unique_ptr<Transfer>> transfers(messages.size());

  const size_t limit = std::max<size_t>(1, max_concurrent);
  size_t next = 0;
  size_t active = 0;
  for (;;) {
    while (active < limit && next < messages.size()) {
      const size_t index = next++;
      auto composed = compose_message(settings.from, messages[index]);
      if (!composed) {
        results[index] = tl::unexpected(std::move(composed.error()));
        continue;
      }
      auto transfer = std::make_unique<Transfer>();
      transfer->payload = std::move(*composed);
      if (auto error = prepare(*transfer, settings, messages[index], index)) {
        results[index] = tl::unexpected(std::move(*error));
        continue;
      }
      if (curl_multi_add_handle(multi.get(), transfer->easy.get()) != CURLM_OK) {
        results[index] = tl::unexpected(
            SmtpError{SmtpErrorKind::kTransport, 0, "", "libcurl refused the transfer"});
        continue;
      }
      transfer->attached_to = multi.get();
      transfers[index] = std::move(transfer);
      ++active;
    }
    if (active == 0) break;

    int running = 0;
    if (curl_multi_perform(multi.get(), &running) != CURLM_OK) {
      for (size_t i = 0; i < transfers.size(); ++i) {
        if (transfers[i]) {
          results[i] = tl::unexpected(
              SmtpError{SmtpErrorKind::kTransport, 0, "", "libcurl's transfer loop failed"});
        }
      }
      break;
    }
    int queued = 0;
    while (CURLMsg* done = curl_multi_info_read(multi.get(), &queued)) {
      if (done->msg != CURLMSG_DONE) continue;
      void* tag = nullptr;
      curl_easy_getinfo(done->easy_handle, CURLINFO_PRIVATE, &tag);
      const auto index = reinterpret_cast<size_t>(tag);
      const CURLcode code = done->data.result;  // read before the handle is removed
      if (code == CURLE_OK) {
        results[index] = {};
      } else {
        results[index] = tl::unexpected(error_of(*transfers[index], code));
      }
      transfers[index].reset();
      --active;
    }
    if (active > 0 && running > 0) {
      curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
    }
  }
  return results;
}

}  // namespace certflow::net
