// certflow_lifecycle_bench: the lifecycle engine over a large SQLite inventory (issue 4,
// "Measure"; results in docs/PERFORMANCE.md, "Lifecycle engine").
//
// Seeds N certificates straight through store::Transaction::put_certificate (unless the data
// directory already holds that seed), IN_WINDOW percent of them inside the 45-day Approaching
// Expiration window at the evaluation instant, the rest 46..400 days out, rows shuffled so the
// certificates that matter are spread over the whole table. Then measures, each as a phase:
//   forecast  lifecycle::forecast over --forecast-days from the evaluation instant
//   day1      the first daily evaluation (LifecycleEngine::run_due at a UTC midnight)
//   day2      the next day's evaluation: the steady-state daily cost (the outbox already holds a
//             day of events; about 1/45 of the window expires that day)
//   dayK      the evaluation K - 1 days after the first (needs day K - 1 done): how the daily
//             cost moves as the outbox grows
// with wall time (steady_clock), CPU time, what the store asked of SQLite (rows read, events
// appended, commits, each timed: sqlite3_step is interposed, see StatementLedger), the bytes read
// and written through the OS (/proc/self/io) and memory: VmRSS before, the peak during the phase
// (VmHWM, reset through /proc/self/clear_refs before it), and the process's ru_maxrss.
// lifecycle_bench.py runs seeding and each phase in separate processes.
//
// usage: certflow_lifecycle_bench [--dir DIR] [--certs N] [--in-window PERCENT] [--seed-only]
//          [--reset] [--phase all|forecast|dayK] [--json] [--log-level info|warn|...]
//          [--batch N] [--forecast-days N] [--max-entries N] [--pem-bytes N] [--key-bytes N]
//          [--seed-batch N] [--breakdown] [--reseed]
//   --dir         data directory (default: a new temporary one); certflow.db and seed.json
//   --seed-only   seed if needed (and --reset if asked), measure nothing
//   --reset       back to the seeded state first: no events, nothing evaluated, all ISSUED
//   --reseed      replace the database in --dir when it holds another seed or one this program
//                 did not seed (without it, it refuses)
//   --batch       EngineOptions::batch_size (certificates per write transaction)
//   --breakdown   after the first day measured, time new_uuid, building the events and logging
//                 them, alone, over the certificates in the window
//   --log-level   the engine's log (stderr), as `certflow serve --log-level`
#include <dlfcn.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/arn.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/log.h"
#include "crypto/envelope.h"
#include "inventory/certificate_events.h"
#include "inventory/inventory.h"
#include "lifecycle/lifecycle.h"
#include "store/store.h"

