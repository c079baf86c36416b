// Random valid patterns and random events over one small vocabulary, so that generated pairs
// match often enough to be interesting. Shared by the differential test and the fuzzers; the
// randomness comes from an Entropy so libFuzzer can drive it with its input bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>

namespace certflow::events::pattern::testing {

class Entropy {
 public:
  virtual ~Entropy() = default;
  // A value in [0, n); n > 0.
  virtual std::uint32_t below(std::uint32_t n) = 0;
  // True one time in `one_in`; false once a ByteEntropy runs dry, so exhausted input means
  // the smallest structures.
  bool chance(std::uint32_t one_in) { return below(one_in) == one_in - 1; }
};

class SeededEntropy : public Entropy {
 public:
  explicit SeededEntropy(std::uint32_t seed) : rng_(seed) {}
  std::uint32_t below(std::uint32_t n) override { return static_cast<std::uint32_t>(rng_() % n); }

 private:
  std::mt19937 rng_;
};

// Reads the fuzzer's bytes; once they run out every choice is 0 (the simplest option).
class ByteEntropy : public Entropy {
 public:
  ByteEntropy(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint32_t below(std::uint32_t n) override {
    if (pos_ >= size_) return 0;
    return data_[pos_++] % n;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

class Generator {
 public:
  explicit Generator(Entropy& e) : e_(e) {}

  nlohmann::json pattern(int depth = 0) {
    nlohmann::json obj = nlohmann::json::object();
    const std::uint32_t fields = 1 + e_.below(depth == 0 ? 3 : 2);
    for (std::uint32_t i = 0; i < fields; ++i) {
      const std::string k = key();
      if (depth < 2 && e_.chance(4)) {
        obj[k] = pattern(depth + 1);
      } else {
        obj[k] = alternatives();
      }
    }
    if (depth < 2 && e_.chance(5)) {
      nlohmann::json branches = nlohmann::json::array();
      const std::uint32_t n = 2 + e_.below(2);
      for (std::uint32_t i = 0; i < n; ++i) branches.push_back(pattern(depth + 1));
      obj["$or"] = branches;
    }
    return obj;
  }

  nlohmann::json event(int depth = 0) {
    nlohmann::json obj = nlohmann::json::object();
    const std::uint32_t fields = e_.below(depth == 0 ? 4 : 3) + (depth == 0 ? 1 : 0);
    for (std::uint32_t i = 0; i < fields; ++i) obj[key()] = event_value(depth);
    return obj;
  }

 private:
  std::string key() {
    static const char* const kKeys[] = {"a", "b", "c"};
    return kKeys[e_.below(3)];
  }
  static constexpr const char* kStrings[] = {
      "",         "x",        "xy",          "Xy",  "yx",        "xYx",
      "10.0.0.1", "10.0.1.7", "2001:db8::1", "a*b", "\xc3\xa9x", "x\xc3\x89"};
  std::string str() { return kStrings[e_.below(12)]; }
  // kStrings[0] is the only empty one.
  std::string nonempty() { return kStrings[1 + e_.below(11)]; }
  double num() {
    static const double kNumbers[] = {0, 1, -1, 1.5, 3, 100, -2.25, 1e6};
    return kNumbers[e_.below(8)];
  }
  std::string wildcard() {
    static const char* const kWild[] = {"x*", "*y", "x*y", "*", "", "*x*", "X*", "a\\*b", "*.1"};
    return kWild[e_.below(9)];
  }
  nlohmann::json string_or_list() {
    if (e_.chance(2)) return nonempty();
    return nlohmann::json::array({nonempty(), nonempty()});
  }

  nlohmann::json alternative() {
    switch (e_.below(16)) {
      case 0: return str();
      case 1: return num();
      case 2: return e_.chance(2);
      case 3: return nullptr;
      case 4: return {{"prefix", str()}};
      case 5: return {{"suffix", str()}};
      case 6: return {{e_.chance(2) ? "prefix" : "suffix", {{"equals-ignore-case", str()}}}};
      case 7: return {{"equals-ignore-case", str()}};
      case 8: return {{"wildcard", wildcard()}};
      case 9: return {{"cidr", e_.chance(2) ? "10.0.0.0/24" : "2001:db8::/32"}};
      case 10: return {{"exists", e_.chance(2)}};
      case 11: {
        const double a = num(), b = num();
        if (a < b && e_.chance(2))
          return {{"numeric", {e_.chance(2) ? ">" : ">=", a, e_.chance(2) ? "<" : "<=", b}}};
        static const char* const kOps[] = {"=", "<", "<=", ">", ">="};
        return {{"numeric", {kOps[e_.below(5)], a}}};
      }
      case 12:
        return {{"anything-but", e_.chance(2) ? nlohmann::json(str()) : nlohmann::json(num())}};
      case 13:
        if (e_.chance(2)) return {{"anything-but", {nonempty(), nonempty()}}};
        return {{"anything-but", {num(), num()}}};
      case 14: {
        static const char* const kForms[] = {"prefix", "suffix", "equals-ignore-case"};
        return {{"anything-but", {{kForms[e_.below(3)], string_or_list()}}}};
      }
      default: return {{"anything-but", {{"wildcard", wildcard()}}}};
    }
  }
  nlohmann::json alternatives() {
    nlohmann::json arr = nlohmann::json::array();
    const std::uint32_t n = 1 + e_.below(3);
    for (std::uint32_t i = 0; i < n; ++i) arr.push_back(alternative());
    return arr;
  }

  nlohmann::json scalar() {
    switch (e_.below(5)) {
      case 0: return num();
      case 1: return e_.chance(2);
      case 2: return nullptr;
      default: return str();
    }
  }
  nlohmann::json event_value(int depth) {
    const std::uint32_t kind = e_.below(depth < 3 ? 6 : 3);
    if (kind <= 2) return scalar();
    if (kind == 3) return event(depth + 1);
    nlohmann::json arr = nlohmann::json::array();
    const std::uint32_t n = e_.below(4);
    for (std::uint32_t i = 0; i < n; ++i)
      arr.push_back(kind == 4 ? scalar() : event_value(depth + 1));
    return arr;
  }

  Entropy& e_;
};

}  // namespace certflow::events::pattern::testing
