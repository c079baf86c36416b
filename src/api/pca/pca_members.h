// The members Private CA's requests share (ARNs, the CA subject, the revocation configuration,
// tags, idempotency tokens), checked against the model: lengths and enums through JsonInput, the
// model's patterns written out as character rules (std::regex recurses once per character).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_input.h"
#include "inventory/pca/pca.h"
#include "store/store.h"

namespace certflow::api::privateca {

// The model's Arn shape (CA, issued-certificate and template ARNs): 5..200 characters of
// arn:[\w+=/,.@-]+:acm-pca:[\w+=/,.@-]*:[0-9]*:[\w+=,.@-]+(/[\w+=,.@-]+)*
std::optional<std::string> arn_member(JsonInput& input, const char* member, bool required);
bool arn_pattern_ok(std::string_view value);

// JsonInput reads structures and booleans as optional; these record the model's "must not be
// null" for the required ones. `raw` is the JSON object `input` reads.
bool require_present(JsonInput& input, const nlohmann::json& raw, const char* member);
std::optional<bool> required_boolean(JsonInput& input, const nlohmann::json& raw,
                                     const char* member);
// The object `member` of `raw` when it is one (after JsonInput::structure accepted it).
const nlohmann::json& raw_member(const nlohmann::json& raw, const char* member);

// IdempotencyToken: 1..36 characters of [\u0009\u000A\u000D\u0020-\u00FF].
std::optional<std::string> idempotency_token(JsonInput& input);

// ASN1Subject. Sets `custom_attributes` when the subject names CustomAttributes (well formed per
// the model), which certflow cannot write into a name.
pki::DistinguishedName subject_member(JsonInput& input, bool& custom_attributes);

// RevocationConfiguration; nullopt when absent. Sets `omit_extension` when the CRL
// configuration asks to leave the CRL distribution point out of issued certificates, which
// certflow does not do.
std::optional<certflow::pca::RevocationConfiguration> revocation_member(JsonInput& input,
                                                                        const nlohmann::json& raw,
                                                                        bool& omit_extension);

// A TagList (1..50 items; keys 1..128, values 0..256). Characters and the "aws:" prefix are the
// engine's to judge (InvalidTagException), as for ACM.
std::vector<store::Tag> tags_member(JsonInput& input, bool required);

// "Member must satisfy regular expression pattern: <pattern>".
std::string pattern_rule(const char* pattern);

// A string member within `rule` whose value must also pass `check`, the model's `pattern`
// written out; the message shows `pattern` as AWS does.
using PatternCheck = bool (*)(std::string_view);
std::optional<std::string> patterned(JsonInput& input, const char* member, const StringRule& rule,
                                     PatternCheck check, const char* pattern,
                                     bool required = false);

}  // namespace certflow::api::privateca
