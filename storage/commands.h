// The mutations the sequencer applies, already validated by services/.
#ifndef JIAMEI_STORAGE_COMMANDS_H_
#define JIAMEI_STORAGE_COMMANDS_H_

#include <cstdint>
#include <string>
#include <variant>

namespace jiamei::storage {

struct OpenAccount {
  int32_t kind = 0;  // jiamei.v1.AccountKind
  std::string display_name;
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
  std::string request_id;
  std::variant<OpenAccount, MakeTransfer, ReverseTransfer> op;
};

// The reason code every reversal carries.
inline constexpr char kReversalReasonCode[] = "REVERSAL";

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_COMMANDS_H_
