// RAII owners of libcurl's handles, and the one-time global initialisation. Private to the net
// room.
#pragma once

#include <curl/curl.h>

#include <memory>

namespace certflow::net {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

// curl_global_init is not safe to race with other threads' first use: done once, before any
// handle is made, through a function-local static.
bool curl_ready();

// Appends one "Name: value" line; false when libcurl is out of memory.
bool append_header(HeaderList& list, const char* line);

}  // namespace certflow::net
