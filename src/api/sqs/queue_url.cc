#include "api/sqs/queue_url.h"

#include <vector>

namespace certflow::api::sqs {

std::string queue_url(std::string_view host, std::string_view account, std::string_view name) {
  return "http://" + std::string(host.empty() ? "localhost" : host) + "/" + std::string(account) +
         "/" + std::string(name);
}

Result<std::string> queue_name_from_url(std::string_view url, std::string_view request_path,
                                        std::string_view account) {
  std::string_view path = url.empty() ? request_path : url;
  if (!url.empty()) {
    const size_t scheme = url.find("://");
    if (scheme != std::string_view::npos) {
      const size_t slash = url.find('/', scheme + 3);
      path = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
    }
  }
  path = path.substr(0, path.find('?'));
  std::vector<std::string_view> segments;
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (url.empty() && segments.empty()) {
    return fail(ErrorCode::kMissingParameter, "The request must contain the parameter QueueUrl.");
  }
  if (segments.size() != 2 || segments[0] != account) {
    return fail(ErrorCode::kQueueDoesNotExist,
                "The specified queue does not exist: '" + std::string(url.empty() ? path : url) +
                    "' is not the URL of a queue of account " + std::string(account) +
                    " (http://HOST:PORT/" + std::string(account) + "/<name>).");
  }
  return std::string(segments[1]);
}

}  // namespace certflow::api::sqs
