// The list query, built from a filter and a page request. Exposed so tests can check its plan
// (EXPLAIN QUERY PLAN) against a large table.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "store/store.h"

namespace certflow::store::sqlite {

struct ListQuery {
  std::string sql;
  std::vector<std::variant<int64_t, std::string>> params;  // in placeholder order
  int64_t limit = 0;  // rows to return; the SQL fetches one more to learn whether more match
  bool matches_nothing = false;  // a filter value no stored row can carry; skip the query
};

// The query always walks certificates_by_created (created_at_ms, arn) in the requested
// direction, starting after the cursor, and evaluates every filter in SQL. A limit of 0 is
// treated as 1.
ListQuery build_list_query(const CertificateFilter& filter, const PageRequest& page);

}  // namespace certflow::store::sqlite