namespace {

using namespace certflow;
using nlohmann::ordered_json;
using Steady = std::chrono::steady_clock;

constexpr int64_t kDay = inventory::kMillisPerDay;
// The evaluation instant: a UTC midnight. Every seeded NotAfter is relative to it.
constexpr const char* kEvaluationInstant = "2027-03-01T00:00:00Z";
constexpr int kWindowDays = 45;  // the account's default DaysBeforeExpiry
constexpr int kFirstOutOfWindowDay = 46;
constexpr int kLastDay = 400;

struct Options {
  std::string dir;
  int64_t certs = 1'000'000;
  double in_window_percent = 5.0;
  bool seed_only = false;
  bool reset = false;
  std::string phase = "all";
  bool json = false;
  std::string log_level = "info";
  size_t batch_size = lifecycle::EngineOptions{}.batch_size;
  int forecast_days = 90;
  size_t max_entries = 10'000;
  size_t pem_bytes = 1200;
  size_t key_bytes = 100;
  int64_t seed_batch = 10'000;
  bool breakdown = false;
  bool reseed = false;
};

double seconds_since(Steady::time_point start) {
  return std::chrono::duration<double>(Steady::now() - start).count();
}

// ---- Arguments ----

// K for "dayK" (K >= 1), else 0.
int day_number(const std::string& phase) {
  if (phase.rfind("day", 0) != 0 || phase.size() == 3 || phase.size() > 7) return 0;
  int k = 0;
  for (char c : phase.substr(3)) {
    if (c < '0' || c > '9') return 0;
    k = k * 10 + (c - '0');
  }
  return k;
}

Result<Options> parse_args(int argc, char** argv) {
  Options o;
  auto usage = [](const std::string& why) {
    return fail(ErrorCode::kValidation, why + " (see the usage at the top of lifecycle_bench.cc)");
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> Result<std::string> {
      if (i + 1 >= argc) return usage(arg + " needs a value");
      return std::string(argv[++i]);
    };
    auto number = [&]() -> Result<int64_t> {
      auto text = value();
      if (!text) return tl::unexpected(text.error());
      try {
        size_t used = 0;
        const int64_t n = std::stoll(*text, &used);
        if (used != text->size() || n < 0) return usage(arg + ": not a count: " + *text);
        return n;
      } catch (const std::exception&) {
        return usage(arg + ": not a count: " + *text);
      }
    };
    Result<int64_t> n = 0;
    if (arg == "--dir") {
      auto v = value();
      if (!v) return tl::unexpected(v.error());
      o.dir = *v;
    } else if (arg == "--certs") {
      if (!(n = number())) return tl::unexpected(n.error());
      o.certs = *n;
    } else if (arg == "--in-window") {
      auto v = value();
      if (!v) return tl::unexpected(v.error());
      try {
        o.in_window_percent = std::stod(*v);
      } catch (const std::exception&) {
        return usage("--in-window: not a percentage: " + *v);
      }
      if (!(o.in_window_percent >= 0 && o.in_window_percent <= 100)) {
        return usage("--in-window: not a percentage: " + *v);
      }
    } else if (arg == "--seed-only") {
      o.seed_only = true;
    } else if (arg == "--reset") {
      o.reset = true;
    } else if (arg == "--phase") {
      auto v = value();
      if (!v) return tl::unexpected(v.error());
      o.phase = *v;
      if (o.phase != "all" && o.phase != "forecast" && day_number(o.phase) == 0) {
        return usage("--phase: one of all, forecast, day1, day2, day3, ...");
      }
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--log-level") {
      auto v = value();
      if (!v) return tl::unexpected(v.error());
      o.log_level = *v;
    } else if (arg == "--batch") {
      if (!(n = number())) return tl::unexpected(n.error());
      o.batch_size = static_cast<size_t>(*n);
    } else if (arg == "--forecast-days") {
      if (!(n = number())) return tl::unexpected(n.error());
      o.forecast_days = static_cast<int>(*n);
    } else if (arg == "--max-entries") {
      if (!(n = number())) return tl::unexpected(n.error());
      o.max_entries = static_cast<size_t>(*n);
    } else if (arg == "--pem-bytes") {
      if (!(n = number())) return tl::unexpected(n.error());
      o.pem_bytes = static_cast<size_t>(*n);
    } else if (arg == "--key-bytes") {
      if (!(n = number())) return tl::unexpected(n.error());
      o.key_bytes = static_cast<size_t>(*n);
    } else if (arg == "--seed-batch") {
      if (!(n = number())) return tl::unexpected(n.error());
      o.seed_batch = std::max<int64_t>(*n, 1);
    } else if (arg == "--breakdown") {
      o.breakdown = true;
    } else if (arg == "--reseed") {
      o.reseed = true;
    } else {
      return usage("unknown argument " + arg);
    }
  }
  if (o.certs < 1) return usage("--certs must be at least 1");
  return o;
}

// ---- Memory ----

struct Memory {
  int64_t rss_kib = 0;
  int64_t hwm_kib = 0;  // peak RSS since start or since the last reset_peak()
};

Memory read_memory() {
  Memory m;
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    auto field = [&](const char* name, int64_t& out) {
      const std::string prefix = std::string(name) + ":";
      if (line.rfind(prefix, 0) == 0) out = std::stoll(line.substr(prefix.size()));
    };
    field("VmRSS", m.rss_kib);
    field("VmHWM", m.hwm_kib);
  }
  return m;
}

// Resets VmHWM to the current RSS (Linux >= 4.0). false when the kernel refuses.
bool reset_peak() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

struct Usage {
  int64_t maxrss_kib = 0;
  double user_seconds = 0;
  double system_seconds = 0;
};

Usage read_usage() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return {usage.ru_maxrss, seconds(usage.ru_utime), seconds(usage.ru_stime)};
}

// Bytes and calls through read/pread and write/pwrite (/proc/self/io): what SQLite moved
// between its page cache and the OS, whether or not it reached the disk.
struct Io {
  int64_t read_bytes = 0;
  int64_t write_bytes = 0;
  int64_t read_calls = 0;
  int64_t write_calls = 0;
};

Io read_io() {
  Io io;
  std::ifstream in("/proc/self/io");
  std::string key;
  int64_t value = 0;
  while (in >> key >> value) {
    if (key == "rchar:") io.read_bytes = value;
    if (key == "wchar:") io.write_bytes = value;
    if (key == "syscr:") io.read_calls = value;
    if (key == "syscw:") io.write_calls = value;
  }
  return io;
}

double mib(int64_t kib) { return static_cast<double>(kib) / 1024.0; }

// ---- What the store asks of SQLite, statement by statement ----
//
// The benchmark defines sqlite3_step itself: the store (linked into this executable) calls this
// one, which times the real one (libsqlite3, found with dlsym(RTLD_NEXT)) and tallies it by SQL
// text. So the counts are the rows SQLite actually handed to the store, whatever the Store
// interface looks like. Needs SQLite as a shared library (as certflow links it).

