// Policy::parse: JSON text to the compiled form, with errors that name the statement and field.
#include <cctype>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "iam/policy_internal.h"

namespace certflow::iam {

using nlohmann::json;

namespace {

using detail::Condition;
using detail::PrincipalSet;
using detail::Statement;
using detail::Text;

// Where an error is: "Statement[1]" plus the statement's Sid once known.
struct Place {
  std::string name;
  std::string sid;

  tl::unexpected<Error> fail(const std::string& field, const std::string& problem) const {
    std::string message = name + (field.empty() ? "" : "." + field) + " " + problem;
    if (!sid.empty()) message += " (Sid \"" + sid + "\")";
    return certflow::fail(ErrorCode::kInvalidParameter, std::move(message));
  }
};

std::string quoted(const json& value) {
  if (value.is_string()) return "\"" + value.get<std::string>() + "\"";
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

bool is_account_id(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A string or an array of strings (IAM lets a one-value list be a bare string).
Result<std::vector<std::string>> string_list(const json& value, const Place& place,
                                             const std::string& field) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (!item.is_string()) {
        return place.fail(field, "must hold only strings, not " + quoted(item));
      }
      out.push_back(item.get<std::string>());
    }
  } else {
    return place.fail(field, "must be a string or an array of strings");
  }
  if (out.empty()) return place.fail(field, "must not be empty");
  return out;
}

Result<PrincipalSet> parse_principal(const json& value, const Place& place,
                                     const std::string& field) {
  PrincipalSet set;
  if (value.is_string()) {
    if (value.get<std::string>() != "*") {
      return place.fail(field,
                        "must be \"*\" or an object such as {\"AWS\": \"123456789012\"} or "
                        "{\"Service\": \"events.amazonaws.com\"}, not " +
                            quoted(value));
    }
    set.everyone = true;
    return set;
  }
  if (!value.is_object() || value.empty()) {
    return place.fail(field, "must be \"*\" or an object with AWS and/or Service entries");
  }
  for (const auto& [key, entries] : value.items()) {
    const std::string where = field + "." + key;
    if (key != "AWS" && key != "Service" && key != "Federated" && key != "CanonicalUser") {
      return place.fail(field, "has an unknown key \"" + key +
                                   "\"; principals are AWS, Service, Federated or CanonicalUser");
    }
    auto list = string_list(entries, place, where);
    if (!list) return tl::unexpected(list.error());
    for (const auto& entry : *list) {
      if (key == "AWS" && entry == "*") {
        set.everyone = true;
      } else if (has_wildcard(entry) || entry.empty()) {
        return place.fail(where, "\"" + entry +
                                     "\" is not a principal; wildcards may only stand alone "
                                     "(\"*\"), never inside a principal name or ARN");
      } else if (key == "AWS") {
        auto parts = detail::split_arn(entry);
        bool arn = parts.size() == 6 && parts[0] == "arn" && !parts[1].empty() &&
                   (parts[2] == "iam" || parts[2] == "sts") && is_account_id(parts[4]) &&
                   !parts[5].empty();
        if (!is_account_id(entry) && !arn) {
          return place.fail(where, "\"" + entry +
                                       "\" must be \"*\", a 12-digit account id or an IAM ARN "
                                       "such as arn:aws:iam::123456789012:root");
        }
        set.aws.push_back(entry);
      } else if (key == "Service") {
        set.services.push_back(entry);
      }
      // Federated and CanonicalUser principals are accepted but never match: certflow has no
      // such callers.
    }
  }
  return set;
}

Result<std::vector<detail::Glob>> parse_actions(const json& value, const Place& place,
                                                const std::string& field) {
  auto list = string_list(value, place, field);
  if (!list) return tl::unexpected(list.error());
  std::vector<detail::Glob> actions;
  for (const auto& action : *list) {
    if (action != "*") {
      auto colon = action.find(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == action.size()) {
        return place.fail(field, "\"" + action +
                                     "\" must be \"*\" or service:action with a service prefix, "
                                     "e.g. \"sns:Publish\"");
      }
      if (action.find(':', colon + 1) != std::string::npos) {
        return place.fail(field, "\"" + action + "\" may contain only one colon");
      }
    }
    actions.push_back(detail::wildcard_glob(action));
  }
  return actions;
}

Result<std::vector<Text>> parse_resources(const json& value, const Place& place,
                                          const std::string& field, bool variables) {
  auto list = string_list(value, place, field);
  if (!list) return tl::unexpected(list.error());
  std::vector<Text> resources;
  for (const auto& resource : *list) {
    if (resource != "*") {
      auto parts = detail::split_arn(resource);
      if (parts.size() < 3 || parts[0] != "arn" || parts[2].empty()) {
        return place.fail(field, "\"" + resource +
                                     "\" must be \"*\" or an ARN "
                                     "(arn:partition:service:region:account:resource)");
      }
      if (has_wildcard(parts[2])) {
        return place.fail(field, "\"" + resource + "\" has a wildcard in its service segment (\"" +
                                     std::string(parts[2]) + "\"), which IAM does not allow");
      }
    }
    resources.push_back(Text{resource, variables && resource.find("${") != std::string::npos});
  }
  return resources;
}

Result<std::vector<Condition>> parse_conditions(const json& value, const Place& place,
                                                bool variables) {
  if (!value.is_object()) {
    return place.fail("Condition",
                      "must be an object of operators, e.g. "
                      "{\"ArnEquals\": {\"aws:SourceArn\": \"arn:...\"}}");
  }
  std::vector<Condition> conditions;
  for (const auto& [op, keys] : value.items()) {
    Condition base;
    if (!detail::parse_operator(op, base)) {
      std::string hint;
      for (std::string_view known : {"StringEquals", "StringNotEquals", "StringLike",
                                     "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals",
                                     "ArnNotLike", "Bool", "Null", "IpAddress", "NumericEquals"}) {
        if (detail::iequals(op, known))
          hint = "; operator names are case-sensitive: \"" + std::string(known) + "\"";
      }
      return place.fail("Condition", "has an unknown operator \"" + op + "\"" + hint +
                                         " (known: String*, Numeric*, Date*, Bool, BinaryEquals, "
                                         "IpAddress, NotIpAddress, Arn*, Null; optionally with "
                                         "an IfExists suffix or a ForAnyValue:/ForAllValues: "
                                         "prefix)");
    }
    const std::string field = "Condition." + op;
    if (!keys.is_object()) {
      return place.fail(field,
                        "must be an object of condition keys to values, e.g. "
                        "{\"aws:SourceArn\": \"arn:...\"}");
    }
    for (const auto& [key, values] : keys.items()) {
      const std::string where = field + "." + key;
      if (key.empty()) return place.fail(field, "has an empty condition key");
      Condition condition = base;
      condition.key = key;
      std::vector<json> items;
      if (values.is_array()) {
        items.assign(values.begin(), values.end());
      } else {
        items.push_back(values);
      }
      for (const auto& item : items) {
        std::string text;
        if (item.is_string()) {
          text = item.get<std::string>();
        } else if (item.is_number_float() && !std::isfinite(item.get<double>())) {
          return place.fail(where, "values must be finite numbers");
        } else if (item.is_boolean() || item.is_number()) {
          text = item.dump();  // IAM takes true and 10 for "true" and "10"
        } else {
          return place.fail(
              where, "values must be strings (or numbers and booleans), not " + quoted(item));
        }
        Text entry{text, variables && detail::allows_variables(condition.family) &&
                             text.find("${") != std::string::npos};
        if (auto problem = detail::check_condition_value(condition, entry); !problem.empty()) {
          return place.fail(where, "value \"" + text + "\" " + problem);
        }
        condition.values.push_back(std::move(entry));
      }
      conditions.push_back(std::move(condition));
    }
  }
  return conditions;
}

const std::set<std::string, std::less<>> kStatementFields = {
    "Sid",       "Effect",   "Principal",   "NotPrincipal", "Action",
    "NotAction", "Resource", "NotResource", "Condition"};

Result<Statement> parse_statement(const json& value, Place& place, PolicyKind kind,
                                  bool variables) {
  if (!value.is_object()) return place.fail("", "must be an object, not " + quoted(value));
  Statement st;
  if (auto it = value.find("Sid"); it != value.end()) {
    if (!it->is_string()) return place.fail("Sid", "must be a string");
    st.sid = it->get<std::string>();
    if (kind == PolicyKind::kIdentity) {
      for (char c : st.sid) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
          return place.fail("Sid", "\"" + st.sid + "\" must be alphanumeric ([A-Za-z0-9]*)");
        }
      }
    }
    place.sid = st.sid;
  }
  for (const auto& [key, _] : value.items()) {
    if (!kStatementFields.contains(key)) {
      return place.fail("", "has an unknown field \"" + key +
                                "\"; a statement has Sid, Effect, Principal, NotPrincipal, "
                                "Action, NotAction, Resource, NotResource and Condition");
    }
  }
  auto effect = value.find("Effect");
  if (effect == value.end()) {
    return place.fail("Effect", "is missing; it must be \"Allow\" or \"Deny\"");
  }
  if (*effect != "Allow" && *effect != "Deny") {
    return place.fail("Effect", "must be \"Allow\" or \"Deny\", not " + quoted(*effect));
  }
  st.allow = *effect == "Allow";

  // Exactly one of each pair.
  auto pick = [&](const char* yes, const char* no, bool& negated) -> Result<const json*> {
    auto a = value.find(yes), b = value.find(no);
    if (a != value.end() && b != value.end()) {
      return place.fail("", std::string("has both ") + yes + " and " + no + "; use one");
    }
    negated = b != value.end();
    if (a == value.end() && b == value.end()) return nullptr;
    return &*(negated ? b : a);
  };

  auto principal = pick("Principal", "NotPrincipal", st.not_principal);
  if (!principal) return tl::unexpected(principal.error());
  const char* principal_field = st.not_principal ? "NotPrincipal" : "Principal";
  if (kind == PolicyKind::kIdentity && *principal) {
    return place.fail(principal_field,
                      "is not allowed in an identity policy: the policy "
                      "applies to the user or role it is attached to");
  }
  if (kind == PolicyKind::kResource && !*principal) {
    return place.fail("",
                      "needs a Principal (or NotPrincipal): a resource policy names whom "
                      "it applies to, e.g. \"Principal\": {\"Service\": "
                      "\"events.amazonaws.com\"}");
  }
  if (*principal) {
    auto set = parse_principal(**principal, place, principal_field);
    if (!set) return tl::unexpected(set.error());
    st.principal = std::move(*set);
  }

  auto action = pick("Action", "NotAction", st.not_action);
  if (!action) return tl::unexpected(action.error());
  if (!*action) {
    return place.fail("", "must contain an Action (or NotAction), e.g. \"sns:Publish\"");
  }
  auto actions = parse_actions(**action, place, st.not_action ? "NotAction" : "Action");
  if (!actions) return tl::unexpected(actions.error());
  st.actions = std::move(*actions);

  auto resource = pick("Resource", "NotResource", st.not_resource);
  if (!resource) return tl::unexpected(resource.error());
  if (!*resource) {
    return place.fail("", "must contain a Resource (or NotResource): \"*\" or an ARN");
  }
  auto resources =
      parse_resources(**resource, place, st.not_resource ? "NotResource" : "Resource", variables);
  if (!resources) return tl::unexpected(resources.error());
  st.resources = std::move(*resources);

  if (auto it = value.find("Condition"); it != value.end()) {
    auto conditions = parse_conditions(*it, place, variables);
    if (!conditions) return tl::unexpected(conditions.error());
    st.conditions = std::move(*conditions);
  }
  return st;
}

}  // namespace

