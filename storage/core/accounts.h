// The kinds of account the ledger keeps (the values of jiamei.v1.AccountKind,
// as stored) and the one rule the core applies to them: which may go below
// zero.
#ifndef JIAMEI_STORAGE_CORE_ACCOUNTS_H_
#define JIAMEI_STORAGE_CORE_ACCOUNTS_H_

#include <cstdint>

namespace jiamei::storage {

inline constexpr int32_t kKindIssuance = 1;
inline constexpr int32_t kKindHousehold = 2;
inline constexpr int32_t kKindSupermarket = 3;
// A unit's card float (storage/cards/card_state.h).
inline constexpr int32_t kKindCards = 4;

// Issuance accounts may go negative; households, supermarkets and card
// floats may not.
inline bool MayGoNegative(int32_t kind) { return kind == kKindIssuance; }

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_ACCOUNTS_H_
