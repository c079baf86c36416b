// The door of the filter room: SNS subscription filter policies (FilterPolicy,
// FilterPolicyScope). SNS's own validation (its reasons, 5 keys, 150 combinations) runs first;
// matching is done by the EventBridge pattern engine (events/pattern/pattern.h), which shares
// the operators. Two front ends build the "event" the engine sees:
//   MessageAttributes scope  a flat object of the typed attributes: String → string,
//                            Number → number, String.Array → its elements, Binary left out;
//   MessageBody scope        the message itself, which must be a JSON object (anything else
//                            never matches); dotted keys and nesting are the same path.
// docs/FILTER_POLICIES.md describes the language and every difference from EventBridge.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace certflow::notify::filter {

enum class Scope { kMessageAttributes, kMessageBody };

// "MessageAttributes" / "MessageBody". Otherwise kInvalidParameter whose message is SNS's whole
// text: "Invalid parameter: FilterPolicyScope: Invalid value [X]. Please use either
// MessageBody or MessageAttributes".
Result<Scope> parse_scope(std::string_view text);

struct TypedAttribute {
  std::string data_type;  // String, String.Array, Number, Binary (String/Number/Binary may
                          // carry a custom suffix: "Number.float")
  std::string value;      // StringValue; for String.Array the JSON array text
};

namespace detail {
struct CompiledFilter;
}  // namespace detail

class FilterPolicy {
 public:
  // Validates and compiles a policy for `scope`. A refusal is kInvalidParameter, and the caller
  // tells the two kinds of message apart by their start:
  //  * normally the message is SNS's bare reason (`"k" must be an object or an array`,
  //    `Filter policy can not have more than 5 keys`, ...), to be prefixed with
  //    "Invalid parameter: FilterPolicy: " (SetSubscriptionAttributes) or
  //    "Invalid parameter: Attributes Reason: FilterPolicy: " (Subscribe);
  //  * a message that already starts with "Invalid parameter: " is whole and must be sent as
  //    it is. Only the refusal of a nested policy under MessageAttributes is such a message:
  //    "Invalid parameter: Filter policy scope MessageAttributes does not support nested
  //    filter policy".
  static Result<FilterPolicy> compile(std::string_view policy_json, Scope scope);

  // Does a published message pass? MessageBody scope reads only `message_body`,
  // MessageAttributes scope only `attributes`. Never fails: input that cannot match
  // (a body that is not a JSON object) simply does not.
  bool matches(std::string_view message_body,
               const std::map<std::string, TypedAttribute>& attributes) const;

  const std::string& text() const { return text_; }
  Scope scope() const { return scope_; }

 private:
  FilterPolicy() = default;

  std::string text_;
  Scope scope_ = Scope::kMessageAttributes;
  std::shared_ptr<const detail::CompiledFilter> compiled_;  // immutable, shared by copies
};

}  // namespace certflow::notify::filter
