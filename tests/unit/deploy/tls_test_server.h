// A real TLS server on a loopback port for the deploy tests: OpenSSL, one connection at a time on
// its own thread. It serves one certificate until told otherwise, or, like nginx, rereads its
// certificate files when a reload is asked for (a flag file the reload command creates).
#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace certflow::deploy::testing {

struct SslCtxFree {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;

class TlsTestServer {
 public:
  // Serves `certificate_pem` (the certificate, then any chain) with `key_pem`.
  TlsTestServer(const std::string& certificate_pem, const std::string& key_pem);
  ~TlsTestServer();
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;

  int port() const { return port_; }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  // From the next connection on, serves this certificate.
  void serve(const std::string& certificate_pem, const std::string& key_pem);
  // Before each connection: when `flag_path` exists, removes it and serves what the two files
  // hold from then on.
  void reload_on_flag(const std::string& flag_path, const std::string& certificate_path,
                      const std::string& key_path);
  // The SNI name of the last handshake ("" when none was sent).
  std::string last_server_name() const;
  int reloads() const { return reloads_; }

 private:
  void run();
  void check_flag();
  SslCtxPtr context_for(const std::string& certificate_pem, const std::string& key_pem);
  static int on_server_name(SSL* ssl, int* alert, void* self);

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  SslCtxPtr context_;  // guarded by mutex_
  std::string flag_path_, certificate_path_, key_path_;
  std::string last_server_name_;
  std::atomic<int> reloads_{0};
  std::thread thread_;
};

}  // namespace certflow::deploy::testing
