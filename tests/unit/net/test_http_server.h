// A real HTTP/1.1 server on 127.0.0.1 for tests of outgoing HTTP: plain sockets, one thread per
// connection (so concurrent requests really run side by side, and a listen backlog of 128 so a
// burst of connections is not dropped), one request per connection (Connection: close),
// recording every request and answering as the test's handler says — a status, a body, headers
// and an optional delay.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace certflow::testing {

class TestHttpServer {
 public:
  struct Request {
    std::string method;
    std::string path;                            // without the query
    std::string target;                          // path and query as sent
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string header(const std::string& lower_name) const;
  };
  struct Reply {
    int status = 200;
    std::string body = "{}";
    std::chrono::milliseconds delay{0};
    std::map<std::string, std::string> headers;
  };
  using Handler = std::function<Reply(const Request&)>;

  TestHttpServer();
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  // Requests to `path` are answered by `handler` (unlisted paths: 200 "{}").
  void on(const std::string& path, Handler handler);
  // "http://127.0.0.1:PORT" + path
  std::string url(const std::string& path) const;
  int port() const { return port_; }
  // What arrived at `path` ("" for every path), in arrival order.
  std::vector<Request> requests(const std::string& path = "") const;
  size_t count(const std::string& path) const { return requests(path).size(); }

 private:
  Reply answer(const Request& request);
  void accept_loop();
  void serve(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::vector<std::thread> connections_;  // guarded by mutex_
  mutable std::mutex mutex_;
  std::map<std::string, Handler> handlers_;
  std::vector<Request> requests_;
};

// A loopback port nothing listens on (bound, then closed again).
int closed_port();

}  // namespace certflow::testing