struct StatementStats {
  std::string sql;
  uint64_t steps = 0;
  uint64_t rows = 0;        // SQLITE_ROW results: rows handed to the caller
  uint64_t executions = 0;  // SQLITE_DONE results
  uint64_t changes = 0;     // rows written, for statements that write
  std::chrono::nanoseconds time{0};
};

class StatementLedger {
 public:
  static StatementLedger& instance() {
    static StatementLedger ledger;
    return ledger;
  }

  int step(sqlite3_stmt* stmt) {
    const auto start = Steady::now();
    const int rc = real_step_ ? real_step_(stmt) : SQLITE_MISUSE;
    const auto elapsed = Steady::now() - start;
    std::lock_guard lock(mutex_);
    const char* sql = sqlite3_sql(stmt);
    auto [it, inserted] = index_.try_emplace(Key{stmt, sql}, entries_.size());
    if (inserted) entries_.push_back(StatementStats{sql ? sql : ""});
    StatementStats& e = entries_[it->second];
    ++e.steps;
    e.time += elapsed;
    if (rc == SQLITE_ROW) ++e.rows;
    if (rc == SQLITE_DONE) {
      ++e.executions;
      if (!sqlite3_stmt_readonly(stmt)) {
        e.changes += static_cast<uint64_t>(sqlite3_changes(sqlite3_db_handle(stmt)));
      }
    }
    return rc;
  }

  bool available() const { return real_step_ != nullptr; }

  void clear() {
    std::lock_guard lock(mutex_);
    index_.clear();
    entries_.clear();
  }

  // By SQL text (the same statement may be prepared on several connections).
  std::vector<StatementStats> snapshot() {
    std::lock_guard lock(mutex_);
    std::map<std::string, StatementStats> by_text;
    for (const auto& e : entries_) {
      StatementStats& t = by_text[e.sql];
      t.sql = e.sql;
      t.steps += e.steps;
      t.rows += e.rows;
      t.executions += e.executions;
      t.changes += e.changes;
      t.time += e.time;
    }
    std::vector<StatementStats> out;
    for (auto& [text, stats] : by_text) out.push_back(std::move(stats));
    std::sort(out.begin(), out.end(),
              [](const StatementStats& a, const StatementStats& b) { return a.time > b.time; });
    return out;
  }

 private:
  using StepFn = int (*)(sqlite3_stmt*);
  struct Key {
    sqlite3_stmt* stmt;
    const char* sql;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.stmt) ^ (std::hash<const void*>()(k.sql) << 1);
    }
  };

  StatementLedger() : real_step_(reinterpret_cast<StepFn>(dlsym(RTLD_NEXT, "sqlite3_step"))) {}

  StepFn real_step_;
  std::mutex mutex_;
  std::unordered_map<Key, size_t, KeyHash> index_;
  std::vector<StatementStats> entries_;
};

// The engine's store calls, as the statements that carry them.
struct Tally {
  uint64_t executions = 0;
  uint64_t rows = 0;
  uint64_t changes = 0;
  std::chrono::nanoseconds time{0};

  void add(const StatementStats& s) {
    executions += s.executions;
    rows += s.rows;
    changes += s.changes;
    time += s.time;
  }
  ordered_json to_json() const {
    return {{"calls", executions},
            {"rows", rows},
            {"changes", changes},
            {"seconds", std::chrono::duration<double>(time).count()}};
  }
};

struct StoreTally {
  Tally list_expiring;  // the range read on certificates_by_expiry (list_issued_expiring)
  Tally append_event;   // INSERT INTO events; changes = events appended
  Tally update;         // UPDATE certificates (update_certificate_lifecycle)
  Tally begin;
  Tally commit;  // COMMIT: writing the WAL, its fsync, and any checkpoint (fsync of the database)
  Tally other;
  std::vector<StatementStats> statements;

  static StoreTally of(std::vector<StatementStats> statements) {
    StoreTally t;
    for (const auto& s : statements) {
      const std::string_view sql = s.sql;
      if (sql.find("certificates_by_expiry") != std::string_view::npos) {
        t.list_expiring.add(s);
      } else if (sql.rfind("INSERT INTO events", 0) == 0) {
        t.append_event.add(s);
      } else if (sql.rfind("UPDATE certificates", 0) == 0) {
        t.update.add(s);
      } else if (sql.rfind("BEGIN", 0) == 0) {
        t.begin.add(s);
      } else if (sql == "COMMIT") {
        t.commit.add(s);
      } else {
        t.other.add(s);
      }
    }
    t.statements = std::move(statements);
    return t;
  }

