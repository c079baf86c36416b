#include "cli/certificate_table.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "cli/text_table.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

TimePoint from_seconds(const json& value) {
  double seconds = value.is_number() ? value.get<double>() : 0.0;
  return from_epoch_millis(static_cast<int64_t>(std::llround(seconds * 1000.0)));
}

std::string join(const json& list, const char* member = nullptr) {
  std::string out;
  for (const auto& item : list) {
    std::string text = member ? item.value(member, "") : item.get<std::string>();
    out += (out.empty() ? "" : ", ") + text;
  }
  return out;
}

}  // namespace

std::string render_certificate_table(const json& summaries, TimePoint now) {
  std::vector<json> rows(summaries.begin(), summaries.end());
  std::stable_sort(rows.begin(), rows.end(), [](const json& a, const json& b) {
    return a.value("NotAfter", 0.0) < b.value("NotAfter", 0.0);
  });
  std::vector<TableRow> cells = {{"DOMAIN", "TYPE", "STATUS", "NOT AFTER", "DAYS LEFT", "ARN"}};
  for (const auto& row : rows) {
    TimePoint not_after = from_seconds(row.value("NotAfter", json(0)));
    auto left = std::chrono::duration_cast<std::chrono::hours>(not_after - now).count();
    long days = static_cast<long>(std::floor(static_cast<double>(left) / 24.0));
    cells.push_back({row.value("DomainName", ""), row.value("Type", ""), row.value("Status", ""),
                     to_iso8601(not_after).substr(0, 10), std::to_string(days),
                     row.value("CertificateArn", "")});
  }
  std::string out = render_table(cells);
  if (rows.empty()) out += "(no certificates)\n";
  return out;
}

std::string render_certificate_detail(const json& detail) {
  std::ostringstream out;
  auto line = [&](const char* name, const std::string& value) {
    if (!value.empty()) out << name << ": " << value << "\n";
  };
  line("CertificateArn", detail.value("CertificateArn", ""));
  line("DomainName", detail.value("DomainName", ""));
  line("SubjectAlternativeNames", join(detail.value("SubjectAlternativeNames", json::array())));
  line("Type", detail.value("Type", ""));
  line("Status", detail.value("Status", ""));
  line("Subject", detail.value("Subject", ""));
  line("Issuer", detail.value("Issuer", ""));
  line("Serial", detail.value("Serial", ""));
  for (const char* time : {"NotBefore", "NotAfter", "CreatedAt", "ImportedAt", "IssuedAt"}) {
    if (detail.contains(time)) line(time, to_iso8601(from_seconds(detail[time])));
  }
  line("KeyAlgorithm", detail.value("KeyAlgorithm", ""));
  line("SignatureAlgorithm", detail.value("SignatureAlgorithm", ""));
  line("KeyUsages", join(detail.value("KeyUsages", json::array()), "Name"));
  line("ExtendedKeyUsages", join(detail.value("ExtendedKeyUsages", json::array()), "Name"));
  line("RenewalEligibility", detail.value("RenewalEligibility", ""));
  line("InUseBy", join(detail.value("InUseBy", json::array())));
  return out.str();
}

}  // namespace certflow::cli
