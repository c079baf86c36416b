#include "inventory/request_checks.h"

#include <algorithm>
#include <cctype>

namespace certflow::inventory {

namespace {

bool label_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// Why `label` is not a DNS label the model allows ("" when it is one).
std::string label_problem(const std::string& label, bool last) {
  if (label.empty()) return "it has an empty label (two dots in a row, or a dot at an end)";
  if (label.size() > 63) return "its label '" + label + "' is longer than 63 characters";
  if (last && label.size() < 2) return "its last label '" + label + "' is a single character";
  if (!std::all_of(label.begin(), label.end(), label_char)) {
    return "its label '" + label + "' has a character other than letters, digits and '-'";
  }
  if (label.front() == '-' || label.back() == '-') {
    return "its label '" + label + "' starts or ends with '-'";
  }
  return "";
}

}  // namespace

Status check_domain_name(const std::string& name, const std::string& member) {
  auto bad = [&](const std::string& why) {
    return fail(ErrorCode::kValidation,
                member + " '" + name + "' is not a valid domain name: " + why +
                    ". Use a name such as www.example.com or " + "*.example.com.");
  };
  if (name.empty() || name.size() > kMaxDomainNameLength) {
    return bad("it must be 1 to 253 characters long");
  }
  std::string rest = name.rfind("*.", 0) == 0 ? name.substr(2) : name;
  std::vector<std::string> labels;
  size_t start = 0;
  for (;;) {
    size_t dot = rest.find('.', start);
    labels.push_back(
        rest.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (labels.size() < 2) return bad("it needs at least two labels (example.com)");
  for (size_t i = 0; i < labels.size(); ++i) {
    std::string problem = label_problem(labels[i], i + 1 == labels.size());
    if (labels[i] == "*") problem = "a wildcard is allowed only as its first label";
    if (!problem.empty()) return bad(problem);
  }
  return {};
}

Result<std::vector<std::string>> certificate_names(const RequestCertificateRequest& request) {
  if (auto ok = check_domain_name(request.domain_name, "DomainName"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (request.domain_name.size() > kMaxCommonNameOctets) {
    return fail(ErrorCode::kValidation,
                "DomainName '" + request.domain_name + "' is " +
                    std::to_string(request.domain_name.size()) +
                    " characters long; it becomes the certificate's Common Name, which holds at "
                    "most 64. Request a shorter DomainName and put the long name in "
                    "SubjectAlternativeNames.");
  }
  std::vector<std::string> names{request.domain_name};
  for (const auto& san : request.subject_alternative_names) {
    if (auto ok = check_domain_name(san, "SubjectAlternativeNames member"); !ok) {
      return tl::unexpected(ok.error());
    }
    if (std::find(names.begin(), names.end(), san) == names.end()) names.push_back(san);
  }
  if (names.size() > kMaxSubjectAlternativeNames) {
    return fail(ErrorCode::kValidation,
                "A certificate can have at most 100 names (DomainName and "
                "SubjectAlternativeNames together); the request has " +
                    std::to_string(names.size()) + ".");
  }
  return names;
}

Status check_requested_key_algorithm(const std::string& key_algorithm) {
  if (key_algorithm == "RSA_2048" || key_algorithm == "EC_prime256v1" ||
      key_algorithm == "EC_secp384r1") {
    return {};
  }
  return fail(ErrorCode::kValidation,
              "KeyAlgorithm " + key_algorithm +
                  " cannot be requested; ACM issues RSA_2048, EC_prime256v1 and EC_secp384r1 "
                  "certificates.");
}

std::string signing_algorithm_for(const std::string& key_algorithm) {
  if (key_algorithm == "EC_prime256v1") return "SHA256WITHECDSA";
  if (key_algorithm == "EC_secp384r1") return "SHA384WITHECDSA";
  return "SHA256WITHRSA";
}

Status check_passphrase(const crypto::SecretBytes& passphrase) {
  // The messages never repeat the passphrase.
  if (passphrase.size() < 4 || passphrase.size() > 128) {
    return fail(ErrorCode::kValidation,
                "The Passphrase must be 4 to 128 bytes long; the one given has " +
                    std::to_string(passphrase.size()) + ".");
  }
  for (char c : passphrase.view()) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte > 127) {
      return fail(ErrorCode::kValidation, "The Passphrase must be ASCII text.");
    }
    if (c == '#' || c == '$' || c == '%') {
      return fail(ErrorCode::kValidation,
                  "The Passphrase must not contain '#', '$' or '%'; choose another one.");
    }
  }
  return {};
}

}  // namespace certflow::inventory
