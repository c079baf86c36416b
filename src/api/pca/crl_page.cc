#include "api/pca/crl_page.h"

#include <spdlog/spdlog.h>

#include <string_view>

namespace certflow::api {

namespace {

constexpr std::string_view kPrefix = "/crl/";
constexpr std::string_view kSuffix = ".crl";

// The UUID in "/crl/<uuid>.crl"; nullopt for any other path (another page's, or one that cannot
// name a CA: only hex digits and dashes).
std::optional<std::string> ca_uuid(std::string_view path) {
  if (path.size() <= kPrefix.size() + kSuffix.size() || path.substr(0, kPrefix.size()) != kPrefix ||
      path.substr(path.size() - kSuffix.size()) != kSuffix) {
    return std::nullopt;
  }
  std::string_view uuid =
      path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  for (char c : uuid) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != '-') return std::nullopt;
  }
  return std::string(uuid);
}

HttpResponse text(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body) + "\n";
  return response;
}

}  // namespace

ApiHandler::PublicPage make_crl_page(certflow::pca::CertificateAuthorities& authorities) {
  return [&authorities](const HttpRequest& request) -> std::optional<HttpResponse> {
    auto uuid = ca_uuid(request.path);
    if (!uuid) return std::nullopt;
    auto crl = authorities.crl(*uuid);
    if (!crl) {
      spdlog::error("CRL of CA {} could not be produced: {}", *uuid, crl.error().message);
      return text(500, "The CRL of CA " + *uuid + " could not be produced; see the daemon's log.");
    }
    if (!*crl) {
      return text(404, "No CRL for CA " + *uuid +
                           ": the CA does not exist, has no CA certificate yet, or its CRL is "
                           "not enabled.");
    }
    HttpResponse response;
    response.content_type = "application/pkix-crl";
    response.body = std::move(**crl);
    return response;
  };
}

}  // namespace certflow::api
