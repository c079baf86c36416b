#include "queue/message_codec.h"

#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/utf8.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace certflow::queue {

using nlohmann::json;

namespace {

constexpr size_t kMaxMessageAttributes = 10;

void append_length_prefixed(std::string& out, const std::string& bytes) {
  const auto size = static_cast<uint32_t>(bytes.size());
  out += static_cast<char>((size >> 24) & 0xFF);
  out += static_cast<char>((size >> 16) & 0xFF);
  out += static_cast<char>((size >> 8) & 0xFF);
  out += static_cast<char>(size & 0xFF);
  out += bytes;
}

bool is_binary(const MessageAttributeValue& value) {
  return value.data_type.rfind("Binary", 0) == 0;
}

bool starts_with_ignoring_case(const std::string& text, const std::string& prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

// SQS's Number: an optional sign, digits with an optional fraction, an optional exponent.
bool is_number(const std::string& text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t digits = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t exponent = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == text.size();
}

Status invalid(const std::string& message) {
  return fail(ErrorCode::kInvalidParameterValue, message);
}

Status validate_name(const std::string& name) {
  bool valid = !name.empty() && name.size() <= 256 && name.front() != '.' && name.back() != '.' &&
               name.find("..") == std::string::npos;
  for (char c : name) {
    valid =
        valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  }
  if (!valid) {
    return invalid("The message attribute name '" + name +
                   "' is invalid. Attribute name can contain A-Z, a-z, 0-9, underscore (_), "
                   "hyphen (-), and period (.) characters, up to 256, and cannot start or end "
                   "with a period or contain two periods in a row.");
  }
  if (starts_with_ignoring_case(name, "AWS.") || starts_with_ignoring_case(name, "Amazon.")) {
    return invalid("The message attribute name '" + name +
                   "' is reserved for use by AWS (it starts with AWS. or Amazon.).");
  }
  return {};
}

Status validate_value(const std::string& name, const MessageAttributeValue& value) {
  const std::string& type = value.data_type;
  std::string base = type.substr(0, type.find('.'));
  if (type.empty() || type.size() > 256 ||
      (base != "String" && base != "Number" && base != "Binary") ||
      (type.size() > base.size() && type.size() == base.size() + 1)) {
    return invalid("The message attribute '" + name +
                   "' has an invalid message attribute type, the set of supported type prefixes "
                   "is Binary, Number, and String.");
  }
  if (base == "Binary") {
    if (!value.binary_value || value.binary_value->empty() || value.string_value) {
      return invalid("The message attribute '" + name +
                     "' with type 'Binary' must use field 'BinaryValue' with a non-empty value.");
    }
    return {};
  }
  if (!value.string_value || value.string_value->empty() || value.binary_value) {
    return invalid("The message attribute '" + name + "' with type '" + base +
                   "' must use field 'StringValue' with a non-empty value.");
  }
  if (base == "Number" && !is_number(*value.string_value)) {
    return invalid("Could not cast message attribute '" + name + "' value to number.");
  }
  if (!validate_body(*value.string_value)) {
    return invalid("The message attribute '" + name +
                   "' has a string value with characters SQS does not allow.");
  }
  return {};
}

json encode_attributes(const MessageAttributes& attributes) {
  json out = json::object();
  for (const auto& [name, value] : attributes) {
    json entry = {{"DataType", value.data_type}};
    if (value.string_value) entry["StringValue"] = *value.string_value;
    if (value.binary_value) entry["BinaryValue"] = crypto::base64_encode(*value.binary_value);
    out[name] = std::move(entry);
  }
  return out;
}

MessageAttributes decode_attributes(const json& doc) {
  MessageAttributes out;
  for (const auto& [name, entry] : doc.items()) {
    MessageAttributeValue value;
    value.data_type = entry.at("DataType").get<std::string>();
    if (entry.contains("StringValue")) value.string_value = entry.at("StringValue");
    if (entry.contains("BinaryValue")) {
      value.binary_value = crypto::base64_decode(entry.at("BinaryValue").get<std::string>());
    }
    out[name] = std::move(value);
  }
  return out;
}

}  // namespace

std::string md5_of_message_attributes(const MessageAttributes& attributes) {
  std::string encoded;
  for (const auto& [name, value] : attributes) {
    append_length_prefixed(encoded, name);
    append_length_prefixed(encoded, value.data_type);
    if (is_binary(value)) {
      encoded += '\x02';
      append_length_prefixed(encoded, value.binary_value.value_or(""));
    } else {
      encoded += '\x01';
      append_length_prefixed(encoded, value.string_value.value_or(""));
    }
  }
  return crypto::md5_hex(encoded);
}

std::string encode_details(const MessageDetails& details) {
  json doc = {{"MessageAttributes", encode_attributes(details.attributes)},
              {"SenderId", details.sender_id}};
  if (!details.system_attributes.empty()) {
    doc["MessageSystemAttributes"] = encode_attributes(details.system_attributes);
  }
  if (details.dead_letter_source_arn) {
    doc["DeadLetterQueueSourceArn"] = *details.dead_letter_source_arn;
  }
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<MessageDetails> decode_details(const std::string& text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return fail(ErrorCode::kInternal, "queue: unreadable message in store");
  try {
    MessageDetails details;
    details.attributes = decode_attributes(doc.at("MessageAttributes"));
    if (doc.contains("MessageSystemAttributes")) {
      details.system_attributes = decode_attributes(doc.at("MessageSystemAttributes"));
    }
    details.sender_id = doc.value("SenderId", std::string());
    if (doc.contains("DeadLetterQueueSourceArn")) {
      details.dead_letter_source_arn = doc.at("DeadLetterQueueSourceArn").get<std::string>();
    }
    return details;
  } catch (const json::exception& e) {
    return fail(ErrorCode::kInternal,
                std::string("queue: unreadable message in store: ") + e.what());
  }
}

Status validate_body(const std::string& body) {
  if (body.empty()) {
    return fail(ErrorCode::kMissingParameter,
                "The request must contain the parameter MessageBody.");
  }
  for (size_t pos = 0; pos < body.size();) {
    const size_t at = pos;
    auto cp = next_code_point(body, pos);
    if (!cp || !is_xml_char(*cp)) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "#x%X",
                    cp ? static_cast<unsigned>(*cp) : static_cast<unsigned char>(body[at]));
      return fail(ErrorCode::kInvalidMessageContents,
                  std::string("Invalid binary character '") + hex +
                      "' was found in the message body, the set of allowed characters is #x9 | "
                      "#xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
    }
  }
  return {};
}

Status validate_message_attributes(const MessageAttributes& attributes, bool system) {
  if (attributes.size() > kMaxMessageAttributes) {
    return invalid("Number of message attributes [" + std::to_string(attributes.size()) +
                   "] exceeds the allowed maximum [10].");
  }
  for (const auto& [name, value] : attributes) {
    if (system && name != "AWSTraceHeader") {
      return invalid("Message system attribute name '" + name +
                     "' is invalid: only AWSTraceHeader can be sent.");
    }
    if (system && value.data_type != "String") {
      return invalid("The message system attribute AWSTraceHeader must have type String.");
    }
    if (!system) {
      if (auto ok = validate_name(name); !ok) return ok;
    }
    if (auto ok = validate_value(name, value); !ok) return ok;
  }
  return {};
}

size_t message_size(const std::string& body, const MessageAttributes& attributes) {
  size_t size = body.size();
  for (const auto& [name, value] : attributes) {
    size += name.size() + value.data_type.size() + value.string_value.value_or("").size() +
            value.binary_value.value_or("").size();
  }
  return size;
}

MessageAttributes select_message_attributes(const MessageAttributes& attributes,
                                            const std::vector<std::string>& names) {
  MessageAttributes selected;
  for (const auto& [name, value] : attributes) {
    for (const std::string& wanted : names) {
      const bool all = wanted == "All" || wanted == ".*";
      const bool prefix = wanted.size() > 2 && wanted.compare(wanted.size() - 2, 2, ".*") == 0 &&
                          name.compare(0, wanted.size() - 1, wanted, 0, wanted.size() - 1) == 0;
      if (all || prefix || wanted == name) {
        selected.emplace(name, value);
        break;
      }
    }
  }
  return selected;
}

}  // namespace certflow::queue
