// The mutations the sequencer applies, already validated by services/.
#ifndef JIAMEI_STORAGE_CORE_COMMANDS_H_
#define JIAMEI_STORAGE_CORE_COMMANDS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "storage/core/records.pb.h"

namespace jiamei::storage {

struct OpenAccount {
  int32_t kind = 0;  // jiamei.v1.AccountKind
  std::string display_name;
  uint64_t unit = 0;  // the owning unit; 0 only for tests of schema 1
};

struct MakeTransfer {
  uint64_t debit_account = 0;
  uint64_t credit_account = 0;
  int64_t amount = 0;
  std::string reason_code;
  std::string memo;
};

struct ReverseTransfer {
  uint64_t original = 0;  // sequence of the transfer to reverse
  std::string memo;
};

struct Command {
  using Op = std::variant<OpenAccount, MakeTransfer, ReverseTransfer,
                          RegistryChange, MarketChange, ActivityChange,
                          PolicyChange, CardChange, LossAccepted>;
  Command() = default;
  Command(std::string id, Op requested)
      : request_id(std::move(id)), op(std::move(requested)) {}

  std::string request_id;
  // A change to the register or the supermarket is as requested: the ids
  // it creates are zero and allocated by the sequencer.
  Op op;
  // The operator making the request (0: the bootstrap step). Recorded in
  // the entry, not part of the fingerprint: who retries does not change
  // what was asked.
  uint64_t actor = 0;
  // An Argon2id hash to store with an operator_created or password_changed
  // change; kept out of the log and the fingerprint (its salt is random).
  std::string password_hash;
};

// The reason code every reversal carries.
inline constexpr char kReversalReasonCode[] = "REVERSAL";

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_COMMANDS_H_
