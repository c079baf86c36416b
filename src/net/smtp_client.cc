// send_all: at most max_concurrent lanes (smtp_lane.h), each an SMTP session that takes the next
// unsent mail whenever its last one is done, all driven through one curl multi handle like
// perform_all. libcurl speaks SMTP (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA and the dot-stuffing
// of the data) and keeps each lane's connection for its next mail.
#include "net/smtp_client.h"

#include <algorithm>
#include <memory>

#include "net/curl_handles.h"
#include "net/smtp_lane.h"

namespace certflow::net {
namespace {

tl::unexpected<SmtpError> invalid(std::string message) {
  return tl::unexpected(SmtpError{SmtpErrorKind::kInvalid, 0, "", std::move(message)});
}

SmtpResult check_settings(const SmtpSettings& settings) {
  if (settings.url.rfind("smtp://", 0) != 0 && settings.url.rfind("smtps://", 0) != 0) {
    return invalid("the mail server URL must be smtp://host:port or smtps://host:port");
  }
  if (!valid_email_address(settings.from)) {
    return invalid("the sender address '" + settings.from + "' is not an email address");
  }
  return {};
}

}  // namespace

SmtpResult send_mail(const SmtpSettings& settings, const MailMessage& message) {
  return std::move(send_all(settings, {message}, 1).front());
}

std::vector<SmtpResult> send_all(const SmtpSettings& settings,
                                 const std::vector<MailMessage>& messages, size_t max_concurrent) {
  std::vector<SmtpResult> results(messages.size());
  auto fail_all = [&](const SmtpError& error) {
    for (auto& result : results) result = tl::unexpected(error);
    return std::move(results);
  };
  auto transport = [](std::string why) {
    return SmtpError{SmtpErrorKind::kTransport, 0, "", std::move(why)};
  };
  if (messages.empty()) return results;
  if (auto ok = check_settings(settings); !ok) return fail_all(ok.error());
  if (!curl_ready()) return fail_all(transport("libcurl could not be initialised"));
  MultiHandle multi(curl_multi_init());
  if (!multi) return fail_all(transport("libcurl could not make a multi handle"));
  // Declared after `multi`, so destroyed before it: each detaches from the multi handle first.
  std::vector<std::unique_ptr<SmtpLane>> lanes(
      std::clamp<size_t>(max_concurrent, 1, messages.size()));
  for (auto& lane : lanes) {
    lane = std::make_unique<SmtpLane>();
    // A mail that met a stale kept connection closes it; each lane's connection can be stale
    // once, so that many tries always reach a fresh one.
    if (auto error = lane->open(settings, static_cast<int>(lanes.size()))) return fail_all(*error);
  }

  size_t next = 0;
  // Puts the next mail that can go on `lane`; false when none is left.
  auto feed = [&](SmtpLane& lane) {
    while (next < messages.size()) {
      const size_t index = next++;
      auto composed = compose_message(settings.from, messages[index]);
      if (!composed) {
        results[index] = tl::unexpected(std::move(composed.error()));
        continue;
      }
      auto error = lane.start(multi.get(), index, std::move(*composed), messages[index].to);
      if (!error) return true;
      results[index] = tl::unexpected(std::move(*error));
    }
    return false;
  };
  size_t busy = 0;  // lanes with a mail on them
  for (auto& lane : lanes) busy += feed(*lane) ? 1 : 0;
  while (busy > 0) {
    int running = 0;
    if (curl_multi_perform(multi.get(), &running) != CURLM_OK) {
      const SmtpError broken = transport("libcurl's transfer loop failed");
      for (auto& lane : lanes) {
        if (lane->attached()) results[lane->mail()] = tl::unexpected(broken);
      }
      for (; next < messages.size(); ++next) results[next] = tl::unexpected(broken);
      break;
    }
    int queued = 0;
    while (CURLMsg* done = curl_multi_info_read(multi.get(), &queued)) {
      if (done->msg != CURLMSG_DONE) continue;
      SmtpLane& lane = *SmtpLane::of(done->easy_handle);
      const CURLcode code = done->data.result;  // `done` ends with the handle's detaching
      lane.detach();
      if (code != CURLE_OK && lane.try_again(multi.get(), code)) continue;
      results[lane.mail()] = code == CURLE_OK ? SmtpResult{} : tl::unexpected(lane.error(code));
      if (!feed(lane)) --busy;
    }
    if (busy > 0 && running > 0) curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
  }
  return results;
}

}  // namespace certflow::net
