// One SMTP session of send_all, private to the net room: an easy handle configured once for the
// settings and given mail after mail. The multi handle keeps the connection of a finished mail in
// its connection cache, so the lane's next mail goes over it as MAIL, RCPT, DATA — no new
// connect, greeting, EHLO, STARTTLS or AUTH. libcurl closes a connection after a mail that
// failed on it, and notices one the server has closed when it picks it up again, so the next
// mail then connects afresh. The server's replies are read from libcurl's debug stream, because
// libcurl's own error text carries the reply code but not the server's words.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "net/curl_handles.h"
#include "net/smtp_client.h"

namespace certflow::net {

class SmtpLane {
 public:
  SmtpLane() = default;
  SmtpLane(const SmtpLane&) = delete;
  SmtpLane& operator=(const SmtpLane&) = delete;
  ~SmtpLane() { detach(); }

  // Makes the handle and sets what all of the lane's mails share; the error when libcurl refuses
  // a setting. `retries` bounds try_again for each mail.
  std::optional<SmtpError> open(const SmtpSettings& settings, int retries);
  // Starts mail number `mail` (its composed text and its recipient) on `multi`.
  // REQUIRES: open succeeded and the lane is not attached.
  std::optional<SmtpError> start(CURLM* multi, size_t mail, std::string payload,
                                 const std::string& to);
  // Detaches from the multi handle once libcurl reported the mail done; idempotent.
  void detach();
  // After a failure with `code` (and detach): when the mail went over a kept connection that
  // was gone before the server answered any of its commands, nothing of it can have arrived, so
  // it starts again from its first byte (on a fresh connection: libcurl closed the broken one).
  // True when it did.
  bool try_again(CURLM* multi, CURLcode code);
  SmtpError error(CURLcode code) const;

  size_t mail() const { return mail_; }
  bool attached() const { return attached_to_ != nullptr; }
  static SmtpLane* of(CURL* handle);

  // For libcurl's callbacks.
  size_t read(char* buffer, size_t size);
  void on_sent(std::string_view command_line);
  void on_received(std::string_view text);

 private:
  void on_reply_line(std::string_view line);
  std::optional<SmtpError> attach(CURLM* multi);

  EasyHandle easy_;
  CURLM* attached_to_ = nullptr;
  char error_[CURL_ERROR_SIZE] = {};
  int retries_ = 0;  // for each mail
  int retries_left_ = 0;
  // The mail on the lane, and what its exchange said so far.
  size_t mail_ = 0;
  std::string payload_;
  size_t sent_ = 0;
  HeaderList recipients_;
  int replies_ = 0;      // complete replies read for this mail
  std::string command_;  // the verb of the last command sent
  std::string reply_;    // the reply being read (multi-line replies end with "NNN text")
  int failed_code_ = 0;  // the last 4xx/5xx reply, the command it answered, and its text
  std::string failed_command_;
  std::string failed_reply_;
};

}  // namespace certflow::net
