#include "findings/findings.h"

#include "crypto/encoding.h"
#include "findings/acm_event.h"
#include "findings/asff_finding.h"
#include "findings/finding_match.h"

namespace certflow::findings {
namespace {

using nlohmann::json;

// NextToken names the last finding of the page by Id, so the next page starts right after it
// whatever was recorded meanwhile. The prefix makes a token of another API refused, not misread.
constexpr std::string_view kTokenPrefix = "certflow-findings-after:";
constexpr size_t kScanBatch = 100;

std::string page_token(const std::string& last_id) {
  return crypto::base64_encode(std::string(kTokenPrefix) + last_id);
}

std::optional<std::string> parse_page_token(const std::string& token) {
  auto text = crypto::base64_decode(token);
  if (!text || text->rfind(kTokenPrefix, 0) != 0 || text->size() == kTokenPrefix.size()) {
    return std::nullopt;
  }
  return text->substr(kTokenPrefix.size());
}

Result<std::optional<json>> read_finding(const std::optional<store::ResourceRow>& row) {
  if (!row) return std::nullopt;
  json finding = json::parse(row->details_json, nullptr, /*allow_exceptions=*/false);
  if (!finding.is_object()) {
    return fail(ErrorCode::kInternal, "The stored finding " + row->name + " is not a JSON object.");
  }
  return finding;
}

}  // namespace

Findings::Findings(store::Store& store, const Clock& clock, FindingsConfig config)
    : store_(store), clock_(clock), config_(std::move(config)) {}

std::string Findings::product_arn() const {
  return "arn:aws:securityhub:" + config_.region + ":" + config_.account_id + ":product/" +
         config_.account_id + "/default";
}

std::string Findings::hub_arn() const {
  return "arn:aws:securityhub:" + config_.region + ":" + config_.account_id + ":hub/default";
}

Status Findings::record_event(std::string_view event_json) {
  auto event = parse_acm_event(event_json);
  if (!event) return tl::unexpected(event.error());
  const std::vector<std::string> ids = finding_ids(*event);
  if (ids.empty()) return {};  // an ACM event that reports no problem and resolves none

  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  const FindingContext context{product_arn(), now};
  for (const auto& id : ids) {
    auto row = (*txn)->get_resource(std::string(kFindingKind), id);
    if (!row) return tl::unexpected(row.error());
    auto existing = read_finding(*row);
    if (!existing) return tl::unexpected(existing.error());
    auto updated = apply_event(*event, id, *existing, context);
    if (!updated) continue;
    store::ResourceRow out;
    out.kind = std::string(kFindingKind);
    out.name = id;
    out.arn = event->certificate_arn;
    out.details_json = updated->dump(-1, ' ', false, json::error_handler_t::replace);
    out.created_at_ms = *row ? (*row)->created_at_ms : to_epoch_millis(now);
    out.modified_at_ms = to_epoch_millis(now);
    if (auto ok = (*txn)->put_resource(out); !ok) return ok;
  }
  return (*txn)->commit();
}

Result<std::optional<json>> Findings::get_finding(const std::string& id) {
  auto row = store_.get_resource(std::string(kFindingKind), id);
  if (!row) return tl::unexpected(row.error());
  return read_finding(*row);
}

Result<FindingsPage> Findings::get_findings(const FindingFilters& filters,
                                            const std::optional<std::string>& next_token,
                                            int max_results) {
  if (max_results < 1 || max_results > kMaxFindingsPerPage) {
    return fail(ErrorCode::kValidation,
                "MaxResults must be between 1 and 100; it is " + std::to_string(max_results) + ".");
  }
  if (auto ok = validate_filters(filters); !ok) return tl::unexpected(ok.error());
  store::ResourceListRequest request{std::string(kFindingKind), "", std::nullopt, kScanBatch};
  if (next_token) {
    request.start_after = parse_page_token(*next_token);
    if (!request.start_after) {
      return fail(ErrorCode::kValidation,
                  "The NextToken is not one GetFindings returned; start again without it.");
    }
  }
  // Findings are scanned in Id order and filtered here: a page needs one match more than it
  // holds to know whether another page follows.
  FindingsPage page;
  std::string last_id;
  for (;;) {
    auto rows = store_.list_resources(request);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : *rows) {
      auto finding = read_finding(row);
      if (!finding) return tl::unexpected(finding.error());
      if (!matches(**finding, filters)) continue;
      if (page.findings.size() == static_cast<size_t>(max_results)) {
        page.next_token = page_token(last_id);
        return page;
      }
      page.findings.push_back(std::move(**finding));
      last_id = row.name;
    }
    if (rows->size() < kScanBatch) return page;
    request.start_after = rows->back().name;
  }
}

}  // namespace certflow::findings
