#include "net/test_smtp_session_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace certflow::testing {
namespace {

// Buffered line reading that gives up when the server stops or the peer goes away.
class Lines {
 public:
  Lines(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}

  std::optional<std::string> next() {
    for (;;) {
      if (const size_t end = buffer_.find('\n'); end != std::string::npos) {
        std::string text = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        if (!text.empty() && text.back() == '\r') text.pop_back();
        return text;
      }
      if (!fill()) return std::nullopt;
    }
  }
  bool send(const std::string& reply) {
    const std::string data = reply + "\r\n";
    size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

 private:
  bool fill() {
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      const int ready = ::poll(&p, 1, 50);
      if (ready < 0) return false;
      if (ready == 0) continue;
      char chunk[4096];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    return false;
  }

  int fd_;
  const std::atomic<bool>& stopping_;
  std::string buffer_;
};

std::string verb_of(const std::string& line) {
  std::string verb = line.substr(0, line.find_first_of(" :"));
  std::transform(verb.begin(), verb.end(), verb.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return verb;
}

// "RCPT TO:<a@b>" -> "a@b"
std::string address_in(const std::string& line) {
  const size_t open = line.find('<');
  const size_t close = line.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return line.substr(open + 1, close - open - 1);
}

}  // namespace

SmtpSessionServer::SmtpSessionServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket failed");
  const int yes = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("bind/listen failed");
  }
  socklen_t length = sizeof address;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

SmtpSessionServer::~SmtpSessionServer() {
  stopping_ = true;
  acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& thread : threads) thread.join();
  ::close(listen_fd_);
}

void SmtpSessionServer::reply_to_recipient(const std::string& address, const std::string& reply) {
  std::lock_guard lock(mutex_);
  rcpt_replies_[address] = reply;
}

void SmtpSessionServer::hang_up_at_recipient(const std::string& address) {
  reply_to_recipient(address, "");
}

void SmtpSessionServer::hang_up_after(int mails, HangUp how) {
  std::lock_guard lock(mutex_);
  mails_per_connection_ = mails;
  hang_up_ = how;
}

std::string SmtpSessionServer::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

std::vector<SmtpSessionServer::Mail> SmtpSessionServer::mails() const {
  std::lock_guard lock(mutex_);
  return mails_;
}

void SmtpSessionServer::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    const int connection = ++connections_;
    std::lock_guard lock(mutex_);
    threads_.emplace_back([this, fd, connection] {
      serve(fd, connection);
      ::close(fd);
    });
  }
}

void SmtpSessionServer::serve(int fd, int connection) {
  Lines c(fd, stopping_);
  int limit = 0;
  HangUp how = HangUp::kAfterReply;
  {
    std::lock_guard lock(mutex_);
    limit = mails_per_connection_;
    how = hang_up_;
  }
  if (!c.send("220 mail.test ESMTP certflow-session-test")) return;
  int accepted = 0;  // mails taken on this connection
  Mail mail{connection, {}, ""};
  while (auto line = c.next()) {
    const std::string verb = verb_of(*line);
    bool ok = true;
    if (verb == "EHLO") {
      ok = c.send("250-mail.test greets you") && c.send("250 8BITMIME");
    } else if (verb == "HELO") {
      ok = c.send("250 mail.test");
    } else if (verb == "MAIL") {
      ++mail_commands_;
      if (limit > 0 && accepted >= limit) return;  // HangUp::kAtNextMail
      mail = Mail{connection, {}, ""};
      ok = c.send("250 2.1.0 OK");
    } else if (verb == "RCPT") {
      const std::string address = address_in(*line);
      std::string reply = "250 2.1.5 OK";
      {
        std::lock_guard lock(mutex_);
        if (auto it = rcpt_replies_.find(address); it != rcpt_replies_.end()) reply = it->second;
      }
      if (reply.empty()) return;
      if (reply.rfind("2", 0) == 0) mail.to.push_back(address);
      ok = c.send(reply);
    } else if (verb == "DATA") {
      if (mail.to.empty()) {
        ok = c.send("503 5.5.1 No valid recipients");
        continue;
      }
      if (!c.send("354 End data with <CR><LF>.<CR><LF>")) return;
      bool ended = false;
      while (auto text = c.next()) {
        if (*text == ".") {
          ended = true;
          break;
        }
        // RFC 5321 §4.5.2: a leading dot was doubled by the sender.
        mail.data += (text->rfind(".", 0) == 0 ? text->substr(1) : *text) + "\r\n";
      }
      if (!ended) return;
      {
        std::lock_guard lock(mutex_);
        mails_.push_back(mail);
      }
      ++accepted;
      mail = Mail{connection, {}, ""};
      ok = c.send("250 2.0.0 Queued");
      if (limit > 0 && accepted >= limit && how == HangUp::kAfterReply) return;
    } else if (verb == "RSET") {
      mail = Mail{connection, {}, ""};
      ok = c.send("250 2.0.0 OK");
    } else if (verb == "NOOP") {
      ok = c.send("250 2.0.0 OK");
    } else if (verb == "QUIT") {
      c.send("221 2.0.0 Bye");
      return;
    } else {
      ok = c.send("502 5.5.2 Command not recognized");
    }
    if (!ok) return;
  }
}

}  // namespace certflow::testing
