// restJson1 at the front door (Security Hub's protocol): requests without X-Amz-Target and
// without a form, routed to the RestJsonService that the SigV4 credential scope names; the
// operation is the method and path, the input a JSON body. Errors answer as botocore's rest-json
// parser reads them: the code in the x-amzn-ErrorType header, the message in the body.
#include <spdlog/spdlog.h>

#include "api/api_handler.h"

namespace certflow::api {

using nlohmann::json;

HttpResponse ApiHandler::rest_error_response(const Error& error, const RestJsonService& service,
                                             const std::string& request_id) const {
  const WireError wire = service.wire_error(error.code).value_or(json_wire_error(error.code));
  HttpResponse response;
  response.status = wire.http_status;
  response.content_type = "application/json";
  response.body =
      json{{"message", error.message}}.dump(-1, ' ', false, json::error_handler_t::replace);
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  response.headers.emplace_back("x-amzn-ErrorType", wire.code);
  return response;
}

HttpResponse ApiHandler::handle_rest(const HttpRequest& request,
                                     const iam::VerifiedIdentity& identity,
                                     RestJsonService& service, const std::string& request_id) {
  if (!service.handles(request.method, request.path)) {
    return rest_error_response(
        {ErrorCode::kUnknownOperation,
         "certflow's " + std::string(service.signing_name()) + " API has no operation at " +
             request.method + " " + request.path +
             " (see docs/OPERATIONS.md for the operations it serves)."},
        service, request_id);
  }
  json body = json::parse(request.body.empty() ? std::string_view("{}") : request.body, nullptr,
                          /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return rest_error_response({ErrorCode::kSerialization,
                                "The request body is not a JSON object. Send the operation's "
                                "input as a JSON object ({} when it has none)."},
                               service, request_id);
  }
  const RequestContext context{header_value(request, "host"), request.path, identity.access_key_id,
                               request_id};
  auto output = service.invoke(request.method, request.path, body, context);
  if (!output) {
    if (output.error().code == ErrorCode::kInternal) {
      spdlog::error("request {} {} {} failed: {}", request_id, request.method, request.path,
                    output.error().message);
      return rest_error_response(
          {ErrorCode::kInternal,
           "certflow had an internal error; see its log for request " + request_id + "."},
          service, request_id);
    }
    return rest_error_response(output.error(), service, request_id);
  }
  HttpResponse response;
  response.status = 200;
  response.content_type = "application/json";
  response.body = output->dump(-1, ' ', false, json::error_handler_t::replace);
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  return response;
}

}  // namespace certflow::api
