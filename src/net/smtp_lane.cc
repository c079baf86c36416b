#include "net/smtp_lane.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace certflow::net {
namespace {

size_t on_read(char* buffer, size_t size, size_t count, void* user) {
  return static_cast<SmtpLane*>(user)->read(buffer, size * count);
}

size_t on_write(char*, size_t size, size_t count, void*) { return size * count; }

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  auto* lane = static_cast<SmtpLane*>(user);
  if (type == CURLINFO_HEADER_OUT) lane->on_sent({data, size});
  if (type == CURLINFO_HEADER_IN) lane->on_received({data, size});
  return 0;
}

std::string_view without_line_end(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  return line;
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

long use_ssl(SmtpSettings::Tls tls) {
  switch (tls) {
    case SmtpSettings::Tls::kNone: return CURLUSESSL_NONE;
    case SmtpSettings::Tls::kStartTlsIfAvailable: return CURLUSESSL_TRY;
    case SmtpSettings::Tls::kStartTlsRequired: return CURLUSESSL_ALL;
  }
  return CURLUSESSL_TRY;
}

SmtpError transport(std::string message) {
  return SmtpError{SmtpErrorKind::kTransport, 0, "", std::move(message)};
}

}  // namespace

SmtpLane* SmtpLane::of(CURL* handle) {
  void* lane = nullptr;
  curl_easy_getinfo(handle, CURLINFO_PRIVATE, &lane);
  return static_cast<SmtpLane*>(lane);
}

size_t SmtpLane::read(char* buffer, size_t size) {
  const size_t n = std::min(size, payload_.size() - sent_);
  std::memcpy(buffer, payload_.data() + sent_, n);
  sent_ += n;
  return n;
}

// Only the verb of what goes out is kept: AUTH lines carry credentials.
void SmtpLane::on_sent(std::string_view command_line) {
  command_ = std::string(command_line.substr(0, command_line.find_first_of(" :\r\n")));
}

void SmtpLane::on_received(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    on_reply_line(text.substr(start, end - start));
    start = end + 1;
  }
}

void SmtpLane::on_reply_line(std::string_view line) {
  line = without_line_end(line);
  if (line.size() < 3) return;
  reply_ += (reply_.empty() ? "" : " ") + std::string(line.size() > 4 ? line.substr(4) : "");
  if (line.size() > 3 && line[3] == '-') return;  // more lines of this reply follow
  ++replies_;
  const int code = std::atoi(std::string(line.substr(0, 3)).c_str());
  // A refused EHLO is no failure: libcurl falls back to HELO.
  if (code >= 400 && command_ != "EHLO") {
    failed_code_ = code;
    failed_command_ = command_;
    failed_reply_ = std::to_string(code) + " " + reply_;
  }
  reply_.clear();
}

std::optional<SmtpError> SmtpLane::open(const SmtpSettings& settings, int retries) {
  retries_ = retries;
  easy_.reset(curl_easy_init());
  if (!easy_) return transport("libcurl could not make a handle");
  CURL* h = easy_.get();
  CURLcode code = CURLE_OK;
  auto check = [&code](CURLcode result) {
    if (code == CURLE_OK) code = result;
  };
  const std::string sender = "<" + settings.from + ">";
  check(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_));
  check(curl_easy_setopt(h, CURLOPT_URL, settings.url.c_str()));
  check(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps"));
  check(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L));
  // Per mail: connecting, when it has to, and the mail's own exchange.
  const long timeout_ms = std::max<long>(1, static_cast<long>(settings.timeout.count()));
  check(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms));
  check(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms));
  check(curl_easy_setopt(h, CURLOPT_MAIL_FROM, sender.c_str()));  // libcurl copies strings
  check(curl_easy_setopt(h, CURLOPT_USE_SSL, use_ssl(settings.tls)));
  check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, settings.verify_peer ? 1L : 0L));
  check(curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, settings.verify_peer ? 2L : 0L));
  if (!settings.username.empty()) {
    check(curl_easy_setopt(h, CURLOPT_USERNAME, settings.username.c_str()));
    check(curl_easy_setopt(h, CURLOPT_PASSWORD, settings.password.c_str()));
  }
  check(curl_easy_setopt(h, CURLOPT_UPLOAD, 1L));
  check(curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read));
  check(curl_easy_setopt(h, CURLOPT_READDATA, this));
  check(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write));
  // The debug stream is how the server's replies reach us; nothing is printed.
  check(curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug));
  check(curl_easy_setopt(h, CURLOPT_DEBUGDATA, this));
  check(curl_easy_setopt(h, CURLOPT_VERBOSE, 1L));
  check(curl_easy_setopt(h, CURLOPT_PRIVATE, static_cast<void*>(this)));
  if (code != CURLE_OK) return error(code);
  return std::nullopt;
}

std::optional<SmtpError> SmtpLane::start(CURLM* multi, size_t mail, std::string payload,
                                         const std::string& to) {
  mail_ = mail;
  retries_left_ = retries_;
  payload_ = std::move(payload);
  recipients_.reset();  // the handle is detached: libcurl holds no pointer into the old list
  const std::string recipient = "<" + to + ">";
  if (!append_header(recipients_, recipient.c_str())) {
    return transport("out of memory for the recipient list");
  }
  if (curl_easy_setopt(easy_.get(), CURLOPT_MAIL_RCPT, recipients_.get()) != CURLE_OK) {
    return transport("libcurl refused the recipient list");
  }
  return attach(multi);
}

std::optional<SmtpError> SmtpLane::attach(CURLM* multi) {
  sent_ = 0;
  replies_ = 0;
  command_.clear();
  reply_.clear();
  failed_code_ = 0;
  failed_command_.clear();
  failed_reply_.clear();
  error_[0] = '\0';
  if (curl_multi_add_handle(multi, easy_.get()) != CURLM_OK) {
    return transport("libcurl refused the transfer");
  }
  attached_to_ = multi;
  return std::nullopt;
}

void SmtpLane::detach() {
  if (attached_to_) curl_multi_remove_handle(attached_to_, easy_.get());
  attached_to_ = nullptr;
}

bool SmtpLane::try_again(CURLM* multi, CURLcode code) {
  if (retries_left_ <= 0 || replies_ > 0 || error(code).kind != SmtpErrorKind::kTransport) {
    return false;
  }
  long new_connections = -1;
  curl_easy_getinfo(easy_.get(), CURLINFO_NUM_CONNECTS, &new_connections);
  if (new_connections != 0) return false;  // a fresh connection that failed: no stale one
  --retries_left_;
  return !attach(multi).has_value();
}

SmtpError SmtpLane::error(CURLcode code) const {
  SmtpError error;
  error.message = error_[0] ? error_ : curl_easy_strerror(code);
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
  error.reply_code = failed_code_;
  error.command = failed_command_;
  if (!failed_reply_.empty()) error.message += ": the server said \"" + failed_reply_ + "\"";
  if (failed_code_ >= 400 && failed_code_ < 500) {
    error.kind = SmtpErrorKind::kTemporary;
  } else if (code == CURLE_LOGIN_DENIED) {
    error.kind = SmtpErrorKind::kAuth;
  } else if (failed_code_ >= 500 && failed_code_ < 600) {
    error.kind = SmtpErrorKind::kRejected;
  } else {
    error.kind = SmtpErrorKind::kTransport;
  }
  return error;
}

}  // namespace certflow::net
