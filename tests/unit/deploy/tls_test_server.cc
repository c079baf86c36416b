#include "tls_test_server.h"

#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace certflow::deploy::testing {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

template <auto Free>
struct Freer {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using BioPtr = std::unique_ptr<BIO, Freer<&BIO_free>>;
using X509Ptr = std::unique_ptr<X509, Freer<&X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Freer<&EVP_PKEY_free>>;
using SslPtr = std::unique_ptr<SSL, Freer<&SSL_free>>;

// A server context for the certificate (and chain) and key in PEM text.
SslCtxPtr make_context(const std::string& certificate_pem, const std::string& key_pem) {
  SslCtxPtr context(SSL_CTX_new(TLS_server_method()));
  if (!context) throw std::runtime_error("SSL_CTX_new failed");
  BioPtr certs(BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())));
  X509Ptr leaf(PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr));
  bool ok = leaf && SSL_CTX_use_certificate(context.get(), leaf.get()) == 1;
  while (ok) {
    X509Ptr extra(PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr));
    if (!extra) break;
    if (SSL_CTX_add_extra_chain_cert(context.get(), extra.get()) == 1) extra.release();  // owned
  }
  BioPtr key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  KeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  ok = ok && key && SSL_CTX_use_PrivateKey(context.get(), key.get()) == 1;
  ERR_clear_error();
  if (!ok) throw std::runtime_error("test TLS server: unusable certificate or key");
  return context;
}

}  // namespace

// Called while the ClientHello is read, so the name is recorded before the client can finish its
// handshake (and a test read it).
int TlsTestServer::on_server_name(SSL* ssl, int*, void* self) {
  auto* server = static_cast<TlsTestServer*>(self);
  const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  std::lock_guard lock(server->mutex_);
  server->last_server_name_ = name ? name : "";
  return SSL_TLSEXT_ERR_OK;
}

SslCtxPtr TlsTestServer::context_for(const std::string& certificate_pem,
                                     const std::string& key_pem) {
  SslCtxPtr context = make_context(certificate_pem, key_pem);
  SSL_CTX_set_tlsext_servername_callback(context.get(), &TlsTestServer::on_server_name);
  SSL_CTX_set_tlsext_servername_arg(context.get(), this);
  return context;
}

TlsTestServer::TlsTestServer(const std::string& certificate_pem, const std::string& key_pem)
    : context_(context_for(certificate_pem, key_pem)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("test TLS server: cannot listen on loopback");
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { run(); });
}

TlsTestServer::~TlsTestServer() {
  stopping_ = true;
  thread_.join();
  ::close(listener_);
}

void TlsTestServer::serve(const std::string& certificate_pem, const std::string& key_pem) {
  SslCtxPtr fresh = context_for(certificate_pem, key_pem);
  std::lock_guard lock(mutex_);
  context_ = std::move(fresh);
}

void TlsTestServer::reload_on_flag(const std::string& flag_path,
                                   const std::string& certificate_path,
                                   const std::string& key_path) {
  std::lock_guard lock(mutex_);
  flag_path_ = flag_path;
  certificate_path_ = certificate_path;
  key_path_ = key_path;
}

std::string TlsTestServer::last_server_name() const {
  std::lock_guard lock(mutex_);
  return last_server_name_;
}

void TlsTestServer::check_flag() {
  std::string flag, certificate, key;
  {
    std::lock_guard lock(mutex_);
    flag = flag_path_;
    certificate = certificate_path_;
    key = key_path_;
  }
  if (flag.empty() || ::access(flag.c_str(), F_OK) != 0) return;
  ::unlink(flag.c_str());
  serve(read_text(certificate), read_text(key));
  ++reloads_;
}

void TlsTestServer::run() {
  // A client that hangs up mid-handshake must not end the test binary.
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
  while (!stopping_) {
    pollfd wait{listener_, POLLIN, 0};
    if (::poll(&wait, 1, 20) <= 0) continue;
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    timeval limit{2, 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    try {
      check_flag();
    } catch (const std::exception&) {
      // A half-written file: keep the old certificate, as nginx keeps its old configuration.
    }
    SslPtr ssl;
    {
      std::lock_guard lock(mutex_);
      ssl.reset(SSL_new(context_.get()));
    }
    SSL_set_fd(ssl.get(), client);
    if (SSL_accept(ssl.get()) == 1) SSL_shutdown(ssl.get());
    ssl.reset();
    ERR_clear_error();
    ::close(client);
  }
}

}  // namespace certflow::deploy::testing
