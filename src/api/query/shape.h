// A small model of an operation's input and output, enough to carry the query protocol to and
// from the JSON protocol's form of the same data: a service decodes and encodes JSON once, and
// the query protocol reuses that through these shapes (as AWS's models describe both).
//
// Names follow the service model: a member's JSON name ("Attributes"), its serialized query/XML
// name when the model gives one ("Attribute"), lists as "Name.member.N" or, flattened,
// "ItemName.N", maps as "Name.entry.N.key/value" or, flattened, "Name.N.<KeyName>/<ValueName>".
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/query/form.h"
#include "api/query/xml_writer.h"

namespace certflow::api::query {

struct Shape;
using ShapePtr = std::shared_ptr<const Shape>;

struct Member {
  std::string name;  // the JSON member name
  ShapePtr shape;
  std::string serialized_name;  // query/XML name; empty = name
  const std::string& wire_name() const { return serialized_name.empty() ? name : serialized_name; }
};

struct Shape {
  // Blobs are kString (base64 in both protocols).
  enum class Kind { kString, kInteger, kBoolean, kList, kMap, kStructure };
  Kind kind = Kind::kString;
  std::vector<Member> members;  // kStructure
  ShapePtr item;                // kList: the element; kMap: the value
  std::string item_name;        // kList: "member" or the element's serialized name
  std::string key_name;         // kMap
  std::string value_name;       // kMap
  bool flattened = false;       // kList, kMap
};

ShapePtr string_shape();
ShapePtr integer_shape();
ShapePtr boolean_shape();
ShapePtr list_shape(ShapePtr item, std::string item_name = "member", bool flattened = false);
ShapePtr map_shape(ShapePtr value, std::string key_name = "key", std::string value_name = "value",
                   bool flattened = false);
ShapePtr structure_shape(std::vector<Member> members);

// The JSON protocol's form of a query request's members. Integers and booleans become JSON
// numbers and booleans when they parse as such and stay strings otherwise, so the service's JSON
// decoder reports a wrong type in its own words. Parameters no member names are ignored (Action,
// Version, and anything unknown).
nlohmann::json form_to_json(const FormParams& params, const Shape& input);

// Writes the members of `output` (the JSON protocol's answer) as the query protocol's XML
// elements, in the shape's member order. Members the shape does not name are not written.
void json_to_xml(const nlohmann::json& output, const Shape& shape, XmlWriter& xml);

}  // namespace certflow::api::query
