#include "services/auth/client_address.h"

#include "gtest/gtest.h"

namespace jiamei::services {
namespace {

TEST(ClientAddressTest, AnIpv4PeerIsItsAddressWithoutThePort) {
  EXPECT_EQ(ClientAddress("ipv4:1.2.3.4:5678"), "1.2.3.4");
  EXPECT_EQ(ClientAddress("ipv4:127.0.0.1:1"), "127.0.0.1");
}

TEST(ClientAddressTest, AnIpv4MappedIpv6PeerIsTheIpv4Address) {
  EXPECT_EQ(ClientAddress("ipv6:[::ffff:1.2.3.4]:5678"), "1.2.3.4");
  EXPECT_EQ(ClientAddress("ipv6:%5B::ffff:1.2.3.4%5D:5678"), "1.2.3.4");
  EXPECT_EQ(ClientAddress("ipv6:[::ffff:0102:0304]:5678"), "1.2.3.4");
}

TEST(ClientAddressTest, AnIpv6PeerIsItsSlash64Network) {
  EXPECT_EQ(ClientAddress("ipv6:[2001:db8:1:2:3:4:5:6]:5678"),
            "2001:db8:1:2::/64");
  EXPECT_EQ(ClientAddress("ipv6:[2001:db8:1:2:ffff::9]:1"), "2001:db8:1:2::/64")
      << "another address of the same /64";
  EXPECT_EQ(ClientAddress("ipv6:%5B2001:db8:1:3::6%5D:5678"),
            "2001:db8:1:3::/64");
  // gRPC 1.51 percent-encodes the brackets, as here.
  EXPECT_EQ(ClientAddress("ipv6:%5B::1%5D:46658"), "::/64");
  EXPECT_EQ(ClientAddress("ipv6:[::1]:5678"), "::/64");
  EXPECT_EQ(ClientAddress("ipv6:[fe80::1%25eth0]:5678"), "fe80::/64");
}

TEST(ClientAddressTest, AnythingElseIsKeptWhole) {
  EXPECT_EQ(ClientAddress("unix:/run/jiamei.sock"), "unix:/run/jiamei.sock");
  EXPECT_EQ(ClientAddress("ipv4:not-an-address:1"), "ipv4:not-an-address:1");
  EXPECT_EQ(ClientAddress("ipv6:[::1"), "ipv6:[::1");
  EXPECT_EQ(ClientAddress(""), "");
}

}  // namespace
}  // namespace jiamei::services