  std::chrono::nanoseconds total() const {
    return list_expiring.time + append_event.time + update.time + begin.time + commit.time +
           other.time;
  }

  ordered_json to_json() const {
    ordered_json by_statement = ordered_json::array();
    for (const auto& s : statements) {
      by_statement.push_back({{"sql", s.sql.substr(0, 100)},
                              {"executions", s.executions},
                              {"rows", s.rows},
                              {"changes", s.changes},
                              {"seconds", std::chrono::duration<double>(s.time).count()}});
    }
    return {{"list_issued_expiring", list_expiring.to_json()},
            {"append_event", append_event.to_json()},
            {"update_certificate_lifecycle", update.to_json()},
            {"begin", begin.to_json()},
            {"commit", commit.to_json()},
            {"other", other.to_json()},
            {"statements", by_statement}};
  }
};

// ---- Seeding ----

struct Seed {
  int64_t certs = 0;
  int64_t in_window = 0;
  double in_window_percent = 0;
  int64_t evaluation_ms = 0;
  size_t pem_bytes = 0;
  size_t key_bytes = 0;

  ordered_json to_json() const {
    return {{"certs", certs},
            {"in_window", in_window},
            {"in_window_percent", in_window_percent},
            {"evaluation_ms", evaluation_ms},
            {"pem_bytes", pem_bytes},
            {"key_bytes", key_bytes}};
  }
  bool operator==(const Seed&) const = default;
};

std::string seed_file(const Options& o) { return o.dir + "/seed.json"; }
std::string db_file(const Options& o) { return o.dir + "/certflow.db"; }

std::optional<Seed> read_seed(const Options& o) {
  std::ifstream in(seed_file(o));
  if (!in) return std::nullopt;
  auto j = ordered_json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  Seed s;
  s.certs = j.value("certs", int64_t{0});
  s.in_window = j.value("in_window", int64_t{0});
  s.in_window_percent = j.value("in_window_percent", 0.0);
  s.evaluation_ms = j.value("evaluation_ms", int64_t{0});
  s.pem_bytes = j.value("pem_bytes", size_t{0});
  s.key_bytes = j.value("key_bytes", size_t{0});
  return s;
}

// A PEM-shaped placeholder of about `bytes` bytes: the engine never parses it, it only has to
// take the room a real certificate takes in the row.
std::string placeholder_pem(size_t bytes, std::mt19937_64& rng) {
  static constexpr char kBase64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  const std::string end = "-----END CERTIFICATE-----\n";
  size_t column = 0;
  while (pem.size() + end.size() + 1 < bytes) {
    pem.push_back(kBase64[rng() % 64]);
    if (++column == 64) {
      pem.push_back('\n');
      column = 0;
    }
  }
  if (column != 0) pem.push_back('\n');
  return pem + end;
}

std::string random_bytes(size_t n, std::mt19937_64& rng) {
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

std::string serial_text(std::mt19937_64& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < 16; ++i) {
    if (i > 0) text.push_back(':');
    const auto byte = rng() & 0xff;
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 0x0f]);
  }
  return text;
}

// The details JSON as inventory::encode_details writes it for an RSA TLS server certificate.
std::string details_json(const std::string& domain, std::mt19937_64& rng) {
  nlohmann::json ekus = nlohmann::json::array();
  ekus.push_back({{"name", "TLS_WEB_SERVER_AUTHENTICATION"}, {"oid", "1.3.6.1.5.5.7.3.1"}});
  ekus.push_back({{"name", "TLS_WEB_CLIENT_AUTHENTICATION"}, {"oid", "1.3.6.1.5.5.7.3.2"}});
  nlohmann::json details = {
      {"sans", {domain, "www." + domain}},
      {"serial", serial_text(rng)},
      {"subject", "CN=" + domain + ",O=Example Corp,L=Springfield,ST=Oregon,C=US"},
      {"issuer", "CN=Example Issuing CA R3,O=Example Trust Services,C=US"},
      {"signature_algorithm", "SHA256WITHRSA"},
      {"ekus", ekus},
  };
  return details.dump();
}

