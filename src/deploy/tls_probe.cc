#include "deploy/tls_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>

#include "core/sigpipe.h"

namespace certflow::deploy {
namespace {

template <auto Free>
struct OpenSslFree {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslFree<&SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, OpenSslFree<&SSL_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslFree<&X509_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslFree<&BN_free>>;
struct OpenSslMemFree {
  void operator()(char* p) const { OPENSSL_free(p); }
};
using OpenSslText = std::unique_ptr<char, OpenSslMemFree>;
struct AddrInfoFree {
  void operator()(addrinfo* p) const { ::freeaddrinfo(p); }
};
using AddrInfoPtr = std::unique_ptr<addrinfo, AddrInfoFree>;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Error unavailable(const std::string& message) {
  return Error{ErrorCode::kServiceUnavailable, message};
}

std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "the connection closed";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

bool is_ip_literal(const std::string& host) {
  unsigned char address[16];
  return ::inet_pton(AF_INET, host.c_str(), address) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), address) == 1;
}

// A non-blocking connect bounded by `timeout`, then a blocking socket whose reads and writes
// time out after `timeout` (the handshake).
Result<Socket> connect_to(const Endpoint& endpoint, std::chrono::milliseconds timeout) {
  const std::string where = endpoint.host + ":" + std::to_string(endpoint.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(endpoint.port);
  if (int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return tl::unexpected(unavailable("cannot resolve " + endpoint.host + ": " + gai_strerror(rc)));
  }
  AddrInfoPtr addresses(found);
  std::string reason = "no address";
  for (addrinfo* a = addresses.get(); a != nullptr; a = a->ai_next) {
    Socket socket(
        ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol));
    if (socket.get() < 0) {
      reason = std::strerror(errno);
      continue;
    }
    if (::connect(socket.get(), a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        reason = std::strerror(errno);
        continue;
      }
      pollfd wait{socket.get(), POLLOUT, 0};
      const int ready = ::poll(&wait, 1, static_cast<int>(timeout.count()));
      if (ready <= 0) {
        reason = ready == 0 ? "no answer within " + std::to_string(timeout.count()) + " ms"
                            : std::strerror(errno);
        continue;
      }
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(socket.get(), SOL_SOCKET, SO_ERROR, &error, &length);
      if (error != 0) {
        reason = std::strerror(error);
        continue;
      }
    }
    const int flags = ::fcntl(socket.get(), F_GETFL);
    ::fcntl(socket.get(), F_SETFL, flags & ~O_NONBLOCK);
    timeval limit{static_cast<time_t>(timeout.count() / 1000),
                  static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(socket.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(socket.get(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    return socket;
  }
  return tl::unexpected(unavailable("cannot connect to " + where + ": " + reason));
}

}  // namespace

std::optional<std::string> normalize_serial(std::string_view text) {
  std::string hex;
  for (char c : text) {
    if (c == ':' || c == ' ') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (hex.empty()) return std::nullopt;
  const size_t first = hex.find_first_not_of('0');
  return first == std::string::npos ? "0" : hex.substr(first);
}

std::string colon_serial(std::string_view text) {
  auto hex = normalize_serial(text);
  if (!hex) return std::string(text);
  if (hex->size() % 2 != 0) hex->insert(0, "0");
  std::string out;
  for (size_t i = 0; i < hex->size(); i += 2) {
    if (i != 0) out += ":";
    out += hex->substr(i, 2);
  }
  return out;
}

Result<std::string> probe_serial(const Endpoint& endpoint, const std::string& server_name,
                                 std::chrono::milliseconds timeout) {
  const std::string where = endpoint.host + ":" + std::to_string(endpoint.port);
  SigpipeBlocked no_sigpipe;
  auto socket = connect_to(endpoint, timeout);
  if (!socket) return tl::unexpected(socket.error());

  ERR_clear_error();
  SslCtxPtr context(SSL_CTX_new(TLS_client_method()));
  if (!context) return fail(ErrorCode::kInternal, "cannot set up TLS: " + openssl_reason());
  // The probe compares serials; whether the chain is trusted is the server's clients' concern.
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_NONE, nullptr);
  SslPtr ssl(SSL_new(context.get()));
  if (!ssl || SSL_set_fd(ssl.get(), socket->get()) != 1) {
    return fail(ErrorCode::kInternal, "cannot set up TLS: " + openssl_reason());
  }
  if (!server_name.empty() && !is_ip_literal(server_name)) {
    SSL_set_tlsext_host_name(ssl.get(), server_name.c_str());
  }
  if (SSL_connect(ssl.get()) != 1) {
    return tl::unexpected(
        unavailable("TLS handshake with " + where + " failed: " + openssl_reason()));
  }
  X509Ptr peer(SSL_get1_peer_certificate(ssl.get()));
  if (!peer) return tl::unexpected(unavailable(where + " sent no certificate"));
  BignumPtr serial(ASN1_INTEGER_to_BN(X509_get_serialNumber(peer.get()), nullptr));
  OpenSslText hex(serial ? BN_bn2hex(serial.get()) : nullptr);
  SSL_shutdown(ssl.get());  // a polite close_notify; its answer does not matter
  ERR_clear_error();
  if (!hex) return fail(ErrorCode::kInternal, "cannot read the serial " + where + " served");
  auto normalized = normalize_serial(hex.get());
  if (!normalized) return fail(ErrorCode::kInternal, "unreadable serial from " + where);
  return *normalized;
}

}  // namespace certflow::deploy
