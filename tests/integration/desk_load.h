// Desks under load, for tests that stop or kill the server mid-stream:
// each desk (a thread) awards points from one issuance account to its own
// household, every transfer with a request id of its own, until a call is
// not OK or it has sent `max_per_desk`. What each desk sent and heard is
// kept for the test to check after a restart.
#ifndef JIAMEI_TESTS_INTEGRATION_DESK_LOAD_H_
#define JIAMEI_TESTS_INTEGRATION_DESK_LOAD_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/ledger_client.h"

namespace jiamei::testing {

struct SentTransfer {
  v1::CreateTransferRequest request;
  grpc::StatusCode code = grpc::StatusCode::OK;
  uint64_t sequence = 0;  // when OK
  bool acknowledged() const { return code == grpc::StatusCode::OK; }
};

class DeskLoad {
 public:
  // Opens the issuance account and one household per desk through `client`
  // (ADD_FAILURE on error); the amounts of a desk's transfers cycle through
  // 1 .. `amount_cycle`.
  DeskLoad(LedgerClient* client, int desks, int max_per_desk, int amount_cycle);
  ~DeskLoad();  // Join()s.

  // Starts the desks.
  void Start();
  // Waits until `count` transfers were acknowledged; false when every desk
  // stopped before, or after `timeout`.
  bool WaitForAcknowledged(int count, std::chrono::seconds timeout);
  // Waits for every desk to stop.
  void Join();

  // Valid after Join(): each desk's transfers in the order sent.
  const std::vector<std::vector<SentTransfer>>& sent() const { return sent_; }
  const std::vector<std::string>& households() const { return households_; }

 private:
  void Desk(int desk);

  LedgerClient* const client_;
  const int max_per_desk_;
  const int amount_cycle_;
  std::string issuance_;
  std::vector<std::string> households_;
  std::vector<std::vector<SentTransfer>> sent_;
  std::vector<std::thread> threads_;

  std::mutex mutex_;
  std::condition_variable changed_;
  int acknowledged_ = 0;   // guarded by mutex_
  int stopped_desks_ = 0;  // guarded by mutex_
};

}  // namespace jiamei::testing

#endif  // JIAMEI_TESTS_INTEGRATION_DESK_LOAD_H_
