// The transfer a domain's change posts: `amount` points from `debit` to
// `credit`, with its reason code and memo. The supermarket, volunteer
// service and paper cards build their transfers with it.
#ifndef JIAMEI_STORAGE_MARKET_MARKET_TRANSFERS_H_
#define JIAMEI_STORAGE_MARKET_MARKET_TRANSFERS_H_

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "storage/core/records.pb.h"

namespace jiamei::storage {

inline TransferBody MakeTransferBody(uint64_t debit, uint64_t credit,
                                     int64_t amount,
                                     absl::string_view reason_code,
                                     std::string memo) {
  TransferBody t;
  t.set_debit_account(debit);
  t.set_credit_account(credit);
  t.set_amount(amount);
  t.set_reason_code(std::string(reason_code));
  t.set_memo(std::move(memo));
  return t;
}

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_MARKET_MARKET_TRANSFERS_H_
