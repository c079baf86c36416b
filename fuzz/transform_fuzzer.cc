// Fuzzes the target-input transformer: the first line of the input is a JSONPath, the rest an
// InputTemplate. Both are validated; accepted ones are rendered against a fixed event, and a JSON
// template that validation accepted must render to JSON.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "events/transform/transform.h"

namespace {

namespace transform = certflow::events::transform;

constexpr std::string_view kEvent =
    R"({"version":"0","id":"i","detail-type":"T","source":"s","account":"1","time":"t",)"
    R"("region":"r","resources":["a","b"],"detail":{"k":"v\"q","n":1.5,"o":{"p":[null,true]}}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t newline = text.find('\n');
  const std::string path(text.substr(0, newline));
  const std::string input_template(newline == std::string_view::npos ? std::string_view()
                                                                     : text.substr(newline + 1));
  transform::RuleContext context{"arn:rule", "rule", {}};

  transform::TargetInput by_path;
  by_path.input_path = path;
  if (transform::validate(by_path)) {
    auto out = transform::render(by_path, kEvent, context);
    if (!out || !nlohmann::json::accept(*out)) __builtin_trap();
  }

  transform::TargetInput templated;
  templated.input_transformer =
      transform::InputTransformer{{{"v", path}, {"w", "$.detail"}}, input_template};
  if (transform::validate(templated)) {
    auto out = transform::render(templated, kEvent, context);
    if (!out) __builtin_trap();
    const size_t first = input_template.find_first_not_of(" \t\r\n");
    const bool json_shaped = first != std::string::npos &&
                             (input_template[first] == '{' || input_template[first] == '[');
    if (json_shaped && !nlohmann::json::accept(*out)) __builtin_trap();
  }
  return 0;
}
