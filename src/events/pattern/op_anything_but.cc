// anything-but: a value, a list of strings or of numbers, or one of its prefix / suffix /
// equals-ignore-case / wildcard forms. Messages follow AWS where it differs from event-ruler.
#include <string>

#include "events/pattern/case_fold.h"
#include "events/pattern/compile_internal.h"
#include "events/pattern/numbers.h"

namespace certflow::events::pattern::detail {

using K = PValue::Kind;

namespace {

constexpr const char* kAnythingButValue =
    "Value of anything-but must be an array or single string/number value.";

// The object form of anything-but: prefix, suffix, equals-ignore-case or wildcard, each with
// one operand or a list.
Checked anything_but_object(const PValue& v, const Limits& limits, Field& f, Exclusion& e) {
  if (v.keys.empty()) return bad(v, f, "Match expression name not found");
  const std::string& key = v.keys[0];
  const PValue& operand = v.items[0];
  const std::vector<PValue> single{operand};
  const std::vector<PValue>& list = operand.kind == K::kArray ? operand.items : single;
  if (key == "prefix" || key == "suffix") {
    e.kind = key == "prefix" ? ExclusionKind::kPrefix : ExclusionKind::kSuffix;
    if (operand.kind == K::kObject) return bad(operand, f, kAnythingButValue);
    if (operand.kind == K::kArray && list.empty())
      return bad(operand, f, "Empty arrays are not allowed");
    for (const PValue& item : list) {
      if (item.kind != K::kString)
        return bad(item, f, "prefix/suffix match pattern must be a string");
      if (item.text.empty()) return bad(item, f, "Null prefix/suffix not allowed");
      e.strings.push_back(item.text);
    }
  } else if (key == "equals-ignore-case") {
    e.kind = ExclusionKind::kIgnoreCase;
    if (operand.kind == K::kObject) return bad(operand, f, kAnythingButValue);
    if (operand.kind == K::kArray && list.empty())
      return bad(operand, f, "Empty arrays are not allowed");
    for (const PValue& item : list) {
      if (item.kind != K::kString) {
        return bad(item, f,
                   "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not "
                   "supported.");
      }
      e.ignore_case.push_back(make_case_program(item.text));
      e.strings.push_back(item.text);
    }
  } else if (key == "wildcard") {
    e.kind = ExclusionKind::kWildcard;
    if (operand.kind == K::kArray && list.empty())
      return bad(operand, f, "Empty arrays are not allowed");
    for (const PValue& item : list) {
      if (item.kind != K::kString) return bad(item, f, "wildcard match pattern must be a string");
      auto w = wildcard_operand(item, limits, f);
      if (!w) return tl::unexpected(w.error());
      e.wildcards.push_back(std::move(*w));
    }
  } else {
    return bad(v, f, "Unsupported anything-but pattern: " + key);
  }
  return only_one_key(v, f);
}

}  // namespace

Checked parse_anything_but(const PValue& v, const Limits& limits, Field& f) {
  Op op;
  op.kind = OpKind::kAnythingBut;
  Exclusion& e = op.exclusion;
  auto add_number = [&](const PValue& n) {
    const NumberInfo info = analyze_number(n.text);
    if (info.comparable) {
      e.numbers.push_back(info.value);
    } else {
      e.strings.push_back(n.text);  // matched by literal text, like an exact non-comparable
    }
  };
  switch (v.kind) {
    case K::kString:
      e.kind = ExclusionKind::kStrings;
      e.strings.push_back(v.text);
      break;
    case K::kNumber:
      e.kind = ExclusionKind::kNumbers;
      add_number(v);
      break;
    case K::kArray: {
      bool strings = false, numbers = false;
      for (const PValue& item : v.items) {
        if (item.kind == K::kString) {
          strings = true;
        } else if (item.kind == K::kNumber) {
          numbers = true;
        } else {
          return bad(item, f, "Inside anything but list, start|null|boolean is not supported.");
        }
      }
      if (strings == numbers) {
        return bad(v, f,
                   "Inside anything but list, either all values are number or string, mixed type "
                   "is not supported");
      }
      e.kind = strings ? ExclusionKind::kStrings : ExclusionKind::kNumbers;
      for (const PValue& item : v.items) {
        if (strings) {
          e.strings.push_back(item.text);
        } else {
          add_number(item);
        }
      }
      break;
    }
    case K::kObject: {
      auto st = anything_but_object(v, limits, f, e);
      if (!st) return st;
      break;
    }
    default: return bad(v, f, kAnythingButValue);
  }
  f.ops.push_back(std::move(op));
  return {};
}

}  // namespace certflow::events::pattern::detail