// NotAfter of every certificate, in table order: `in_window` of them spread evenly over
// (now, now + 45 days], the rest over (now + 46 days, now + 400 days], shuffled.
std::vector<int64_t> not_after_values(int64_t certs, int64_t in_window, int64_t now_ms,
                                      std::mt19937_64& rng) {
  std::vector<int64_t> out;
  out.reserve(static_cast<size_t>(certs));
  const int64_t window = kWindowDays * kDay - 1;
  for (int64_t j = 0; j < in_window; ++j) out.push_back(now_ms + 1 + j * window / in_window);
  const int64_t rest = certs - in_window;
  const int64_t later = (kLastDay - kFirstOutOfWindowDay) * kDay - 1;
  for (int64_t j = 0; j < rest; ++j) {
    out.push_back(now_ms + kFirstOutOfWindowDay * kDay + 1 + j * later / rest);
  }
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

Result<Seed> seed_store(store::Store& store, const Options& o, int64_t now_ms, bool quiet) {
  Seed seed;
  seed.certs = o.certs;
  seed.in_window = std::llround(static_cast<double>(o.certs) * o.in_window_percent / 100.0);
  seed.in_window_percent = o.in_window_percent;
  seed.evaluation_ms = now_ms;
  seed.pem_bytes = o.pem_bytes;
  seed.key_bytes = o.key_bytes;

  std::mt19937_64 rng(20261127);
  const std::vector<int64_t> not_after = not_after_values(o.certs, seed.in_window, now_ms, rng);
  store::CertificateRow row;
  row.type = "IMPORTED";
  row.status = "ISSUED";
  row.key_algorithm = "RSA_2048";
  row.key_usages = {"DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"};
  row.extended_key_usages = {"TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION"};
  const int64_t first_created = now_ms - 365 * kDay;
  const auto start = Steady::now();
  for (int64_t done = 0; done < o.certs;) {
    auto txn = store.begin();
    if (!txn) return tl::unexpected(txn.error());
    for (int64_t i = 0; i < o.seed_batch && done < o.certs; ++i, ++done) {
      row.arn = acm_certificate_arn("us-east-1", "000000000000", new_uuid());
      row.domain_name = "host-" + std::to_string(done) + ".example.com";
      row.not_after_ms = not_after[static_cast<size_t>(done)];
      row.created_at_ms = first_created + done * (365 * kDay / o.certs);
      row.not_before_ms = std::min(row.not_after_ms - 397 * kDay, row.created_at_ms);
      row.imported_at_ms = row.created_at_ms;
      row.details_json = details_json(row.domain_name, rng);
      row.certificate_pem = placeholder_pem(o.pem_bytes, rng);
      row.key_wrapped_data_key = random_bytes(60, rng);
      row.key_ciphertext = random_bytes(o.key_bytes, rng);
      if (auto ok = (*txn)->put_certificate(row); !ok) return tl::unexpected(ok.error());
    }
    if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
    if (!quiet && done % (o.seed_batch * 10) == 0) {
      std::cerr << "seeded " << done << " / " << o.certs << " in " << std::fixed
                << std::setprecision(1) << seconds_since(start) << " s\n";
    }
  }
  if (!quiet) {
    std::cerr << "seeded " << o.certs << " certificates (" << seed.in_window
              << " in the window) in " << std::fixed << std::setprecision(1) << seconds_since(start)
              << " s\n";
  }
  return seed;
}

// ---- Raw SQLite, for what the Store does not offer: resetting to the seeded state ----

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

Status exec_sql(const std::string& path, const std::string& sql) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, SqliteCloser> db(raw);
  if (rc != SQLITE_OK) {
    return fail(ErrorCode::kInternal, "cannot open " + path + ": " + sqlite3_errstr(rc));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  char* message = nullptr;
  if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return fail(ErrorCode::kInternal, "sqlite: " + text);
  }
  return {};
}

// Back to the seeded state: no events, no evaluation done, every certificate ISSUED.
Status reset_to_seed(const Options& o) {
  return exec_sql(db_file(o),
                  "BEGIN IMMEDIATE;"
                  "DELETE FROM events;"
                  "DELETE FROM sqlite_sequence WHERE name = 'events';"
                  "DELETE FROM lifecycle_state;"
                  "UPDATE certificates SET status = 'ISSUED', version = 1 "
                  "  WHERE status = 'EXPIRED';"
                  "COMMIT;"
                  "PRAGMA wal_checkpoint(TRUNCATE);");
}

Status checkpoint(const Options& o) {
  return exec_sql(db_file(o), "PRAGMA wal_checkpoint(TRUNCATE);");
}

// ---- Phases ----

struct Phase {
  std::string name;
  double seconds = 0;
  Memory before;
  Memory after;
  bool peak_reset = false;
  int64_t maxrss_kib = 0;
  double user_seconds = 0;    // CPU time of the phase; wall time minus both is time spent
  double system_seconds = 0;  // waiting, mostly for fsync
  Io io;                      // during the phase
  StoreTally stats;
  ordered_json result;

  int64_t peak_kib() const { return peak_reset ? after.hwm_kib : maxrss_kib; }

