// The API's extension point: every AWS service certflow speaks is a JsonService, a QueryService
// or a RestJsonService registered once in the composition root. A new service is one class plus
// one registration line; a service spoken in both protocols (SQS) registers one of each, sharing
// its operations.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/query/form.h"
#include "api/wire_errors.h"
#include "core/error.h"

namespace certflow::api {

// What a service may need to know about the request beyond its input.
struct RequestContext {
  std::string_view host;           // the Host header, for URLs a service hands out (queue URLs)
  std::string_view path;           // the request path: "/" or a resource's (a queue URL's path)
  std::string_view access_key_id;  // the verified caller
  std::string_view request_id;
};

// A service spoken over AWS JSON 1.0/1.1: X-Amz-Target "<target_prefix>.<Operation>".
class JsonService {
 public:
  virtual ~JsonService() = default;
  virtual std::string_view target_prefix() const = 0;  // "CertificateManager"
  virtual std::string_view signing_name() const = 0;   // SigV4 scope service: "acm"
  virtual std::string_view json_version() const = 0;   // "1.1"
  virtual bool has_operation(std::string_view operation) const = 0;
  // `input` is a JSON object. Returns the output object (or {} for void outputs).
  virtual Result<nlohmann::json> invoke(std::string_view operation,
                                        const nlohmann::json& input) = 0;
  // The handler calls this one; a service that needs the request's context overrides it.
  virtual Result<nlohmann::json> invoke_in_context(const RequestContext& /*context*/,
                                                   std::string_view operation,
                                                   const nlohmann::json& input) {
    return invoke(operation, input);
  }
  // A service whose error names differ from json_wire_error's (SQS) says so here.
  virtual std::optional<ServiceWireError> wire_error(ErrorCode /*code*/) const {
    return std::nullopt;
  }
};

// A service spoken over the AWS query protocol: a form-encoded body "Action=<Op>&Version=...",
// XML answers in the service's namespace. Requests without X-Amz-Target reach the query service
// whose signing name is the SigV4 credential scope's service.
class QueryService {
 public:
  virtual ~QueryService() = default;
  virtual std::string_view signing_name() const = 0;   // "sqs"
  virtual std::string_view xml_namespace() const = 0;  // "http://queue.amazonaws.com/doc/..."
  virtual bool has_operation(std::string_view action) const = 0;
  // `params` holds every decoded parameter (Action and Version too). Returns the content of
  // the <{Action}Result> element, or nullopt for an action whose answer has none.
  virtual Result<std::optional<std::string>> invoke(const RequestContext& context,
                                                    std::string_view action,
                                                    const query::FormParams& params) = 0;
  // A service whose error names differ from query_wire_error's says so here.
  virtual std::optional<WireError> wire_error(ErrorCode /*code*/) const { return std::nullopt; }
};

// A service spoken over restJson1 (Security Hub): the operation is the request's method and
// path, the input a JSON body, and an error an HTTP status, a {"message"} body and the header
// x-amzn-ErrorType naming it. Requests without X-Amz-Target and without a form reach the REST
// service whose signing name is the SigV4 credential scope's service.
class RestJsonService {
 public:
  virtual ~RestJsonService() = default;
  virtual std::string_view signing_name() const = 0;  // "securityhub"
  // Whether an operation lives at this method and path (the path without its query).
  virtual bool handles(std::string_view method, std::string_view path) const = 0;
  // `body` is a JSON object ({} for an empty body). Returns the output object.
  virtual Result<nlohmann::json> invoke(std::string_view method, std::string_view path,
                                        const nlohmann::json& body,
                                        const RequestContext& context) = 0;
  // The service's error name and status where they differ from json_wire_error's.
  virtual std::optional<WireError> wire_error(ErrorCode /*code*/) const { return std::nullopt; }
};

class ServiceRegistry {
 public:
  void add(std::unique_ptr<JsonService> service);
  void add(std::unique_ptr<QueryService> service);
  void add(std::unique_ptr<RestJsonService> service);
  JsonService* find_by_target_prefix(std::string_view prefix) const;
  QueryService* find_query_service(std::string_view signing_name) const;
  RestJsonService* find_rest_service(std::string_view signing_name) const;

 private:
  std::map<std::string, std::unique_ptr<JsonService>, std::less<>> json_services_;
  std::map<std::string, std::unique_ptr<QueryService>, std::less<>> query_services_;
  std::map<std::string, std::unique_ptr<RestJsonService>, std::less<>> rest_services_;
};

}  // namespace certflow::api
