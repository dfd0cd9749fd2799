#include "services/auth/client_address.h"

#include <arpa/inet.h>

#include <cstring>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace jiamei::services {
namespace {

std::string FormatV4(const unsigned char* bytes) {
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, bytes, text, sizeof(text));
  return text;
}

// The host of "HOST:PORT" or "[HOST]:PORT", without a zone.
std::optional<std::string> HostOf(absl::string_view address) {
  std::string host;
  if (absl::ConsumePrefix(&address, "[")) {
    const size_t end = address.find(']');
    if (end == absl::string_view::npos) return std::nullopt;
    host = std::string(address.substr(0, end));
  } else {
    const size_t colon = address.rfind(':');
    if (colon == absl::string_view::npos) return std::nullopt;
    host = std::string(address.substr(0, colon));
  }
  host = host.substr(0, host.find('%'));
  return host;
}

std::optional<std::string> FromV6(const std::string& host) {
  unsigned char bytes[16];
  if (inet_pton(AF_INET6, host.c_str(), bytes) != 1) return std::nullopt;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0,    0,
                                                0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(bytes, kMapped, sizeof(kMapped)) == 0) {
    return FormatV4(bytes + 12);
  }
  std::memset(bytes + 8, 0, 8);
  char text[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, bytes, text, sizeof(text));
  return absl::StrCat(text, "/64");
}

std::optional<std::string> FromV4(const std::string& host) {
  unsigned char bytes[4];
  if (inet_pton(AF_INET, host.c_str(), bytes) != 1) return std::nullopt;
  return FormatV4(bytes);
}

}  // namespace

std::string ClientAddress(absl::string_view peer) {
  const std::string decoded = absl::StrReplaceAll(
      peer, {{"%5B", "["}, {"%5b", "["}, {"%5D", "]"}, {"%5d", "]"}});
  absl::string_view rest = decoded;
  std::optional<std::string> client;
  if (absl::ConsumePrefix(&rest, "ipv4:")) {
    if (std::optional<std::string> host = HostOf(rest)) client = FromV4(*host);
  } else if (absl::ConsumePrefix(&rest, "ipv6:")) {
    if (std::optional<std::string> host = HostOf(rest)) client = FromV6(*host);
  }
  return client.value_or(std::string(peer));
}

}  // namespace jiamei::services
