#include "notify/stored_message.h"

#include <nlohmann/json.hpp>

#include "crypto/envelope.h"

namespace certflow::notify {

using nlohmann::json;

namespace {

constexpr char kSealedMark = '\x01';  // JSON text never starts with it

MessageType type_from_name(const std::string& name) {
  if (name == "SubscriptionConfirmation") return MessageType::kSubscriptionConfirmation;
  if (name == "UnsubscribeConfirmation") return MessageType::kUnsubscribeConfirmation;
  return MessageType::kNotification;
}

}  // namespace

const std::string& StoredMessage::message_for(const std::string& protocol) const {
  auto it = by_protocol.find(protocol);
  return it == by_protocol.end() ? message : it->second;
}

bool is_sealed(const std::string& body) { return !body.empty() && body[0] == kSealedMark; }

Result<std::string> encode_message(const StoredMessage& message, const std::string& message_id,
                                   const crypto::SecretBytes* data_key) {
  json attributes = json::object();
  for (const auto& [name, value] : message.attributes) {
    attributes[name] = {{"DataType", value.data_type}, {"Value", value.value}};
  }
  json document = {{"type", message_type_name(message.type)},
                   {"message", message.message},
                   {"timestamp_ms", message.timestamp_ms},
                   {"attributes", attributes}};
  if (!message.by_protocol.empty()) document["by_protocol"] = message.by_protocol;
  if (message.subject) document["subject"] = *message.subject;
  if (!message.token.empty()) document["token"] = message.token;
  std::string text = document.dump(-1, ' ', false, json::error_handler_t::replace);
  if (!data_key) return text;
  auto sealed = crypto::seal_with_data_key(*data_key, text, message_id);
  if (!sealed) return tl::unexpected(sealed.error());
  return std::string(1, kSealedMark) + *sealed;
}

Result<StoredMessage> decode_message(const std::string& body, const std::string& message_id,
                                     const crypto::SecretBytes* data_key) {
  std::string text;
  if (is_sealed(body)) {
    if (!data_key) {
      return fail(ErrorCode::kInternal,
                  "message " + message_id + " is encrypted but its topic's data key is gone");
    }
    auto opened =
        crypto::open_with_data_key(*data_key, std::string_view(body).substr(1), message_id);
    if (!opened) return tl::unexpected(opened.error());
    text = std::string(opened->view());
  } else {
    text = body;
  }
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return fail(ErrorCode::kInternal, "stored message " + message_id + " is unreadable");
  }
  StoredMessage message;
  message.type = type_from_name(document.value("type", ""));
  message.message = document.value("message", "");
  message.timestamp_ms = document.value("timestamp_ms", int64_t{0});
  message.token = document.value("token", "");
  if (auto it = document.find("subject"); it != document.end() && it->is_string()) {
    message.subject = it->get<std::string>();
  }
  if (auto it = document.find("by_protocol"); it != document.end() && it->is_object()) {
    for (const auto& [protocol, value] : it->items()) {
      if (value.is_string()) message.by_protocol[protocol] = value.get<std::string>();
    }
  }
  if (auto it = document.find("attributes"); it != document.end() && it->is_object()) {
    for (const auto& [name, value] : it->items()) {
      message.attributes[name] = {value.value("DataType", ""), value.value("Value", "")};
    }
  }
  return message;
}

}  // namespace certflow::notify
