// The HTTP/1.1 listener (cpp-httplib underneath) that hands every request to an ApiHandler.
#pragma once

#include <memory>
#include <string>

#include "api/api_handler.h"
#include "core/error.h"

namespace httplib {
class Server;
}

namespace certflow::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8443;
  size_t threads = 16;
};

class HttpServer {
 public:
  HttpServer(ApiHandler& handler, HttpServerOptions options);
  ~HttpServer();

  // Binds the socket; fails with a message naming the address. port 0 picks a free port.
  Status bind();
  int port() const { return bound_port_; }
  // Serves until stop() is called (from another thread). Requires bind().
  void run();
  void stop();

 private:
  ApiHandler& handler_;
  HttpServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  int bound_port_ = 0;
};

}  // namespace certflow::api
