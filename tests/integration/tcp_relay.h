// A TCP relay for tests that need a second client address on one machine:
// it listens on 127.0.0.1 (a free port) and forwards every connection to a
// port on 127.0.0.1 from another loopback source address (127.0.0.2, say),
// so the server behind it sees that address as the peer. It relays bytes
// only, so it serves plaintext and TLS alike.
#ifndef JIAMEI_TESTS_INTEGRATION_TCP_RELAY_H_
#define JIAMEI_TESTS_INTEGRATION_TCP_RELAY_H_

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace jiamei::testing {

class TcpRelay {
 public:
  // Relays to 127.0.0.1:`target_port` from `source_ip` (a 127.x.y.z).
  TcpRelay(int target_port, std::string source_ip);
  // Closes the listener and every relayed connection.
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  // Starts listening; false with `error` set if it cannot.
  bool Start(std::string* error);
  // "127.0.0.1:PORT" to connect to.
  const std::string& address() const { return address_; }

 private:
  void Accept();
  // Copies bytes both ways until either side closes or the relay stops.
  void Pump(int client, int upstream);
  // A connection to the target from the source address, or -1.
  int Connect() const;

  const int target_port_;
  const std::string source_ip_;
  std::string address_;
  int listener_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  absl::Mutex mu_;
  std::vector<std::thread> pumps_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_INTEGRATION_TCP_RELAY_H_
