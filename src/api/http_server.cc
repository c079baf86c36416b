#include "api/http_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "core/ids.h"

namespace certflow::api {

namespace {

HttpRequest to_api_request(const httplib::Request& req) {
  HttpRequest request;
  request.method = req.method;
  const std::string& target = req.target.empty() ? req.path : req.target;
  size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) request.query = target.substr(question + 1);
  request.headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) {
    // httplib adds these itself; they were not sent by the client.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    request.headers.emplace_back(name, value);
  }
  request.body = req.body;
  return request;
}

void write(const HttpResponse& response, httplib::Response& res) {
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name, value);
  res.set_content(response.body, response.content_type);
}

}  // namespace

HttpServer::HttpServer(ApiHandler& handler, HttpServerOptions options)
    : handler_(handler),
      options_(std::move(options)),
      server_(std::make_unique<httplib::Server>()) {
  const size_t threads = options_.threads;
  // httplib owns the queue it gets from this factory and deletes it on shutdown.
  server_->new_task_queue = [threads] {
    return std::make_unique<httplib::ThreadPool>(threads).release();
  };
  // Headers and body go out in separate writes; without NODELAY, Nagle and delayed ACKs add
  // ~40 ms to every keep-alive response.
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(100000);
  // Idle keep-alive connections hold a worker until this timeout, and stop() waits for them.
  server_->set_keep_alive_timeout(3);
  server_->set_payload_max_length(handler_.options().max_body_bytes);

  auto serve = [this](const httplib::Request& req, httplib::Response& res) {
    HttpResponse response = handler_.handle(to_api_request(req));
    // The access log: no bodies and no Authorization values, which may carry secrets' proofs.
    spdlog::debug("{} {} {} -> {}", req.remote_addr, req.method,
                  req.get_header_value("X-Amz-Target"), response.status);
    write(response, res);
  };
  server_->Post(".*", serve);
  server_->Get(".*", serve);
  server_->Put(".*", serve);
  server_->Delete(".*", serve);

  // Requests httplib refuses before routing (oversize body, bad request line) still get an
  // AWS-shaped error. Responses that already carry a body are ours and pass through.
  httplib::Server::HandlerWithResponse on_error = [this](const httplib::Request&,
                                                         httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    Error error =
        res.status == 413
            ? Error{ErrorCode::kPayloadTooLarge,
                    "The request body exceeds the limit of " +
                        std::to_string(handler_.options().max_body_bytes) + " bytes."}
            : Error{ErrorCode::kSerialization, "The HTTP request could not be read (status " +
                                                   std::to_string(res.status) + ")."};
    int status = res.status;
    write(handler_.error_response(error, new_uuid()), res);
    if (status != 413) res.status = 400;
    return httplib::Server::HandlerResponse::Handled;
  };
  server_->set_error_handler(on_error);
}

HttpServer::~HttpServer() = default;

Status HttpServer::bind() {
  if (options_.port == 0) {
    bound_port_ = server_->bind_to_any_port(options_.host);
    if (bound_port_ <= 0) {
      return fail(ErrorCode::kInternal, "Cannot listen on " + options_.host + " (any port).");
    }
    return {};
  }
  if (!server_->bind_to_port(options_.host, options_.port)) {
    return fail(ErrorCode::kInternal, "Cannot listen on " + options_.host + ":" +
                                          std::to_string(options_.port) +
                                          " (in use, or not an address of this machine).");
  }
  bound_port_ = options_.port;
  return {};
}

void HttpServer::run() { server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

}  // namespace certflow::api
