#include "notify/channels/function_channel.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "core/arn.h"
#include "functions/functions.h"

namespace certflow::notify {
namespace {

constexpr size_t kLastLineShown = 300;

ChannelOutcome outcome_of(const std::string& name, const functions::Invocation& invocation) {
  if (invocation.succeeded()) return {};
  if (invocation.timed_out) {
    return tl::unexpected(ChannelFailure{"FunctionTimeout",
                                         "Function " + name + " timed out after " +
                                             std::to_string(invocation.duration.count() / 1000) +
                                             " s and was killed.",
                                         true});
  }
  std::string message =
      "Function " + name + " failed: " +
      (invocation.signal != 0 ? "killed by signal " + std::to_string(invocation.signal)
                              : "exit status " + std::to_string(invocation.exit_code));
  const std::string line = functions::last_line(invocation.output, kLastLineShown);
  message += line.empty() ? "; it printed nothing." : "; last output line: " + line;
  return tl::unexpected(ChannelFailure{"FunctionError", std::move(message), true});
}

// When the function could not be run at all.
ChannelFailure failure_of(const Error& error) {
  switch (error.code) {
    case ErrorCode::kResourceNotFound: return {"ResourceNotFound", error.message, false};
    case ErrorCode::kValidation: return {"InvalidRequestContent", error.message, false};
    case ErrorCode::kServiceUnavailable: return {"ServiceUnavailable", error.message, true};
    default: return {"InternalError", error.message, true};
  }
}

}  // namespace

Result<std::string> lambda_event(const Notification& n, const MessageSigner& signer) {
  // Signed as the topic says (SHA-256 for version 2), labelled "1" as Lambda's records are.
  auto signature = signer.sign(string_to_sign(n), n.signature_version);
  if (!signature) return tl::unexpected(signature.error());
  nlohmann::ordered_json attributes = nlohmann::ordered_json::object();
  for (const auto& [name, attribute] : n.attributes) {
    attributes[name] = {{"Type", attribute.data_type}, {"Value", attribute.value}};
  }
  nlohmann::ordered_json sns;
  sns["Type"] = message_type_name(n.type);
  sns["MessageId"] = n.message_id;
  sns["TopicArn"] = n.topic_arn;
  sns["Subject"] = n.subject ? nlohmann::ordered_json(*n.subject) : nlohmann::ordered_json();
  sns["Message"] = n.message;
  sns["Timestamp"] = notification_timestamp(n.timestamp);
  sns["SignatureVersion"] = "1";
  sns["Signature"] = *signature;
  sns["SigningCertUrl"] = signer.signing_cert_url();
  sns["UnsubscribeUrl"] = n.unsubscribe_url;
  sns["MessageAttributes"] = std::move(attributes);
  nlohmann::ordered_json record;
  record["EventSource"] = "aws:sns";
  record["EventVersion"] = "1.0";
  record["EventSubscriptionArn"] = n.subscription_arn;
  record["Sns"] = std::move(sns);
  nlohmann::ordered_json event;
  event["Records"] = nlohmann::ordered_json::array({std::move(record)});
  return event.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Status FunctionChannel::check_endpoint(const std::string& /*protocol*/,
                                       const std::string& endpoint) {
  const std::string example = functions_.arn("NAME");
  auto arn = parse_arn(endpoint);
  if (!arn || arn->service != "lambda" || arn->resource.rfind("function:", 0) != 0) {
    return fail(ErrorCode::kInvalidParameter,
                "Invalid parameter: Lambda endpoint ARN: '" + endpoint +
                    "' is not a function ARN; a lambda subscription's Endpoint looks like " +
                    example + ".");
  }
  auto name = functions_.name_from_arn(endpoint);
  if (!name) {
    const std::string prefix = functions_.arn("");
    const bool qualified =
        endpoint.rfind(prefix, 0) == 0 && endpoint.find(':', prefix.size()) != std::string::npos;
    return fail(ErrorCode::kInvalidParameter,
                "Invalid parameter: Lambda endpoint ARN: " + endpoint +
                    (qualified ? ": certflow functions have no versions or aliases; use the "
                                 "unqualified ARN ("
                               : " is not a function of this certflow, which delivers only to "
                                 "its own functions (") +
                    example + ").");
  }
  auto function = functions_.get(*name);
  if (!function && function.error().code == ErrorCode::kResourceNotFound) {
    return fail(ErrorCode::kNotFound, "Function " + *name + " (" + endpoint +
                                          ") does not exist; create it first with `certflow "
                                          "function create " +
                                          *name + " -- COMMAND`, then subscribe it.");
  }
  if (!function) return tl::unexpected(function.error());
  return {};
}

std::vector<ChannelOutcome> FunctionChannel::deliver_all(const std::vector<Notification>& batch) {
  std::vector<ChannelOutcome> outcomes(batch.size());
  std::vector<functions::InvokeRequest> requests;
  std::vector<size_t> invoked;  // the index in `batch` of each request
  for (size_t i = 0; i < batch.size(); ++i) {
    const Notification& n = batch[i];
    auto name = functions_.name_from_arn(n.endpoint);
    if (!name) {
      outcomes[i] = tl::unexpected(ChannelFailure{
          "ResourceNotFound", n.endpoint + " is not a function of this certflow", false});
      continue;
    }
    if (n.type != MessageType::kNotification) {
      outcomes[i] = tl::unexpected(
          ChannelFailure{"UnsupportedMessageType",
                         std::string("A ") + message_type_name(n.type) +
                             " is not sent to functions: lambda subscriptions need no confirmation",
                         false});
      continue;
    }
    auto event = lambda_event(n, signer_);
    if (!event) {
      outcomes[i] = tl::unexpected(ChannelFailure{"SigningFailed", event.error().message, true});
      continue;
    }
    requests.push_back({*name, std::move(*event)});
    invoked.push_back(i);
  }
  auto results = functions_.invoke_all(requests);
  for (size_t k = 0; k < invoked.size(); ++k) {
    const Notification& n = batch[invoked[k]];
    const std::string& name = requests[k].name;
    if (!results[k]) {
      outcomes[invoked[k]] = tl::unexpected(failure_of(results[k].error()));
      spdlog::warn("function {}: message {} attempt {} was not run: {}", name, n.message_id,
                   n.attempt, results[k].error().message);
      continue;
    }
    outcomes[invoked[k]] = outcome_of(name, *results[k]);
    const functions::Invocation& invocation = *results[k];
    const std::string output = invocation.output.empty() ? "" : "; output:\n" + invocation.output;
    if (outcomes[invoked[k]]) {
      spdlog::info("function {}: message {} attempt {} delivered in {} ms{}", name, n.message_id,
                   n.attempt, invocation.duration.count(), output);
    } else {
      spdlog::error("function {}: message {} attempt {}: {}{}", name, n.message_id, n.attempt,
                    outcomes[invoked[k]].error().message, output);
    }
  }
  return outcomes;
}

}  // namespace certflow::notify
