// A real SMTP server on 127.0.0.1 for tests of outgoing mail: plain sockets, one thread per
// connection, enough of RFC 5321 for libcurl (EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA with
// dot-unstuffing, RSET, NOOP, QUIT), recording every mail and answering RCPT, DATA and the
// greeting as the test says.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace certflow::testing {

class TestSmtpServer {
 public:
  struct Mail {
    std::string from;             // MAIL FROM address, without angle brackets
    std::vector<std::string> to;  // accepted RCPT TO addresses
    std::string data;             // after DATA, unstuffed, CRLF line ends, without the final "."
  };

  TestSmtpServer();
  ~TestSmtpServer();
  TestSmtpServer(const TestSmtpServer&) = delete;
  TestSmtpServer& operator=(const TestSmtpServer&) = delete;

  // RCPT TO:<address> is answered with `reply` ("550 5.1.1 No such user") instead of 250.
  void reply_to_recipient(const std::string& address, const std::string& reply);
  // The reply after the mail's data (default "250 2.0.0 Queued").
  void reply_to_data(const std::string& reply);
  // The greeting (default "220 ..."); a greeting that is not 220 ends the connection.
  void greet_with(const std::string& reply);
  // Accept connections and say nothing (for timeouts).
  void stay_silent();
  // Advertise AUTH PLAIN and accept only these credentials (535 otherwise); MAIL before a
  // successful AUTH is answered 530.
  void require_auth(const std::string& username, const std::string& password);

  // "smtp://127.0.0.1:PORT"
  std::string url() const;
  std::vector<Mail> mails() const;
  // Every command line received, in order (AUTH lines as sent).
  std::vector<std::string> commands() const;
  int connections() const { return connections_.load(); }

 private:
  void accept_loop();
  void serve(int fd);
  std::string rcpt_reply(const std::string& address) const;

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  mutable std::mutex mutex_;  // guards everything below
  std::vector<std::thread> threads_;
  std::map<std::string, std::string> rcpt_replies_;
  std::string data_reply_ = "250 2.0.0 Queued";
  std::string greeting_ = "220 mail.test ESMTP certflow-test";
  bool silent_ = false;
  std::string username_;
  std::string password_;
  std::vector<Mail> mails_;
  std::vector<std::string> commands_;
};

}  // namespace certflow::testing
