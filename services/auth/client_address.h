// The address a client calls from, as the log-in throttle counts it.
#ifndef JIAMEI_SERVICES_AUTH_CLIENT_ADDRESS_H_
#define JIAMEI_SERVICES_AUTH_CLIENT_ADDRESS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jiamei::services {

// The client of `peer`, as grpc::ServerContext::peer() gives it, without the
// port: "ipv4:1.2.3.4:5678" is "1.2.3.4", and so is an IPv4-mapped IPv6 peer
// ("ipv6:[::ffff:1.2.3.4]:5678", as a dual-stack listener sees an IPv4
// client). Any other IPv6 peer is its /64 network
// ("ipv6:[2001:db8:1:2:3:4:5:6]:5678" is "2001:db8:1:2::/64"): a phone or a
// home is given a whole /64 and may pick any address in it. Brackets may be
// percent-encoded ("%5B", "%5D") and a zone ("%25eth0") is dropped.
// Anything else (a Unix socket, a peer that does not parse) is kept whole.
std::string ClientAddress(absl::string_view peer);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_AUTH_CLIENT_ADDRESS_H_
