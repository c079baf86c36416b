#include "net/curl_handles.h"

namespace certflow::net {

bool curl_ready() {
  static const bool ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ready;
}

bool append_header(HeaderList& list, const char* line) {
  curl_slist* grown = curl_slist_append(list.get(), line);
  if (!grown) return false;
  // curl_slist_append returns the head: the same list once it exists, a new one the first time.
  if (!list) list.reset(grown);
  return true;
}

}  // namespace certflow::net
