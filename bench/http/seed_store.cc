// Fills a certflow data directory with N certificates, fast, for the HTTP benchmarks: one real
// import through the Inventory, then copies of its row under fresh ARNs, written in large store
// transactions. The copies' sealed keys stay bound to the first ARN (they are never opened by
// the benchmarks: Describe/List do not touch keys).
//
// usage: certflow_bench_seed DATA_DIR COUNT CERT.pem KEY.pem [--expiry-from ISO-8601
// --expiry-step-ms MS]
//
// With --expiry-from the copies get spread expiries: copy i (1..COUNT-1) expires at
// FROM + (i - 1) * MS, so a known set of certificates falls inside a lifecycle window on a known
// day (tests/integration/test_lifecycle_crash.py). Without it they keep the imported validity.
#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "core/arn.h"
#include "core/clock.h"
#include "core/ids.h"
#include "crypto/master_key.h"
#include "inventory/inventory.h"

namespace {

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct ExpirySpread {
  int64_t first_ms = 0;
  int64_t step_ms = 0;
};

// The optional flags after the four positional arguments; false on anything unexpected.
bool parse_spread(int argc, char** argv, std::optional<ExpirySpread>& spread) {
  std::optional<certflow::TimePoint> from;
  std::optional<int64_t> step;
  for (int i = 5; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    certflow::TimePoint t;
    if (flag == "--expiry-from" && certflow::parse_iso8601(argv[i + 1], t)) {
      from = t;
    } else if (flag == "--expiry-step-ms") {
      const std::string_view text = argv[i + 1];
      int64_t ms = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ms);
      if (error != std::errc() || end != text.data() + text.size()) return false;
      step = ms;
    } else {
      return false;
    }
  }
  if (from.has_value() != step.has_value()) return false;
  if (from) spread = ExpirySpread{certflow::to_epoch_millis(*from), *step};
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace certflow;
  std::optional<ExpirySpread> spread;
  if (argc < 5 || !parse_spread(argc, argv, spread)) {
    std::cerr << "usage: certflow_bench_seed DATA_DIR COUNT CERT.pem KEY.pem [--expiry-from "
                 "ISO-8601 --expiry-step-ms MS]\n";
    return 2;
  }
  const std::string dir = argv[1];
  const long count = std::stol(argv[2]);
  auto master = crypto::load_or_create_master_key(dir, std::nullopt);
  auto store = store::open_sqlite_store({dir + "/certflow.db"});
  if (!master || !store) {
    std::cerr << "cannot open " << dir << "\n";
    return 1;
  }
  RealClock clock;
  inventory::Inventory inventory(**store, *master, clock, {});
  inventory::ImportRequest request;
  request.certificate = slurp(argv[3]);
  request.private_key = slurp(argv[4]);
  auto arn = inventory.import_certificate(request);
  if (!arn) {
    std::cerr << "import failed: " << arn.error().message << "\n";
    return 1;
  }
  auto row = (*store)->get_certificate(*arn);
  store::CertificateRow copy = **row;
  const auto start = std::chrono::steady_clock::now();
  constexpr long kBatch = 5000;
  for (long done = 1; done < count;) {
    auto txn = (*store)->begin();
    if (!txn) return 1;
    for (long i = 0; i < kBatch && done < count; ++i, ++done) {
      copy.arn = acm_certificate_arn("us-east-1", "000000000000", new_uuid());
      copy.created_at_ms += 1;
      if (spread) copy.not_after_ms = spread->first_ms + (done - 1) * spread->step_ms;
      if (!(*txn)->put_certificate(copy)) return 1;
    }
    if (!(*txn)->commit()) return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "seeded " << count << " certificates in " << seconds << " s; first " << *arn << "\n";
  return 0;
}
