// The AWS query protocol at the front door: requests without X-Amz-Target whose parameters come
// as a form (the body, and the URL's query string), routed to the query service that the SigV4
// credential scope names, answered in XML.
#include <spdlog/spdlog.h>

#include "api/api_handler.h"
#include "api/query/envelope.h"
#include "iam/sigv4.h"

namespace certflow::api {

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool ApiHandler::is_query_request(const HttpRequest& request) {
  if (!header_value(request, "x-amz-target").empty()) return false;
  return starts_with_ignoring_case(header_value(request, "content-type"),
                                   "application/x-www-form-urlencoded") ||
         !request.query.empty();
}

const QueryService* ApiHandler::query_service_of(const HttpRequest& request) const {
  auto authorization = iam::parse_authorization(header_value(request, "authorization"));
  return authorization ? services_.find_query_service(authorization->service) : nullptr;
}

HttpResponse ApiHandler::query_error_response(const Error& error, const QueryService* service,
                                              const std::string& request_id) const {
  auto named = service ? service->wire_error(error.code) : std::nullopt;
  const WireError wire = named ? *named : query_wire_error(error.code);
  HttpResponse response;
  response.status = wire.http_status;
  response.content_type = "text/xml";
  response.body =
      query::error_document(service ? service->xml_namespace() : "", wire.http_status < 500,
                            wire.code, error.message, request_id);
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  return response;
}

HttpResponse ApiHandler::handle_query(const HttpRequest& request,
                                      const iam::VerifiedIdentity& identity,
                                      const std::string& request_id) {
  QueryService* service = services_.find_query_service(identity.service);
  if (!service) {
    return query_error_response(
        {ErrorCode::kUnknownOperation,
         "certflow serves no query-protocol service '" + identity.service +
             "' (the service of the request's credential scope); see docs/OPERATIONS.md."},
        nullptr, request_id);
  }
  query::FormParams params;
  if (auto ok = query::parse_form(request.query, params); !ok) {
    return query_error_response(ok.error(), service, request_id);
  }
  if (auto ok = query::parse_form(request.body, params); !ok) {
    return query_error_response(ok.error(), service, request_id);
  }
  auto action = params.find("Action");
  if (action == params.end() || action->second.empty()) {
    return query_error_response(
        {ErrorCode::kUnknownOperation, "The request has no Action parameter."}, service,
        request_id);
  }
  if (!service->has_operation(action->second)) {
    return query_error_response({ErrorCode::kUnknownOperation,
                                 "The action " + action->second +
                                     " is not valid for this endpoint (see docs/OPERATIONS.md "
                                     "for the operations certflow serves)."},
                                service, request_id);
  }
  const RequestContext context{header_value(request, "host"), request.path, identity.access_key_id,
                               request_id};
  auto result = service->invoke(context, action->second, params);
  if (!result) {
    if (result.error().code == ErrorCode::kInternal) {
      spdlog::error("request {} {}:{} failed: {}", request_id, identity.service, action->second,
                    result.error().message);
      return query_error_response(
          {ErrorCode::kInternal,
           "certflow had an internal error; see its log for request " + request_id + "."},
          service, request_id);
    }
    return query_error_response(result.error(), service, request_id);
  }
  HttpResponse response;
  response.status = 200;
  response.content_type = "text/xml";
  response.body =
      query::response_document(action->second, service->xml_namespace(), *result, request_id);
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  return response;
}

}  // namespace certflow::api
