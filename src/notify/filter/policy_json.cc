#include "notify/filter/policy_json.h"

#include <nlohmann/json.hpp>
#include <utility>

namespace certflow::notify::filter::detail {
namespace {

using json = nlohmann::json;

// Builds a Node tree from nlohmann's SAX events; containers under construction live on a stack
// and are moved into their parent when they close.
class TreeBuilder {
 public:
  bool null() { return add(Node{Node::Kind::kNull, {}, {}, {}}); }
  bool boolean(bool v) { return add(Node{v ? Node::Kind::kTrue : Node::Kind::kFalse, {}, {}, {}}); }
  bool number_integer(json::number_integer_t v) { return number(std::to_string(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return number(std::to_string(v)); }
  bool number_float(json::number_float_t, const std::string& literal) { return number(literal); }
  bool string(std::string& v) { return add(Node{Node::Kind::kString, std::move(v), {}, {}}); }
  bool binary(json::binary_t&) { return false; }  // not produced by the JSON reader
  bool start_object(std::size_t) { return open(Node::Kind::kObject); }
  bool key(std::string& k) {
    stack_.back().keys.push_back(std::move(k));
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Node::Kind::kArray); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    error_ = e.what();
    return false;
  }

  Result<Node> result(bool ok) {
    if (!ok || !stack_.empty()) {
      return fail(ErrorCode::kInvalidParameter, error_.empty() ? "invalid JSON" : error_);
    }
    return std::move(root_);
  }

 private:
  bool number(std::string literal) {
    return add(Node{Node::Kind::kNumber, std::move(literal), {}, {}});
  }
  bool add(Node node) {
    if (stack_.empty()) {
      root_ = std::move(node);
    } else {
      stack_.back().items.push_back(std::move(node));
    }
    return true;
  }
  bool open(Node::Kind kind) {
    if (stack_.size() >= kMaxJsonDepth) {
      error_ = std::string(kTooDeep);
      return false;
    }
    stack_.push_back(Node{kind, {}, {}, {}});
    return true;
  }
  bool close() {
    Node done = std::move(stack_.back());
    stack_.pop_back();
    return add(std::move(done));
  }

  std::vector<Node> stack_;
  Node root_;
  std::string error_;
};

}  // namespace

Result<Node> parse_json_tree(std::string_view text) {
  TreeBuilder builder;
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder);
  return builder.result(ok);
}

std::string quote_json(std::string_view text) {
  return json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
}

void append_json(const Node& node, std::string& out, bool drop_objects) {
  using K = Node::Kind;
  switch (node.kind) {
    case K::kNull: out += "null"; return;
    case K::kTrue: out += "true"; return;
    case K::kFalse: out += "false"; return;
    case K::kNumber: out += node.text; return;
    case K::kString: out += quote_json(node.text); return;
    case K::kArray: {
      out += '[';
      bool first = true;
      for (const Node& item : node.items) {
        if (drop_objects && item.kind == K::kObject) continue;
        if (!first) out += ',';
        first = false;
        append_json(item, out, drop_objects);
      }
      out += ']';
      return;
    }
    case K::kObject: {
      out += '{';
      for (std::size_t i = 0; i < node.keys.size(); ++i) {
        if (i != 0) out += ',';
        out += quote_json(node.keys[i]);
        out += ':';
        append_json(node.items[i], out, drop_objects);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace certflow::notify::filter::detail
