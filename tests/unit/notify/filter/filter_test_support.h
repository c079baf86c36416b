// Shared helpers for the filter room's tests: compile or fail, the refusal reason, and typed
// attributes in one line.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>

#include "notify/filter/filter_policy.h"

namespace certflow::notify::filter::testing {

using Attributes = std::map<std::string, TypedAttribute>;

inline FilterPolicy must_compile(std::string_view policy, Scope scope) {
  auto compiled = FilterPolicy::compile(policy, scope);
  if (!compiled) {
    ADD_FAILURE() << policy << " refused: " << compiled.error().message;
    return *FilterPolicy::compile(R"({"never-sent":["x"]})", scope);
  }
  return *compiled;
}

// The refusal message, or "<accepted>".
inline std::string refusal(std::string_view policy, Scope scope = Scope::kMessageAttributes) {
  auto compiled = FilterPolicy::compile(policy, scope);
  if (compiled) return "<accepted>";
  EXPECT_EQ(compiled.error().code, ErrorCode::kInvalidParameter) << policy;
  return compiled.error().message;
}

inline TypedAttribute str(std::string value) { return {"String", std::move(value)}; }
inline TypedAttribute num(std::string value) { return {"Number", std::move(value)}; }
inline TypedAttribute arr(std::string json) { return {"String.Array", std::move(json)}; }
inline TypedAttribute bin(std::string value) { return {"Binary", std::move(value)}; }

// Attribute-scope match.
inline bool passes(std::string_view policy, const Attributes& attributes) {
  return must_compile(policy, Scope::kMessageAttributes).matches("", attributes);
}

// Body-scope match.
inline bool body_passes(std::string_view policy, std::string_view body) {
  return must_compile(policy, Scope::kMessageBody).matches(body, {});
}

}  // namespace certflow::notify::filter::testing
