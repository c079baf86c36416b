#include "api/api_handler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "api/wire_errors.h"
#include "core/ids.h"

namespace certflow::api {

using nlohmann::json;

std::string_view header_value(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](unsigned char a, unsigned char b) {
          return std::tolower(a) == std::tolower(b);
        })) {
      return value;
    }
  }
  return {};
}

ApiHandler::ApiHandler(ServiceRegistry& services, iam::CredentialResolver& credentials,
                       const Clock& clock, ApiOptions options)
    : services_(services), credentials_(credentials), clock_(clock), options_(std::move(options)) {}

HttpResponse ApiHandler::error_response(const Error& error, const std::string& request_id) const {
  WireError wire = json_wire_error(error.code);
  HttpResponse response;
  response.status = wire.http_status;
  response.content_type = "application/x-amz-json-1.1";
  response.body = json{{"__type", wire.code}, {"message", error.message}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  return response;
}

HttpResponse ApiHandler::json_error_response(const Error& error, const JsonService* service,
                                             const std::string& request_id) const {
  auto named = service ? service->wire_error(error.code) : std::nullopt;
  if (!named) {
    HttpResponse response = error_response(error, request_id);
    if (service) {
      response.content_type = "application/x-amz-json-" + std::string(service->json_version());
    }
    return response;
  }
  HttpResponse response;
  response.status = named->wire.http_status;
  response.content_type = "application/x-amz-json-" + std::string(service->json_version());
  response.body = json{{"__type", named->wire.code}, {"message", error.message}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  if (!named->query_error_header.empty()) {
    response.headers.emplace_back("x-amzn-query-error", named->query_error_header);
  }
  return response;
}

std::optional<HttpResponse> ApiHandler::public_page(const HttpRequest& request) const {
  if (request.method != "GET" || !header_value(request, "authorization").empty() ||
      request.query.find("X-Amz-Signature=") != std::string::npos) {
    return std::nullopt;
  }
  for (const auto& page : public_pages_) {
    if (auto response = page(request)) return response;
  }
  return std::nullopt;
}

HttpResponse ApiHandler::handle(const HttpRequest& request) {
  const std::string request_id = new_uuid();
  const bool query = is_query_request(request);
  // Errors found before a service is chosen still answer in the request's protocol.
  auto reject = [&](const Error& error) {
    return query ? query_error_response(error, query_service_of(request), request_id)
                 : error_response(error, request_id);
  };
  if (request.body.size() > options_.max_body_bytes) {
    return reject(
        {ErrorCode::kPayloadTooLarge, "The request body is " + std::to_string(request.body.size()) +
                                          " bytes; the limit is " +
                                          std::to_string(options_.max_body_bytes) + " bytes."});
  }

  if (auto page = public_page(request)) return *page;

  iam::HttpRequestView view{request.method, request.path, request.query, request.headers,
                            request.body};
  auto identity = iam::verify_request(view, credentials_, clock_.now());
  if (!identity) {
    spdlog::info("request {} rejected: {}", request_id, to_string(identity.error().code));
    return reject(identity.error());
  }
  if (identity->region != options_.region) {
    return reject({ErrorCode::kInvalidSignature,
                   "Credential should be scoped to a valid region, not '" + identity->region +
                       "'. This certflow serves region '" + options_.region + "'."});
  }
  if (query) return handle_query(request, *identity, request_id);
  if (RestJsonService* rest = services_.find_rest_service(identity->service);
      rest && header_value(request, "x-amz-target").empty()) {
    return handle_rest(request, *identity, *rest, request_id);
  }

  std::string_view target = header_value(request, "x-amz-target");
  if (target.empty()) {
    return error_response({ErrorCode::kUnknownOperation,
                           "The request has neither an X-Amz-Target header (AWS JSON protocol) "
                           "nor a form-encoded body (AWS query protocol: Action=<Operation>)."},
                          request_id);
  }
  return handle_json(request, *identity, target, request_id);
}

HttpResponse ApiHandler::handle_json(const HttpRequest& request,
                                     const iam::VerifiedIdentity& identity, std::string_view target,
                                     const std::string& request_id) {
  size_t dot = target.find('.');
  JsonService* service = dot == std::string_view::npos
                             ? nullptr
                             : services_.find_by_target_prefix(target.substr(0, dot));
  std::string_view operation = dot == std::string_view::npos ? "" : target.substr(dot + 1);
  if (!service) {
    return json_error_response({ErrorCode::kUnknownOperation,
                                "Unknown operation '" + std::string(target) +
                                    "': certflow serves no service with that X-Amz-Target prefix."},
                               nullptr, request_id);
  }
  if (!service->has_operation(operation)) {
    return json_error_response({ErrorCode::kUnknownOperation,
                                "Unknown operation '" + std::string(target) +
                                    "': " + std::string(service->target_prefix()) +
                                    " in this certflow does not offer it (see docs/OPERATIONS.md "
                                    "for the operations it serves)."},
                               service, request_id);
  }
  if (identity.service != service->signing_name()) {
    return json_error_response(
        {ErrorCode::kInvalidSignature, "Credential should be scoped to correct service: '" +
                                           std::string(service->signing_name()) + "'."},
        service, request_id);
  }

  json input = json::parse(request.body.empty() ? std::string_view("{}") : request.body, nullptr,
                           /*allow_exceptions=*/false);
  if (input.is_discarded() || !input.is_object()) {
    return json_error_response({ErrorCode::kSerialization,
                                "The request body is not a JSON object. Send the operation's "
                                "input as a JSON object ({} when it has none)."},
                               service, request_id);
  }

  const RequestContext context{header_value(request, "host"), request.path, identity.access_key_id,
                               request_id};
  auto output = service->invoke_in_context(context, operation, input);
  if (!output) {
    if (output.error().code == ErrorCode::kInternal) {
      spdlog::error("request {} {} failed: {}", request_id, target, output.error().message);
      return json_error_response(
          {ErrorCode::kInternal,
           "certflow had an internal error; see its log for request " + request_id + "."},
          service, request_id);
    }
    return json_error_response(output.error(), service, request_id);
  }
  HttpResponse response;
  response.status = 200;
  response.content_type = "application/x-amz-json-" + std::string(service->json_version());
  response.body = output->dump(-1, ' ', false, json::error_handler_t::replace);
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  return response;
}

}  // namespace certflow::api