  ordered_json to_json() const {
    return {{"phase", name},
            {"seconds", seconds},
            {"cpu_user_seconds", user_seconds},
            {"cpu_system_seconds", system_seconds},
            {"rss_before_mib", mib(before.rss_kib)},
            {"rss_after_mib", mib(after.rss_kib)},
            {"peak_rss_mib", mib(peak_kib())},
            {"peak_rss_delta_mib", mib(peak_kib() - before.rss_kib)},
            {"peak_is_phase_only", peak_reset},
            {"process_maxrss_mib", mib(maxrss_kib)},
            {"result", result},
            {"io",
             {{"read_mib", mib(io.read_bytes / 1024)},
              {"write_mib", mib(io.write_bytes / 1024)},
              {"read_calls", io.read_calls},
              {"write_calls", io.write_calls}}},
            {"store", stats.to_json()},
            {"store_seconds", std::chrono::duration<double>(stats.total()).count()}};
  }
};

template <typename F>
Result<Phase> measure(const std::string& name, F&& body) {
  Phase phase;
  phase.name = name;
  malloc_trim(0);
  phase.before = read_memory();
  phase.peak_reset = reset_peak();
  StatementLedger::instance().clear();
  const Usage usage_before = read_usage();
  const Io io_before = read_io();
  const auto start = Steady::now();
  auto result = body();
  phase.seconds = seconds_since(start);
  if (!result) return tl::unexpected(result.error());
  phase.after = read_memory();
  const Io io_after = read_io();
  phase.io = {
      io_after.read_bytes - io_before.read_bytes, io_after.write_bytes - io_before.write_bytes,
      io_after.read_calls - io_before.read_calls, io_after.write_calls - io_before.write_calls};
  const Usage usage_after = read_usage();
  phase.maxrss_kib = usage_after.maxrss_kib;
  phase.user_seconds = usage_after.user_seconds - usage_before.user_seconds;
  phase.system_seconds = usage_after.system_seconds - usage_before.system_seconds;
  phase.stats = StoreTally::of(StatementLedger::instance().snapshot());
  phase.result = std::move(*result);
  return phase;
}

ordered_json report_json(const lifecycle::EvaluationReport& r) {
  return {{"daily_evaluation", r.daily_evaluation},
          {"approaching", r.approaching},
          {"expired", r.expired},
          {"renewals_attempted", r.renewals_attempted},
          {"renewals_failed", r.renewals_failed},
          {"events", r.events}};
}

// Where the time of an evaluation goes outside the store: the same work the engine does per
// certificate, timed piece by piece over the certificates in the window.
Result<ordered_json> breakdown(store::Store& store, const inventory::InventoryConfig& config,
                               TimePoint now) {
  std::vector<store::CertificateRow> rows;
  const int64_t now_ms = to_epoch_millis(now);
  store::ExpiryRange range{now_ms, now_ms + kWindowDays * kDay, std::nullopt, 5000};
  auto start = Steady::now();
  for (;;) {
    auto page = store.list_issued_expiring(range);
    if (!page) return tl::unexpected(page.error());
    for (auto& row : *page) rows.push_back(std::move(row));
    if (page->size() < range.limit) break;
    range.start_after = store::ExpiryCursor{rows.back().not_after_ms, rows.back().arn};
  }
  const double read_seconds = seconds_since(start);

  start = Steady::now();
  size_t uuid_bytes = 0;
  for (size_t i = 0; i < rows.size(); ++i) uuid_bytes += new_uuid().size();
  const double uuid_seconds = seconds_since(start);

  std::vector<store::EventRecord> events;
  events.reserve(rows.size());
  start = Steady::now();
  for (const auto& row : rows) {
    events.push_back(inventory::approaching_expiration_event(config, row, now));
  }
  const double build_seconds = seconds_since(start);
  size_t body_bytes = 0;
  for (const auto& e : events) body_bytes += e.body.size();

  start = Steady::now();
  for (const auto& e : events) inventory::log_emitted(e);
  const double log_seconds = seconds_since(start);

  const double n = static_cast<double>(std::max<size_t>(rows.size(), 1));
  return ordered_json{
      {"certificates", rows.size()},
      {"read_window_seconds", read_seconds},
      {"new_uuid_seconds", uuid_seconds},
      {"build_events_seconds", build_seconds},
      {"build_events_us_each", build_seconds * 1e6 / n},
      {"log_emitted_seconds", log_seconds},
      {"average_event_body_bytes", static_cast<double>(body_bytes) / n},
      {"uuid_chars", uuid_bytes},
  };
}

std::string fixed(double v, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << v;
  return out.str();
}

