#include "api/query/shape.h"

#include <charconv>

namespace certflow::api::query {

using nlohmann::json;

namespace {

ShapePtr scalar(Shape::Kind kind) {
  auto shape = std::make_shared<Shape>();
  shape->kind = kind;
  return shape;
}

// True when params holds `key` itself or anything below it ("key.…").
bool present(const FormParams& params, const std::string& key) {
  auto it = params.lower_bound(key);
  if (it == params.end()) return false;
  const std::string& found = it->first;
  return found == key || (found.size() > key.size() && found.compare(0, key.size(), key) == 0 &&
                          found[key.size()] == '.');
}

json read_value(const FormParams& params, const std::string& key, const Shape& shape);

json read_scalar(const std::string& text, Shape::Kind kind) {
  if (kind == Shape::Kind::kInteger) {
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!text.empty() && ec == std::errc() && ptr == text.data() + text.size()) return value;
  } else if (kind == Shape::Kind::kBoolean) {
    if (text == "true") return true;
    if (text == "false") return false;
  }
  return text;
}

json read_structure(const FormParams& params, const std::string& prefix, const Shape& shape) {
  json out = json::object();
  for (const Member& member : shape.members) {
    const std::string key = prefix.empty() ? member.wire_name() : prefix + "." + member.wire_name();
    json value = read_value(params, key, *member.shape);
    if (!value.is_null()) out[member.name] = std::move(value);
  }
  return out;
}

json read_list(const FormParams& params, const std::string& key, const Shape& shape) {
  // A flattened list's elements take the element's name in place of the member's.
  std::string base = key + "." + shape.item_name;
  if (shape.flattened) {
    const size_t dot = key.rfind('.');
    const std::string parent = dot == std::string::npos ? "" : key.substr(0, dot + 1);
    base = shape.item_name == "member" ? key : parent + shape.item_name;
  }
  json out = json::array();
  for (size_t i = 1;; ++i) {
    const std::string element = base + "." + std::to_string(i);
    if (!present(params, element)) break;
    out.push_back(read_value(params, element, *shape.item));
  }
  return out.empty() ? json() : out;
}

json read_map(const FormParams& params, const std::string& key, const Shape& shape) {
  const std::string base = shape.flattened ? key : key + ".entry";
  json out = json::object();
  for (size_t i = 1;; ++i) {
    const std::string entry = base + "." + std::to_string(i);
    auto name = params.find(entry + "." + shape.key_name);
    if (name == params.end()) break;
    json value = read_value(params, entry + "." + shape.value_name, *shape.item);
    out[name->second] = value.is_null() ? json("") : std::move(value);
  }
  return out.empty() ? json() : out;
}

json read_value(const FormParams& params, const std::string& key, const Shape& shape) {
  switch (shape.kind) {
    case Shape::Kind::kString:
    case Shape::Kind::kInteger:
    case Shape::Kind::kBoolean: {
      auto it = params.find(key);
      return it == params.end() ? json() : read_scalar(it->second, shape.kind);
    }
    case Shape::Kind::kList: return read_list(params, key, shape);
    case Shape::Kind::kMap: return read_map(params, key, shape);
    case Shape::Kind::kStructure: {
      if (!present(params, key)) return json();
      json value = read_structure(params, key, shape);
      return value.empty() ? json() : value;
    }
  }
  return json();
}

std::string scalar_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  return value.dump();
}

void write_value(const json& value, const std::string& name, const Shape& shape, XmlWriter& xml) {
  switch (shape.kind) {
    case Shape::Kind::kString:
    case Shape::Kind::kInteger:
    case Shape::Kind::kBoolean: xml.element(name, scalar_text(value)); return;
    case Shape::Kind::kList:
      if (!value.is_array()) return;
      if (shape.flattened) {
        const std::string element = shape.item_name == "member" ? name : shape.item_name;
        for (const json& item : value) write_value(item, element, *shape.item, xml);
        return;
      }
      xml.open(name);
      for (const json& item : value) write_value(item, shape.item_name, *shape.item, xml);
      xml.close();
      return;
    case Shape::Kind::kMap:
      if (!value.is_object()) return;
      if (!shape.flattened) xml.open(name);
      for (const auto& [key, item] : value.items()) {
        xml.open(shape.flattened ? name : "entry");
        xml.element(shape.key_name, key);
        write_value(item, shape.value_name, *shape.item, xml);
        xml.close();
      }
      if (!shape.flattened) xml.close();
      return;
    case Shape::Kind::kStructure:
      if (!value.is_object()) return;
      xml.open(name);
      json_to_xml(value, shape, xml);
      xml.close();
      return;
  }
}

}  // namespace

ShapePtr string_shape() { return scalar(Shape::Kind::kString); }
ShapePtr integer_shape() { return scalar(Shape::Kind::kInteger); }
ShapePtr boolean_shape() { return scalar(Shape::Kind::kBoolean); }

ShapePtr list_shape(ShapePtr item, std::string item_name, bool flattened) {
  auto shape = std::make_shared<Shape>();
  shape->kind = Shape::Kind::kList;
  shape->item = std::move(item);
  shape->item_name = std::move(item_name);
  shape->flattened = flattened;
  return shape;
}

ShapePtr map_shape(ShapePtr value, std::string key_name, std::string value_name, bool flattened) {
  auto shape = std::make_shared<Shape>();
  shape->kind = Shape::Kind::kMap;
  shape->item = std::move(value);
  shape->key_name = std::move(key_name);
  shape->value_name = std::move(value_name);
  shape->flattened = flattened;
  return shape;
}

ShapePtr structure_shape(std::vector<Member> members) {
  auto shape = std::make_shared<Shape>();
  shape->kind = Shape::Kind::kStructure;
  shape->members = std::move(members);
  return shape;
}

json form_to_json(const FormParams& params, const Shape& input) {
  return read_structure(params, "", input);
}

void json_to_xml(const json& output, const Shape& shape, XmlWriter& xml) {
  if (!output.is_object()) return;
  for (const Member& member : shape.members) {
    auto it = output.find(member.name);
    if (it == output.end() || it->is_null()) continue;
    write_value(*it, member.wire_name(), *member.shape, xml);
  }
}

}  // namespace certflow::api::query
