// One call to a JsonService in a test: the answer when it must succeed, the error when it must
// fail; either way a surprise is a test failure naming the operation.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/service.h"

namespace certflow::api::testing {

inline nlohmann::json call_ok(JsonService& service, const std::string& operation,
                              const nlohmann::json& input) {
  auto out = service.invoke(operation, input);
  EXPECT_TRUE(out) << operation << ": " << out.error().message;
  return out ? *out : nlohmann::json();
}

inline Error call_error(JsonService& service, const std::string& operation,
                        const nlohmann::json& input) {
  auto out = service.invoke(operation, input);
  EXPECT_FALSE(out) << operation << " answered " << (out ? out->dump() : "");
  return out ? Error{ErrorCode::kInternal, ""} : out.error();
}

}  // namespace certflow::api::testing
