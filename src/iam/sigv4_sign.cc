// Client-side signing for the certflow CLI. Produces what botocore produces for the same
// headers, body and time (tested against the captured aws-cli/boto3 requests).
#include <algorithm>
#include <string>

#include "crypto/hash.h"
#include "iam/sigv4.h"
#include "iam/sigv4_internal.h"

namespace certflow::iam {

void sign_request(std::string_view method, std::string_view path, std::string_view query,
                  std::vector<std::pair<std::string, std::string>>& headers, std::string_view body,
                  const SigningInput& input, TimePoint now) {
  // A re-sign (e.g. a retry) replaces the old date and signature rather than adding a second
  // copy, as botocore does.
  std::erase_if(headers, [](const auto& header) {
    std::string name = internal::lowercase(header.first);
    return name == "x-amz-date" || name == "authorization";
  });
  std::string amz_date = to_amz_date(now);
  std::string date = amz_date.substr(0, 8);
  headers.emplace_back("X-Amz-Date", amz_date);

  std::vector<std::string> names;
  for (const auto& header : headers) names.push_back(internal::lowercase(header.first));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  HttpRequestView view{method, path, query, headers, body};
  std::string payload =
      internal::header_value(view, "x-amz-content-sha256").value_or(crypto::sha256_hex(body));
  std::string scope = internal::credential_scope(date, input.region, input.service);
  std::string sts =
      internal::string_to_sign(amz_date, scope, canonical_request(view, names, payload));
  std::string signature = internal::signature_hex(input.secret_access_key.view(), date,
                                                  input.region, input.service, sts);

  std::string signed_list;
  for (const auto& name : names) {
    if (!signed_list.empty()) signed_list.push_back(';');
    signed_list.append(name);
  }
  headers.emplace_back("Authorization", std::string(internal::kAlgorithm) +
                                            " Credential=" + input.access_key_id + "/" + scope +
                                            ", SignedHeaders=" + signed_list +
                                            ", Signature=" + signature);
}

}  // namespace certflow::iam
