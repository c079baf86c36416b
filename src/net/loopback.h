// Which URLs may be plain http://: certflow sends to https:// endpoints, and to http:// only on
// the same machine (a loopback host), where there is no network to protect the data from.
#pragma once

#include <string>
#include <string_view>

namespace certflow::net {

// "localhost", "[::1]", or a dotted quad 127.a.b.c (not a name such as "127.evil.example", which
// anyone can point anywhere).
bool is_loopback_host(std::string_view host);

// The host of an http:// or https:// URL, without port or user information ("[::1]" keeps its
// brackets); "" when the URL has another scheme or no host.
std::string url_host(std::string_view url);

}  // namespace certflow::net