void print_table(const Seed& seed, const std::vector<Phase>& phases, std::ostream& out) {
  out << "certificates: " << seed.certs << ", in the 45-day window at "
      << to_iso8601(from_epoch_millis(seed.evaluation_ms)) << ": " << seed.in_window << " ("
      << seed.in_window_percent << "%)\n";
  out << std::left << std::setw(10) << "phase" << std::right << std::setw(10) << "wall s"
      << std::setw(10) << "CPU s" << std::setw(13) << "rows read" << std::setw(11) << "events"
      << std::setw(12) << "store s" << std::setw(13) << "commits s" << std::setw(14) << "RSS before"
      << std::setw(14) << "peak delta" << std::setw(14) << "proc maxrss"
      << "\n";
  for (const auto& p : phases) {
    const auto& r = p.result;
    uint64_t events = 0;
    if (r.contains("events")) {
      events = r["events"].get<uint64_t>();
    } else if (r.contains("total_entries")) {
      events = r["total_entries"].get<uint64_t>();
    }
    out << std::left << std::setw(10) << p.name << std::right << std::setw(10)
        << fixed(p.seconds, 3) << std::setw(10) << fixed(p.user_seconds + p.system_seconds, 3)
        << std::setw(13) << p.stats.list_expiring.rows << std::setw(11) << events << std::setw(12)
        << fixed(std::chrono::duration<double>(p.stats.total()).count(), 3) << std::setw(13)
        << fixed(std::chrono::duration<double>(p.stats.commit.time).count(), 3) << std::setw(10)
        << fixed(mib(p.before.rss_kib), 1) << " MiB" << std::setw(10)
        << fixed(mib(p.peak_kib() - p.before.rss_kib), 1) << " MiB" << std::setw(10)
        << fixed(mib(p.maxrss_kib), 1) << " MiB\n";
    out << "           " << r.dump() << "\n";
  }
}

Result<std::string> make_temp_dir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "certflow-lifecycle-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return fail(ErrorCode::kInternal, "cannot create a temporary directory");
  }
  return pattern;
}

Status remove_database(const Options& o) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(db_file(o) + suffix, ec);
    if (ec) return fail(ErrorCode::kInternal, "cannot remove " + db_file(o) + suffix);
  }
  std::filesystem::remove(seed_file(o), ec);
  return {};
}

Status write_seed(const Options& o, const Seed& seed) {
  std::ofstream out(seed_file(o));
  out << seed.to_json().dump(2) << "\n";
  out.flush();
  if (!out) return fail(ErrorCode::kInternal, "cannot write " + seed_file(o));
  return {};
}

