#include "events/pattern/flatten.h"

#include "events/pattern/numbers.h"

namespace certflow::events::pattern::detail {

namespace od = simdjson::ondemand;

PathTrie::PathTrie() : nodes_(1) {}

std::uint32_t PathTrie::add(std::string_view joined) {
  std::uint32_t at = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = joined.find('.', start);
    const std::string_view seg = joined.substr(start, dot == joined.npos ? joined.npos : dot - start);
    std::int64_t next = -1;
    for (const auto& [k, n] : nodes_[at].children) {
      if (k == seg) next = n;
    }
    if (next < 0) {
      next = static_cast<std::int64_t>(nodes_.size());
      nodes_[at].children.emplace_back(std::string(seg), static_cast<std::uint32_t>(next));
      nodes_.emplace_back();
    }
    at = static_cast<std::uint32_t>(next);
    if (dot == joined.npos) break;
    start = dot + 1;
  }
  if (nodes_[at].path < 0) nodes_[at].path = static_cast<std::int32_t>(path_count_++);
  return static_cast<std::uint32_t>(nodes_[at].path);
}

std::int64_t PathTrie::child(std::uint32_t from, std::string_view key) const {
  std::uint32_t at = from;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    const std::string_view seg = key.substr(start, dot == key.npos ? key.npos : dot - start);
    std::int64_t next = -1;
    for (const auto& [k, n] : nodes_[at].children) {
      if (k.size() == seg.size() && k == seg) {
        next = n;
        break;
      }
    }
    if (next < 0) return -1;
    at = static_cast<std::uint32_t>(next);
    if (dot == key.npos) return at;
    start = dot + 1;
  }
}

bool consistent(const FlatEvent& ev, const Leaf& a, const Leaf& b) {
  const std::uint32_t n = std::min(a.trail_size, b.trail_size);
  for (std::uint32_t i = 0; i < n; ++i) {
    const ArrayStep& x = ev.trails[a.trail_begin + i];
    const ArrayStep& y = ev.trails[b.trail_begin + i];
    if (x.first != y.first) return true;  // different arrays: the paths parted before here
    if (x.second != y.second) return false;
  }
  return true;
}

namespace {

bool is_json_number(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t b = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - b;
  };
  if (i < s.size() && s[i] == '-') ++i;
  const std::size_t int_start = i;
  const std::size_t n = digits();
  if (n == 0 || (n > 1 && s[int_start] == '0')) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

class Walker {
 public:
  Walker(const PathTrie& trie, FlatEvent& out) : trie_(trie), out_(out) {}

  simdjson::error_code object(od::object obj, std::uint32_t node) {
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return e;
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return e;
      const std::int64_t child = trie_.child(node, key);
      if (child < 0) continue;  // on-demand skips the unread value
      if (auto e = value(field.value(), static_cast<std::uint32_t>(child))) return e;
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code value(od::value v, std::uint32_t node) {
    od::json_type type;
    if (auto e = v.type().get(type)) return e;
    const PathTrie::Node& n = trie_.node(node);
    switch (type) {
      case od::json_type::object: {
        if (n.children.empty()) return simdjson::SUCCESS;
        od::object obj;
        if (auto e = v.get_object().get(obj)) return e;
        return object(obj, node);
      }
      case od::json_type::array: {
        od::array arr;
        if (auto e = v.get_array().get(arr)) return e;
        const std::uint32_t id = next_array_++;
        std::uint32_t index = 0;
        for (auto element : arr) {
          od::value ev;
          if (auto e = std::move(element).get(ev)) return e;
          trail_.emplace_back(id, index++);
          auto e = value(ev, node);
          trail_.pop_back();
          if (e) return e;
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::string: {
        if (n.path < 0) return simdjson::SUCCESS;
        LeafValue leaf;
        leaf.type = LeafType::kString;
        if (auto e = v.get_string().get(leaf.text)) return e;
        emit(n.path, leaf);
        return simdjson::SUCCESS;
      }
      case od::json_type::number: {
        if (n.path < 0) return simdjson::SUCCESS;
        LeafValue leaf;
        leaf.type = LeafType::kNumber;
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' ||
                                raw.back() == '\t')) {
          raw.remove_suffix(1);
        }
        // raw_json_token does not check the number; "1x" or "-" must not become a leaf.
        if (!is_json_number(raw)) return simdjson::NUMBER_ERROR;
        leaf.text = raw;
        const NumberInfo info = analyze_number(raw);
        leaf.number = info.value;
        leaf.comparable = info.comparable;
        emit(n.path, leaf);
        return simdjson::SUCCESS;
      }
      case od::json_type::boolean: {
        if (n.path < 0) return simdjson::SUCCESS;
        bool b = false;
        if (auto e = v.get_bool().get(b)) return e;
        LeafValue leaf;
        leaf.type = b ? LeafType::kTrue : LeafType::kFalse;
        emit(n.path, leaf);
        return simdjson::SUCCESS;
      }
      case od::json_type::null: {
        if (n.path < 0) return simdjson::SUCCESS;
        bool is_null = false;
        if (auto e = v.is_null().get(is_null)) return e;
        if (!is_null) return simdjson::INCORRECT_TYPE;
        LeafValue leaf;
        leaf.type = LeafType::kNull;
        emit(n.path, leaf);
        return simdjson::SUCCESS;
      }
    }
    return simdjson::SUCCESS;
  }

 private:
  void emit(std::int32_t path, const LeafValue& value) {
    Leaf leaf;
    leaf.path = static_cast<std::uint32_t>(path);
    leaf.value = value;
    if (!trail_.empty()) {
      leaf.trail_begin = static_cast<std::uint32_t>(out_.trails.size());
      leaf.trail_size = static_cast<std::uint32_t>(trail_.size());
      out_.trails.insert(out_.trails.end(), trail_.begin(), trail_.end());
      out_.any_trail = true;
    }
    out_.leaves.push_back(leaf);
  }

  const PathTrie& trie_;
  FlatEvent& out_;
  std::vector<ArrayStep> trail_;
  std::uint32_t next_array_ = 0;
};

}  // namespace

Status Flattener::flatten(std::string_view json, const PathTrie& trie, FlatEvent& out) {
  out.clear();
  padded_.assign(json);
  padded_.append(simdjson::SIMDJSON_PADDING, '\0');
  auto bad = [](simdjson::error_code e) {
    return fail(ErrorCode::kValidation,
                std::string("Event is not valid JSON: ") + simdjson::error_message(e));
  };
  od::document doc;
  if (auto e = parser_.iterate(padded_.data(), json.size(), padded_.size()).get(doc)) return bad(e);
  od::object root;
  if (auto e = doc.get_object().get(root)) {
    if (e == simdjson::INCORRECT_TYPE) return fail(ErrorCode::kValidation, "Event is not a JSON object");
    return bad(e);
  }
  Walker walker(trie, out);
  if (auto e = walker.object(root, 0)) return bad(e);
  return {};
}

}  // namespace certflow::events::pattern::detail