Result<Policy> Policy::parse(std::string_view json_text, PolicyKind kind) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return certflow::fail(ErrorCode::kInvalidParameter, "This policy contains invalid Json");
  }
  if (!doc.is_object()) {
    return certflow::fail(ErrorCode::kInvalidParameter,
                          "A policy must be a JSON object with a Statement");
  }
  for (const auto& [key, _] : doc.items()) {
    if (key != "Version" && key != "Id" && key != "Statement") {
      return certflow::fail(
          ErrorCode::kInvalidParameter,
          "Unknown top-level field \"" + key + "\"; a policy has only Version, Id and Statement");
    }
  }
  // Absent Version means 2008-10-17, which leaves ${...} as literal text.
  bool variables = false;
  if (auto it = doc.find("Version"); it != doc.end()) {
    if (*it != "2012-10-17" && *it != "2008-10-17") {
      return certflow::fail(ErrorCode::kInvalidParameter,
                            "Version must be \"2012-10-17\" or \"2008-10-17\", not " + quoted(*it));
    }
    variables = *it == "2012-10-17";
  }
  if (auto it = doc.find("Id"); it != doc.end() && !it->is_string()) {
    return certflow::fail(ErrorCode::kInvalidParameter, "Id must be a string");
  }
  auto statements = doc.find("Statement");
  if (statements == doc.end()) {
    return certflow::fail(ErrorCode::kInvalidParameter,
                          "A policy needs a Statement (an object or an array of objects)");
  }
  if (statements->is_array() && statements->empty()) {
    return certflow::fail(ErrorCode::kInvalidParameter,
                          "Statement must hold at least one statement");
  }
  auto compiled = std::make_shared<detail::CompiledPolicy>();
  compiled->text = std::string(json_text);
  std::vector<std::pair<const json*, std::string>> items;
  if (statements->is_array()) {
    for (std::size_t i = 0; i < statements->size(); ++i) {
      items.emplace_back(&(*statements)[i], "Statement[" + std::to_string(i) + "]");
    }
  } else {
    items.emplace_back(&*statements, "Statement");
  }
  std::map<std::string, std::string> sids;  // Sid -> where it was first used
  for (const auto& [item, name] : items) {
    Place place{name, ""};
    auto st = parse_statement(*item, place, kind, variables);
    if (!st) return tl::unexpected(st.error());
    if (!st->sid.empty()) {
      if (auto [it, fresh] = sids.emplace(st->sid, name); !fresh) {
        place.sid.clear();  // the message names it already
        return place.fail("Sid", "\"" + st->sid + "\" is also used by " + it->second +
                                     "; Sids must be unique within a policy");
      }
    }
    compiled->statements.push_back(std::move(*st));
  }
  return Policy(std::move(compiled));
}

}  // namespace certflow::iam