Result<int> run(Options o) {
  if (o.dir.empty()) {
    auto dir = make_temp_dir();
    if (!dir) return tl::unexpected(dir.error());
    o.dir = *dir;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.dir, ec);
  if (ec) return fail(ErrorCode::kInternal, "cannot create " + o.dir + ": " + ec.message());
  init_logging(o.log_level);

  TimePoint now;
  if (!parse_iso8601(kEvaluationInstant, now)) {
    return fail(ErrorCode::kInternal, "bad evaluation instant");
  }
  const int64_t now_ms = to_epoch_millis(now);

  // Reuse the data directory when it holds exactly this seed.
  Seed wanted;
  wanted.certs = o.certs;
  wanted.in_window = std::llround(static_cast<double>(o.certs) * o.in_window_percent / 100.0);
  wanted.in_window_percent = o.in_window_percent;
  wanted.evaluation_ms = now_ms;
  wanted.pem_bytes = o.pem_bytes;
  wanted.key_bytes = o.key_bytes;
  const std::optional<Seed> existing = read_seed(o);
  bool seeded_here = false;
  if (!existing || !(*existing == wanted)) {
    // Never replace a database this program did not seed, nor another seed, unless told to.
    std::error_code exists_error;
    if (!o.reseed && (existing || std::filesystem::exists(db_file(o), exists_error))) {
      return fail(ErrorCode::kInvalidState,
                  o.dir + " holds " +
                      (existing ? "another seed (" + existing->to_json().dump() + ")"
                                : std::string("a database this benchmark did not seed")) +
                      "; pass the same --certs/--in-window/--pem-bytes/--key-bytes, another "
                      "--dir, or --reseed to replace it");
    }
    if (auto ok = remove_database(o); !ok) return tl::unexpected(ok.error());
    auto store = store::open_sqlite_store({db_file(o)});
    if (!store) return tl::unexpected(store.error());
    auto seed = seed_store(**store, o, now_ms, o.json && !o.seed_only);
    if (!seed) return tl::unexpected(seed.error());
    store->reset();
    if (auto ok = checkpoint(o); !ok) return tl::unexpected(ok.error());
    if (auto ok = write_seed(o, *seed); !ok) return tl::unexpected(ok.error());
    seeded_here = true;
  } else if (o.reset) {
    if (auto ok = reset_to_seed(o); !ok) return tl::unexpected(ok.error());
  }
  if (o.seed_only) {
    if (o.json) {
      std::cout << ordered_json{{"dir", o.dir},
                                {"seed", wanted.to_json()},
                                {"seeded_now", seeded_here}}
                       .dump()
                << "\n";
    } else {
      std::cout << (seeded_here ? "seeded " : "already seeded: ") << o.dir << "\n";
    }
    return 0;
  }

  auto opened = store::open_sqlite_store({db_file(o)});
  if (!opened) return tl::unexpected(opened.error());
  if (!StatementLedger::instance().available()) {
    return fail(ErrorCode::kInternal, "cannot find libsqlite3's sqlite3_step (dlsym)");
  }
  store::Store& store = **opened;
  auto total = store.count_certificates();
  if (!total) return tl::unexpected(total.error());
  auto key = crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'b')));
  if (!key) return tl::unexpected(key.error());
  SimulatedClock clock(now);
  inventory::Inventory inventory(store, *key, clock, {});
  lifecycle::IssuerRegistry issuers;
  lifecycle::EngineOptions engine_options;
  engine_options.batch_size = o.batch_size;
  lifecycle::LifecycleEngine engine(store, inventory, clock, issuers, engine_options);

  auto state = store.get_lifecycle_state();
  if (!state) return tl::unexpected(state.error());
  const int64_t day0 = inventory::utc_day(now_ms);
  const bool fresh = !state->last_evaluated_day.has_value();
  // Phases: the forecast, then evaluations on consecutive days. dayK is the evaluation at the
  // evaluation instant + K - 1 days; it needs day K - 1 done (day1 needs a fresh store).
  const bool run_forecast = o.phase == "all" || o.phase == "forecast";
  std::vector<int> days;
  if (o.phase == "all") days = {1, 2};
  if (const int k = day_number(o.phase); k > 0) days = {k};
  if ((run_forecast || (!days.empty() && days.front() == 1)) && !fresh) {
    return fail(ErrorCode::kInvalidState,
                "the store has been evaluated already; pass --reset to start from the seed");
  }
  if (!days.empty() && days.front() > 1 && state->last_evaluated_day != day0 + days.front() - 2) {
    return fail(ErrorCode::kInvalidState, "day" + std::to_string(days.front()) + " needs day" +
                                              std::to_string(days.front() - 1) + " first");
  }

  std::vector<Phase> phases;
  std::optional<ordered_json> extra;
  if (run_forecast) {
    auto phase = measure("forecast", [&]() -> Result<ordered_json> {
      auto f =
          lifecycle::forecast(store, inventory.config(), now, {o.forecast_days, o.max_entries});
      if (!f) return tl::unexpected(f.error());
      return ordered_json{{"days", o.forecast_days},
                          {"total_entries", f->total_entries},
                          {"entries_kept", f->entries.size()},
                          {"totals_by_kind", f->totals_by_kind},
                          {"weeks", f->weeks.size()}};
    });
    if (!phase) return tl::unexpected(phase.error());
    phases.push_back(std::move(*phase));
  }
  for (int k : days) {
    const TimePoint at = now + std::chrono::days(k - 1);
    clock.set(at);
    auto phase = measure("day" + std::to_string(k), [&]() -> Result<ordered_json> {
      auto r = engine.run_due();
      if (!r) return tl::unexpected(r.error());
      return report_json(*r);
    });
    if (!phase) return tl::unexpected(phase.error());
    phases.push_back(std::move(*phase));
    if (o.breakdown && !extra) {
      auto b = breakdown(**opened, inventory.config(), at);
      if (!b) return tl::unexpected(b.error());
      extra = std::move(*b);
    }
  }

  const Seed seed = existing && !seeded_here ? *existing : wanted;
  if (o.json) {
    ordered_json out{{"dir", o.dir},
                     {"seed", seed.to_json()},
                     {"certificates_in_store", *total},
                     {"seeded_in_this_process", seeded_here},
                     {"engine_batch_size", o.batch_size},
                     {"log_level", o.log_level}};
    out["phases"] = ordered_json::array();
    for (const auto& p : phases) out["phases"].push_back(p.to_json());
    if (extra) out["breakdown"] = *extra;
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "data: " << o.dir << (seeded_here ? " (seeded by this process)" : "") << "\n";
    print_table(seed, phases, std::cout);
    if (extra) std::cout << "breakdown: " << extra->dump() << "\n";
  }
  return 0;
}

}  // namespace

// The interposer (see StatementLedger).
int sqlite3_step(sqlite3_stmt* stmt) { return StatementLedger::instance().step(stmt); }

int main(int argc, char** argv) {
  auto options = parse_args(argc, argv);
  if (!options) {
    std::cerr << "certflow_lifecycle_bench: " << options.error().message << "\n";
    return 2;
  }
  auto code = run(std::move(*options));
  if (!code) {
    std::cerr << "certflow_lifecycle_bench: " << code.error().message << "\n";
    return 1;
  }
  return *code;
}
