// Fuzzes SNS filter policies. The bytes are compiled as a policy in both scopes (MessageBody
// must accept whatever MessageAttributes accepts: the scopes differ only in nesting), and an
// accepted policy is matched against a few messages. The same bytes are also published against
// fixed policies, as a message body and as String, Number and String.Array attribute values,
// which must be answered without crashing however malformed they are.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "notify/filter/filter_policy.h"

namespace {

namespace filter = certflow::notify::filter;
using Attributes = std::map<std::string, filter::TypedAttribute>;

const char* const kBodies[] = {
    R"({"a":"x","b":{"c":[1,2.5,"x",null,true]},"d":[{"e":"10.0.0.1","f":-3},{"e":"X"}]})",
    R"({"detail-type":"ACM Certificate Expired","source":"aws.acm","detail":{"DaysToExpiry":0}})",
    R"({"a.b":"v","a":{"b":["w"],"c":{}},"$or":"x","resources":[]})",
    "plain text",
};

const char* const kPolicies[] = {
    R"({"a":["x",1,true,null],"b":[{"prefix":"x"},{"suffix":"y"}]})",
    R"({"a":[{"anything-but":[100,500]},{"exists":false}],"n":[{"numeric":[">",0,"<=",5]}]})",
    R"({"a":[{"cidr":"10.0.0.0/8"},{"cidr":"2001:db8::/32"},{"equals-ignore-case":"X"}]})",
    R"({"$or":[{"a":[{"wildcard":"x*y"}]},{"b":[{"anything-but":{"prefix":"p"}}]}]})",
};

const char* const kBodyPolicies[] = {
    R"({"a":{"b":["v","w"]},"d":{"e":[{"exists":true}]}})",
    R"({"detail-type":["ACM Certificate Expired"],"detail":{"DaysToExpiry":[{"numeric":["<=",0]}]}})",
    R"({"a.b":[{"prefix":""}],"$or":[{"x":[null]},{"resources":[{"exists":false}]}]})",
};

Attributes attributes_from(std::string_view bytes) {
  const std::string value(bytes);
  return {{"a", {"String", value}},
          {"b", {"String.Array", value}},
          {"n", {"Number", value}},
          {"img", {"Binary", value}}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Attributes published = attributes_from(text);

  auto attributes_policy = filter::FilterPolicy::compile(text, filter::Scope::kMessageAttributes);
  auto body_policy = filter::FilterPolicy::compile(text, filter::Scope::kMessageBody);
  if (attributes_policy && !body_policy) __builtin_trap();
  if (attributes_policy) {
    (void)attributes_policy->matches(text, published);
    (void)attributes_policy->matches("", {{"a", {"Number", "2.048e3"}}});
  }
  if (body_policy) {
    for (const char* body : kBodies) (void)body_policy->matches(body, {});
    (void)body_policy->matches(text, {});
  }
  if (!attributes_policy && attributes_policy.error().message.empty()) __builtin_trap();

  static const std::vector<filter::FilterPolicy> fixed = [] {
    std::vector<filter::FilterPolicy> out;
    for (const char* p : kPolicies)
      out.push_back(*filter::FilterPolicy::compile(p, filter::Scope::kMessageAttributes));
    for (const char* p : kBodyPolicies)
      out.push_back(*filter::FilterPolicy::compile(p, filter::Scope::kMessageBody));
    return out;
  }();
  for (const auto& policy : fixed) (void)policy.matches(text, published);
  return 0;
}
