// Which --listen addresses count as loopback, where plaintext is allowed
// without --insecure_listen.
#include <string>

#include "gtest/gtest.h"
#include "services/server/tls_credentials.h"

namespace jiamei::services {
namespace {

TEST(IsLoopbackAddressTest, LoopbackAddressesAndLocalSocketsAreLoopback) {
  for (const char* listen :
       {"127.0.0.1:7070", "127.0.0.1:0", "127.8.9.10:1", "[::1]:7070",
        "localhost:7070", "LocalHost:1", "[::ffff:127.0.0.1]:1",
        "unix:/run/jiamei.sock", "unix-abstract:jiamei"}) {
    EXPECT_TRUE(IsLoopbackAddress(listen)) << listen;
  }
}

TEST(IsLoopbackAddressTest, AnyOtherAddressOrNameIsNot) {
  for (const char* listen :
       {"0.0.0.0:7070", "[::]:7070", ":7070", "10.0.0.5:7070", "128.0.0.1:1",
        "126.255.255.255:1", "[::2]:1", "[::ffff:10.0.0.1]:1",
        "example.com:7070", "localhost.example.com:1", "[::1:1", "",
        "ipv4:127.0.0.1:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(listen)) << listen;
  }
}

}  // namespace
}  // namespace jiamei::services
