#include "cli/pattern_command.h"

#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/exit_with.h"
#include "events/pattern/pattern.h"

namespace certflow::cli {
namespace {

constexpr int kInvalidPattern = 2;
constexpr int kInvalidEvent = 3;
constexpr int kUnreadable = 1;

// An argument is JSON text, or @path to read it from a file.
std::string argument_text(const std::string& arg) {
  if (arg.empty() || arg[0] != '@') return arg;
  std::ifstream in(arg.substr(1), std::ios::binary);
  if (!in) exit_with(kUnreadable, "cannot read " + arg.substr(1));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Reads lines from a plain or gzip file (zlib reads both transparently).
std::vector<std::string> read_lines(const std::string& path) {
  struct GzClose {
    void operator()(gzFile_s* f) const { gzclose(f); }
  };
  std::unique_ptr<gzFile_s, GzClose> f(gzopen(path.c_str(), "rb"));
  if (!f) exit_with(kUnreadable, "cannot read " + path);
  std::vector<std::string> lines;
  std::string line;
  char buf[1 << 16];
  while (gzgets(f.get(), buf, sizeof buf) != nullptr) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
    }
  }
  int err = 0;
  gzerror(f.get(), &err);
  if (err != Z_OK && err != Z_STREAM_END) exit_with(kUnreadable, "cannot decompress " + path);
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

void run_test(const std::string& pattern_arg, const std::string& event_arg) {
  auto pattern = events::pattern::compile_pattern(argument_text(pattern_arg));
  if (!pattern) exit_with(kInvalidPattern, pattern.error().message);
  auto matched = events::pattern::test_pattern(*pattern, argument_text(event_arg));
  if (!matched) exit_with(kInvalidEvent, matched.error().message);
  std::cout << (*matched ? "true" : "false") << "\n";
}

struct MatchOptions {
  std::string rules;
  std::string events;
  bool lines = false;
  bool bench = false;
};

void run_match(const MatchOptions& o) {
  nlohmann::ordered_json rules;
  try {
    rules = nlohmann::ordered_json::parse(argument_text("@" + o.rules));
  } catch (const nlohmann::json::exception& e) {
    exit_with(kInvalidPattern, o.rules + ": not JSON: " + e.what());
  }
  if (!rules.is_object()) exit_with(kInvalidPattern, o.rules + ": must map rule names to patterns");
  events::pattern::Matcher matcher;
  std::vector<std::string> names;
  std::vector<std::pair<std::string, std::string>> batch;
  for (const auto& [name, pattern] : rules.items()) {
    // A pattern may be given as JSON text (kept verbatim) or as a JSON object.
    batch.emplace_back(name, pattern.is_string() ? pattern.get<std::string>() : pattern.dump());
    names.push_back(name);
  }
  auto added = matcher.add_patterns(batch);
  if (!added) exit_with(kInvalidPattern, added.error().message);

  std::vector<std::string> lines = read_lines(o.events);
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) index.emplace(names[i], i);
  std::vector<std::size_t> counts(names.size(), 0);
  std::vector<std::vector<std::size_t>> hits(names.size());

  const auto start = std::chrono::steady_clock::now();
  std::size_t events = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find_first_not_of(" \t") == std::string::npos) continue;  // blank line
    auto matched = matcher.match(lines[i]);
    if (!matched) {
      exit_with(kInvalidEvent,
                o.events + ":" + std::to_string(i + 1) + ": " + matched.error().message);
    }
    ++events;
    for (const std::string& n : *matched) {
      const std::size_t r = index.at(n);
      ++counts[r];
      if (o.lines) hits[r].push_back(i + 1);
    }
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

  for (std::size_t r = 0; r < names.size(); ++r) {
    std::cout << names[r] << "\t";
    if (o.lines) {
      for (std::size_t k = 0; k < hits[r].size(); ++k) std::cout << (k ? " " : "") << hits[r][k];
    } else {
      std::cout << counts[r];
    }
    std::cout << "\n";
  }
  if (o.bench) {
    // Events were all in memory before the clock started: this is matching alone.
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "matched %zu events against %zu rules in %.3f s: %.0f events/s\n", events,
                  names.size(), elapsed.count(),
                  elapsed.count() > 0 ? static_cast<double>(events) / elapsed.count() : 0.0);
    std::cerr << buf;
  }
}

}  // namespace

void add_pattern_commands(CLI::App& app) {
  CLI::App* pattern = app.add_subcommand("pattern", "Try EventBridge event patterns on events");
  pattern->require_subcommand(1);

  auto test_args = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* test = pattern->add_subcommand(
      "test",
      "Print true or false: does EVENT match PATTERN? (exit 2: invalid pattern, 3: invalid event)");
  test->add_option("PATTERN", test_args->first, "pattern JSON, or @file")->required();
  test->add_option("EVENT", test_args->second, "event JSON, or @file")->required();
  test->callback([test_args] { run_test(test_args->first, test_args->second); });

  auto match_opts = std::make_shared<MatchOptions>();
  CLI::App* match = pattern->add_subcommand(
      "match",
      "Count, per rule, the events of a file (one JSON event per line, plain or .gz) it matches");
  match->add_option("--rules", match_opts->rules, "JSON object: rule name -> pattern")->required();
  match->add_option("--events", match_opts->events, "events file, one JSON object per line")
      ->required();
  match->add_flag("--lines", match_opts->lines,
                  "print the matching line numbers instead of counts");
  match->add_flag("--bench", match_opts->bench,
                  "load all events first, then report events/s of the matching alone (stderr)");
  match->callback([match_opts] { run_match(*match_opts); });
}

}  // namespace certflow::cli
