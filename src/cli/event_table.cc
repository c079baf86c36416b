#include "cli/event_table.h"

#include "cli/text_table.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

// "Action IMPORT, 50 days to expiry", "45 days to expiry", "RenewalStatusReason CAA_ERROR, ...".
std::string summary(const json& detail) {
  std::string out;
  auto add = [&out](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (detail.contains("Action")) add("Action " + cell_text(detail, "Action"));
  if (detail.contains("RenewalStatusReason")) {
    add("RenewalStatusReason " + cell_text(detail, "RenewalStatusReason"));
  }
  if (detail.contains("DaysToExpiry") && detail["DaysToExpiry"].is_number_integer()) {
    const int64_t days = detail["DaysToExpiry"].get<int64_t>();
    add(days == 0 ? std::string("expired")
                  : std::to_string(days) + (days == 1 ? " day" : " days") + " to expiry");
  }
  return out;
}

}  // namespace

std::string render_event_table(const json& events) {
  std::vector<TableRow> rows = {{"TIME", "DETAIL-TYPE", "COMMON NAME", "SUMMARY", "CERTIFICATE"}};
  for (const auto& event : events) {
    const json detail = event.contains("detail") ? event["detail"] : json::object();
    const json resources = event.contains("resources") ? event["resources"] : json::array();
    rows.push_back({cell_text(event, "time"), cell_text(event, "detail-type"),
                    cell_text(detail, "CommonName"), summary(detail),
                    resources.is_array() && !resources.empty() && resources[0].is_string()
                        ? resources[0].get<std::string>()
                        : std::string()});
  }
  std::string out = render_table(rows);
  if (events.empty()) out += "(no events)\n";
  return out;
}

}  // namespace certflow::cli
