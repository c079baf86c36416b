// Reads a JSON-protocol request body member by member, checking it against the API model the
// way AWS does: a member of the wrong JSON type is a SerializationException; a missing required
// member or a value outside the model's constraints is a ValidationException whose message
// names the member ("1 validation error detected: Value null at 'certificateArn' failed to
// satisfy constraint: Member must not be null").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace certflow::api {

struct StringRule {
  size_t min_length = 0;
  size_t max_length = SIZE_MAX;
  std::vector<std::string> allowed;  // an enum; empty = any value
};

class JsonInput {
 public:
  // `body` must be a JSON object (the protocol layer checks that).
  explicit JsonInput(const nlohmann::json& body) : body_(body) {}

  std::optional<std::string> string(const char* member, const StringRule& rule = {},
                                    bool required = false);
  std::optional<int64_t> integer(const char* member, std::optional<int64_t> min,
                                 std::optional<int64_t> max, bool required = false);
  std::optional<bool> boolean(const char* member);
  // A timestamp member written as ISO-8601 UTC text, e.g. "2027-03-01T00:00:00Z".
  std::optional<TimePoint> timestamp(const char* member, bool required = false);
  // A blob member: base64 text on the wire; returns the decoded bytes.
  std::optional<std::string> blob(const char* member, size_t min_length, size_t max_length,
                                  bool required = false);
  std::optional<std::vector<std::string>> string_list(const char* member,
                                                      const StringRule& item_rule = {},
                                                      std::optional<size_t> max_items = {},
                                                      bool required = false);
  // A nested structure; nullopt when absent (or on a type error, which is recorded).
  std::optional<JsonInput> structure(const char* member);
  // A list of structures.
  std::optional<std::vector<JsonInput>> structure_list(const char* member, size_t min_items,
                                                       size_t max_items, bool required = false);

  // Records that `member`'s value breaks a rule of the model that only words can state (a format,
  // a token this API issued): "Value '<value>' at '<member>' failed to satisfy constraint: <rule>".
  void reject(const char* member, const std::string& value, const std::string& rule);

  // The first serialization error, else the validation errors joined as AWS words them.
  Status result() const;

 private:
  JsonInput(const nlohmann::json& body, std::string path, JsonInput* parent)
      : body_(body), path_(std::move(path)), parent_(parent) {}
  const nlohmann::json* find(const char* member, bool required, const char* expected);
  std::string member_path(const char* member) const;
  // Records a validation error (without the value, which may be secret) when length is
  // outside [min_length, max_length].
  bool length_within(const char* member, size_t length, size_t min_length, size_t max_length);
  void add_validation(std::string message);
  void add_serialization(std::string message);

  const nlohmann::json& body_;
  std::string path_;  // "" at the top; "expiryEvents." inside a structure
  JsonInput* parent_ = nullptr;
  std::vector<std::string> validation_errors_;
  std::optional<std::string> serialization_error_;
};

// `value` when `input` recorded no error, else the error its result() reports. Decoders end with
// `return finish(input, std::move(decoded));`.
template <typename T>
Result<T> finish(const JsonInput& input, T value) {
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  return value;
}

}  // namespace certflow::api
