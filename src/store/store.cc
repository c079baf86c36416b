#include "store/store.h"

namespace certflow::store {

std::string effective_status(const CertificateRow& row, int64_t now_ms) {
  // Kept in step with kEffectiveStatusSql in sqlite/list_query.cc: filters and readers must agree.
  if (row.status == "ISSUED" && row.not_after_ms <= now_ms) return "EXPIRED";
  return row.status;
}

}  // namespace certflow::store
