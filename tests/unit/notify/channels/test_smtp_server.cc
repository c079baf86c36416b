#include "notify/channels/test_smtp_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

#include "crypto/encoding.h"

namespace certflow::testing {
namespace {

// Buffered line reading that gives up when the server stops or the peer goes away.
class Connection {
 public:
  Connection(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}

  std::optional<std::string> line() {
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
  // Waits until the peer leaves or the server stops.
  void idle() {
    while (fill()) buffer_.clear();
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

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// "MAIL FROM:<a@b> SIZE=10" -> "a@b"
std::string address_in(const std::string& line) {
  const size_t open = line.find('<');
  const size_t close = line.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return line.substr(open + 1, close - open - 1);
}

}  // namespace

TestSmtpServer::TestSmtpServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket failed");
  const int yes = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("bind/listen failed");
  }
  socklen_t length = sizeof address;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

TestSmtpServer::~TestSmtpServer() {
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

void TestSmtpServer::reply_to_recipient(const std::string& address, const std::string& reply) {
  std::lock_guard lock(mutex_);
  rcpt_replies_[address] = reply;
}

void TestSmtpServer::reply_to_data(const std::string& reply) {
  std::lock_guard lock(mutex_);
  data_reply_ = reply;
}

void TestSmtpServer::greet_with(const std::string& reply) {
  std::lock_guard lock(mutex_);
  greeting_ = reply;
}

void TestSmtpServer::stay_silent() {
  std::lock_guard lock(mutex_);
  silent_ = true;
}

void TestSmtpServer::require_auth(const std::string& username, const std::string& password) {
  std::lock_guard lock(mutex_);
  username_ = username;
  password_ = password;
}

std::string TestSmtpServer::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

std::vector<TestSmtpServer::Mail> TestSmtpServer::mails() const {
  std::lock_guard lock(mutex_);
  return mails_;
}

std::vector<std::string> TestSmtpServer::commands() const {
  std::lock_guard lock(mutex_);
  return commands_;
}

std::string TestSmtpServer::rcpt_reply(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = rcpt_replies_.find(address);
  return it == rcpt_replies_.end() ? "250 2.1.5 OK" : it->second;
}

void TestSmtpServer::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    ++connections_;
    std::lock_guard lock(mutex_);
    threads_.emplace_back([this, fd] {
      serve(fd);
      ::close(fd);
    });
  }
}

void TestSmtpServer::serve(int fd) {
  Connection c(fd, stopping_);
  std::string greeting;
  bool silent = false;
  std::string username;
  std::string password;
  {
    std::lock_guard lock(mutex_);
    greeting = greeting_;
    silent = silent_;
    username = username_;
    password = password_;
  }
  if (silent) return c.idle();
  if (!c.send(greeting) || greeting.rfind("220", 0) != 0) return;
  const bool auth_required = !username.empty();
  bool authenticated = false;
  Mail mail;
  auto check_plain = [&](const std::string& encoded) {
    const auto decoded = crypto::base64_decode(encoded);
    const std::string expected = std::string(1, '\0') + username + '\0' + password;
    authenticated = decoded && *decoded == expected;
    return c.send(authenticated ? "235 2.7.0 Authentication successful"
                                : "535 5.7.8 Authentication credentials invalid");
  };
  while (auto line = c.line()) {
    {
      std::lock_guard lock(mutex_);
      commands_.push_back(*line);
    }
    const std::string verb = upper(line->substr(0, line->find_first_of(" :")));
    bool ok = true;
    if (verb == "EHLO") {
      ok = c.send("250-mail.test greets you") && c.send("250-8BITMIME") &&
           (!auth_required || c.send("250-AUTH PLAIN")) && c.send("250 SIZE 10485760");
    } else if (verb == "HELO") {
      ok = c.send("250 mail.test");
    } else if (verb == "AUTH") {
      const std::string rest = line->size() > 10 ? line->substr(11) : "";
      if (upper(line->substr(0, 10)) != "AUTH PLAIN") {
        ok = c.send("504 5.5.4 Unrecognized authentication type");
      } else if (!rest.empty()) {
        ok = check_plain(rest);
      } else if (c.send("334 ")) {
        auto response = c.line();
        ok = response && check_plain(*response);
      }
    } else if (verb == "MAIL") {
      if (auth_required && !authenticated) {
        ok = c.send("530 5.7.0 Authentication required");
      } else {
        mail = Mail{address_in(*line), {}, ""};
        ok = c.send("250 2.1.0 OK");
      }
    } else if (verb == "RCPT") {
      const std::string address = address_in(*line);
      const std::string reply = rcpt_reply(address);
      if (reply.rfind("2", 0) == 0) mail.to.push_back(address);
      ok = c.send(reply);
    } else if (verb == "DATA") {
      if (mail.to.empty()) {
        ok = c.send("503 5.5.1 No valid recipients");
        continue;
      }
      ok = c.send("354 End data with <CR><LF>.<CR><LF>");
      std::string data;
      bool ended = false;
      while (auto text = c.line()) {
        if (*text == ".") {
          ended = true;
          break;
        }
        // RFC 5321 §4.5.2: a leading dot was doubled by the sender.
        data += (text->rfind(".", 0) == 0 ? text->substr(1) : *text) + "\r\n";
      }
      if (!ended) return;
      std::string reply;
      {
        std::lock_guard lock(mutex_);
        reply = data_reply_;
        if (reply.rfind("2", 0) == 0) mails_.push_back(Mail{mail.from, mail.to, data});
      }
      mail = Mail{};
      ok = c.send(reply);
    } else if (verb == "RSET") {
      mail = Mail{};
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
