// A real SMTP server on 127.0.0.1 for tests of how the SMTP client uses its sessions: plain
// sockets, one thread per connection, just enough of RFC 5321 for libcurl (EHLO/HELO, MAIL, RCPT,
// DATA with dot-unstuffing, RSET, NOOP, QUIT, no AUTH), recording on which connection each mail
// arrived, and hanging up where the test says. (The message-format tests use the fuller
// notify/channels/test_smtp_server.h.)
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace certflow::testing {

class SmtpSessionServer {
 public:
  struct Mail {
    int connection = 0;           // 1 for the first connection accepted, 2 for the next, ...
    std::vector<std::string> to;  // accepted RCPT TO addresses
    std::string data;             // after DATA, unstuffed, CRLF line ends, without the final "."
  };
  // When a connection that has taken its share of mails goes away.
  enum class HangUp {
    kAfterReply,  // closes right after the "250" to the last mail's data
    kAtNextMail,  // stays open, then closes without a word when the next MAIL comes (a stale
                  // connection: the client only learns it is gone when it sends)
  };

  SmtpSessionServer();
  ~SmtpSessionServer();
  SmtpSessionServer(const SmtpSessionServer&) = delete;
  SmtpSessionServer& operator=(const SmtpSessionServer&) = delete;

  // RCPT TO:<address> is answered with `reply` ("550 5.1.1 No such user") instead of 250.
  void reply_to_recipient(const std::string& address, const std::string& reply);
  // RCPT TO:<address> gets no answer: the connection is closed.
  void hang_up_at_recipient(const std::string& address);
  // Each connection takes at most `mails` mails, then goes away as `how` says.
  void hang_up_after(int mails, HangUp how);

  // "smtp://127.0.0.1:PORT"
  std::string url() const;
  std::vector<Mail> mails() const;
  int connections() const { return connections_.load(); }
  // MAIL commands received over all connections (including those of mails that then failed).
  int mail_commands() const { return mail_commands_.load(); }

 private:
  void accept_loop();
  void serve(int fd, int connection);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> mail_commands_{0};
  std::thread acceptor_;
  mutable std::mutex mutex_;  // guards everything below
  std::vector<std::thread> threads_;
  std::map<std::string, std::string> rcpt_replies_;  // "" for "hang up"
  int mails_per_connection_ = 0;                     // 0 for no limit
  HangUp hang_up_ = HangUp::kAfterReply;
  std::vector<Mail> mails_;
};

}  // namespace certflow::testing
