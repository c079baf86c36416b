// Matcher throughput on synthetic citylots2 (gen_citylots.py): events/s per rule set of
// citylots2-rules.json with its match counts checked against citylots2-synthetic-counts.json;
// how the cost per event moves from 1 to 10,000 rules; and the time to add 10,000 rules.
//
// Data: $CERTFLOW_CITYLOTS, else <build>/citylots/citylots2.json.gz (target citylots_data).
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "events/pattern/pattern.h"

namespace {

using certflow::events::pattern::Matcher;

const std::vector<std::string>& events() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> out;
    const char* env = std::getenv("CERTFLOW_CITYLOTS");
    const std::string path = env != nullptr ? env : CERTFLOW_CITYLOTS_DEFAULT;
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) return out;
    std::string line;
    char buf[1 << 16];
    while (gzgets(f, buf, sizeof buf) != nullptr) {
      line += buf;
      if (!line.empty() && line.back() == '\n') {
        line.pop_back();
        out.push_back(std::move(line));
        line.clear();
      }
    }
    if (!line.empty()) out.push_back(std::move(line));
    gzclose(f);
    return out;
  }();
  return lines;
}

nlohmann::json load(const char* file) {
  std::ifstream in(std::string(CERTFLOW_REFERENCE_DIR) + "/" + file);
  return nlohmann::json::parse(in);
}

void run_rule_set(benchmark::State& state, const std::string& set) {
  const auto& evs = events();
  if (evs.empty()) {
    state.SkipWithError("no citylots data: build target citylots_data or set CERTFLOW_CITYLOTS");
    return;
  }
  static const nlohmann::json rules = load("citylots2-rules.json");
  static const nlohmann::json counts = load("citylots2-synthetic-counts.json");
  const auto& texts = rules.at("rule_sets").at(set).at("rules");
  Matcher m;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!m.add_pattern(std::to_string(i), texts[i].get<std::string>())) {
      state.SkipWithError("rule rejected");
      return;
    }
  }
  std::vector<long> got(texts.size(), 0);
  for (auto _ : state) {
    std::fill(got.begin(), got.end(), 0);
    for (const std::string& e : evs) {
      auto names = m.match(e);
      if (!names) {
        state.SkipWithError("event rejected");
        return;
      }
      for (const std::string& n : *names) ++got[std::stoul(n)];
    }
  }
  const auto& want = counts.at("counts").at(set);
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i] != want[i].get<long>()) {
      state.SkipWithError(("count mismatch on rule " + std::to_string(i)).c_str());
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * evs.size()));
}

#define CITYLOTS(NAME)                                                     \
  void BM_CityLots_##NAME(benchmark::State& s) { run_rule_set(s, #NAME); } \
  BENCHMARK(BM_CityLots_##NAME)->Unit(benchmark::kMillisecond)->MinTime(2.0)

CITYLOTS(EXACT);
CITYLOTS(WILDCARD);
CITYLOTS(PREFIX);
CITYLOTS(PREFIX_EQUALS_IGNORE_CASE);
CITYLOTS(SUFFIX);
CITYLOTS(SUFFIX_EQUALS_IGNORE_CASE);
CITYLOTS(EQUALS_IGNORE_CASE);
CITYLOTS(NUMERIC);
CITYLOTS(ANYTHING_BUT);
CITYLOTS(ANYTHING_BUT_IGNORE_CASE);
CITYLOTS(ANYTHING_BUT_PREFIX);
CITYLOTS(ANYTHING_BUT_SUFFIX);
CITYLOTS(ANYTHING_BUT_WILDCARD);
CITYLOTS(COMPLEX_ARRAYS);

std::string rule_name(int i) {
  std::string name(1, 'r');
  name += std::to_string(i);
  return name;
}

// N rules of one family. "exact": distinct MAPBLKLOT values. "mixed": exact, prefix,
// equals-ignore-case, wildcard and numeric rules in turn, each with distinct operands.
std::string scaled_rule(const std::string& family, int i) {
  char buf[256];
  if (family == "exact" || i % 5 == 0) {
    std::snprintf(buf, sizeof buf, R"({"properties":{"MAPBLKLOT":["%04d%03d"]}})", 1 + i % 7600,
                  1 + i % 350);
  } else if (i % 5 == 1) {
    std::snprintf(buf, sizeof buf, R"({"properties":{"STREET":[{"prefix":"Z%05d"}]}})", i);
  } else if (i % 5 == 2) {
    std::snprintf(buf, sizeof buf, R"({"properties":{"BLKLOT":[{"equals-ignore-case":"x%06d"}]}})",
                  i);
  } else if (i % 5 == 3) {
    std::snprintf(buf, sizeof buf, R"({"properties":{"MAPBLKLOT":[{"wildcard":"%04d*9"}]}})",
                  i % 10000);
  } else {
    const double lo = -122.51 + 0.15 * (i % 10000) / 10000.0;
    std::snprintf(buf, sizeof buf,
                  R"({"geometry":{"firstCoordinates":{"x":[{"numeric":[">=",%.9f,"<",%.9f]}]}}})",
                  lo, lo + 1e-6);
  }
  return buf;
}

void run_scaling(benchmark::State& state, const std::string& family) {
  const auto& evs = events();
  if (evs.empty()) {
    state.SkipWithError("no citylots data");
    return;
  }
  const int n = static_cast<int>(state.range(0));
  Matcher m;
  std::vector<std::pair<std::string, std::string>> batch;
  for (int i = 0; i < n; ++i) batch.emplace_back(rule_name(i), scaled_rule(family, i));
  if (!m.add_patterns(batch)) {
    state.SkipWithError("rule rejected");
    return;
  }
  std::size_t matched = 0;
  for (auto _ : state) {
    for (const std::string& e : evs) matched += m.match(e)->size();
  }
  benchmark::DoNotOptimize(matched);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * evs.size()));
  state.counters["ns_per_event"] = benchmark::Counter(
      static_cast<double>(state.iterations() * evs.size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}

void BM_Scaling_Exact(benchmark::State& s) { run_scaling(s, "exact"); }
void BM_Scaling_Mixed(benchmark::State& s) { run_scaling(s, "mixed"); }
BENCHMARK(BM_Scaling_Exact)
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Scaling_Mixed)
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond);

// Adding 10,000 rules: one add_pattern per rule (a snapshot each), and one add_patterns batch.
void BM_Add10000_OneByOne(benchmark::State& state) {
  for (auto _ : state) {
    Matcher m;
    for (int i = 0; i < 10000; ++i) {
      if (!m.add_pattern(rule_name(i), scaled_rule("mixed", i))) state.SkipWithError("rejected");
    }
  }
}
void BM_Add10000_Batch(benchmark::State& state) {
  std::vector<std::pair<std::string, std::string>> batch;
  for (int i = 0; i < 10000; ++i) batch.emplace_back(rule_name(i), scaled_rule("mixed", i));
  for (auto _ : state) {
    Matcher m;
    if (!m.add_patterns(batch)) state.SkipWithError("rejected");
  }
}
BENCHMARK(BM_Add10000_OneByOne)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Add10000_Batch)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
