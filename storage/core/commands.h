// The mutations the sequencer applies, already validated by services/.
// A command carries one requested change of any domain; the core does not
// know which kinds exist: each domain (storage/core/domain.h) recognises its
// own by their C++ type.
#ifndef JIAMEI_STORAGE_CORE_COMMANDS_H_
#define JIAMEI_STORAGE_CORE_COMMANDS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace jiamei::storage {

// The ledger domain's requests (storage/ledger/ledger_domain.h); the other
// domains request their change messages (RegistryChange, MarketChange, ...)
// as they are.
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

// One requested change of any type, immutable once made. Assigned from the
// value itself: `command.op = MarketChange(...)`.
//
// Contract, and why this is not std::any:
// - Copies share the one value (a shared_ptr to const): a Command is copied
//   into the sequencer's queue and its records, and copying it never copies
//   the request. std::any copies its value (a protobuf message, deeply).
// - message() is the value as a google::protobuf::Message without knowing
//   its type, which the default Domain::WriteRequest hashes. std::any gives
//   only the exact type back (any_cast), never a base class.
// - Get<T>() compares one address per type (TypeTag), with no RTTI.
// std::shared_ptr<const std::any> would share, but still need message_ kept
// beside it and an any_cast per Get: not simpler, and one more allocation.
class RequestedOp {
 public:
  RequestedOp() = default;
  template <typename T, typename = std::enable_if_t<
                            !std::is_same_v<std::decay_t<T>, RequestedOp>>>
  RequestedOp(T&& value)  // NOLINT: implicit, as the variant it replaces
      : held_(std::make_shared<const std::decay_t<T>>(std::forward<T>(value))),
        type_(TypeTag<std::decay_t<T>>()) {
    if constexpr (std::is_base_of_v<google::protobuf::Message,
                                    std::decay_t<T>>) {
      message_ = static_cast<const google::protobuf::Message*>(
          static_cast<const std::decay_t<T>*>(held_.get()));
    }
  }

  // The value if it is a T, else null.
  template <typename T>
  const T* Get() const {
    return type_ == TypeTag<T>() ? static_cast<const T*>(held_.get()) : nullptr;
  }
  // The value as a protobuf message, if it is one; else null.
  const google::protobuf::Message* message() const { return message_; }
  bool empty() const { return held_ == nullptr; }

 private:
  // One address per type, the same in every translation unit.
  template <typename T>
  static const void* TypeTag() {
    static const char tag = 0;
    return &tag;
  }

  std::shared_ptr<const void> held_;
  const void* type_ = nullptr;
  const google::protobuf::Message* message_ = nullptr;
};

struct Command {
  using Op = RequestedOp;
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

// The request id of the k-th entry (k from 1) that one command logs after
// its first (storage/core/domain.h, CheckContext::more_bodies):
// "<request_id>/<k>". A client's request id has no '/'
// (services/common/validation.h), so none is ever a part's.
inline std::string PartRequestId(absl::string_view request_id, size_t k) {
  return absl::StrCat(request_id, "/", k);
}

// The reason code every reversal carries.
inline constexpr char kReversalReasonCode[] = "REVERSAL";

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_COMMANDS_H_
