#include "store/sqlite/list_query.h"

#include <algorithm>
#include <limits>

#include "store/sqlite/certificate_codec.h"
#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {
namespace {

// Must agree with effective_status() in store.cc.
constexpr std::string_view kEffectiveStatusSql =
    "(CASE WHEN status = 'ISSUED' AND not_after_ms <= ? THEN 'EXPIRED' ELSE status END)";

class Builder {
 public:
  explicit Builder(ListQuery& query) : q_(query) {}

  void require(std::string_view condition) {
    q_.sql += conditions_++ == 0 ? " WHERE " : " AND ";
    q_.sql += condition;
  }
  void param(int64_t value) { q_.params.emplace_back(value); }
  void param(std::string value) { q_.params.emplace_back(std::move(value)); }

  // "<expr> IN (?, ?, ...)" over values; nothing when values is empty (no restriction).
  void require_in(std::string_view expr, const std::vector<std::string>& values) {
    if (values.empty()) return;
    std::string condition(expr);
    condition += " IN (";
    for (size_t i = 0; i < values.size(); ++i) {
      condition += i == 0 ? "?" : ", ?";
      param(values[i]);
    }
    condition += ")";
    require(condition);
  }

  // Every usage must appear in the ",A,B," column.
  void require_all_usages(std::string_view column, const std::vector<std::string>& usages) {
    if (!usages_storable(usages)) {
      q_.matches_nothing = true;  // no stored usage is empty or contains ','
      return;
    }
    for (const auto& usage : usages) {
      require("instr(" + std::string(column) + ", ?) > 0");
      param("," + usage + ",");
    }
  }

 private:
  ListQuery& q_;
  int conditions_ = 0;
};

}  // namespace

ListQuery build_list_query(const CertificateFilter& filter, const PageRequest& page) {
  ListQuery q;
  q.limit = static_cast<int64_t>(
      std::min<size_t>(std::max<size_t>(page.limit, 1), std::numeric_limits<int64_t>::max() - 1));
  // INDEXED BY turns "the list walks the index" into a guarantee: should the planner ever be
  // unable to use it, the query fails loudly instead of sorting a million rows.
  q.sql = "SELECT " + std::string(kSummaryColumns) +
          " FROM certificates INDEXED BY certificates_by_created";
  Builder b(q);
  if (page.after) {
    b.require(page.descending ? "(created_at_ms, arn) < (?, ?)" : "(created_at_ms, arn) > (?, ?)");
    b.param(page.after->created_at_ms);
    b.param(page.after->arn);
  }
  if (!filter.statuses.empty()) {
    b.param(filter.now_ms);  // the placeholder inside kEffectiveStatusSql comes first
    b.require_in(kEffectiveStatusSql, filter.statuses);
  }
  b.require_in("key_algorithm", filter.key_algorithms);
  b.require_all_usages("key_usages", filter.key_usages);
  b.require_all_usages("extended_key_usages", filter.extended_key_usages);
  if (filter.export_option) {
    b.require("export_option = ?");
    b.param(*filter.export_option);
  }
  q.sql += page.descending ? " ORDER BY created_at_ms DESC, arn DESC"
                           : " ORDER BY created_at_ms ASC, arn ASC";
  q.sql += " LIMIT ?";
  b.param(q.limit + 1);
  return q;
}

Result<CertificatePage> select_certificate_page(Connection& db, const CertificateFilter& filter,
                                                const PageRequest& page) {
  const ListQuery q = build_list_query(filter, page);
  CertificatePage out;
  if (q.matches_nothing) return out;
  auto stmt = db.prepare(q.sql, "list_certificates");
  if (!stmt) return tl::unexpected(stmt.error());
  for (const auto& p : q.params) {
    if (const auto* i = std::get_if<int64_t>(&p)) {
      stmt->bind_int(*i);
    } else {
      stmt->bind_text(std::get<std::string>(p));
    }
  }
  for (;;) {
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    if (static_cast<int64_t>(out.rows.size()) == q.limit) {
      // The extra row proves more match; the cursor is the last row handed out.
      const CertificateRow& last = out.rows.back();
      out.next = Cursor{last.created_at_ms, last.arn};
      break;
    }
    out.rows.push_back(read_summary(*stmt));
  }
  return out;
}

}  // namespace certflow::store::sqlite
