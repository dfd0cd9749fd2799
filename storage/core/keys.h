// Key encoding. Integers are fixed-width big-endian so that RocksDB's
// bytewise order is numeric order: entries iterate by sequence, an account's
// history by (account, sequence).
#ifndef JIAMEI_STORAGE_CORE_KEYS_H_
#define JIAMEI_STORAGE_CORE_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "storage/core/big_endian.h"

namespace jiamei::storage {

// accounts, balances: account id. entries, reversals: sequence.
std::string IdKey(uint64_t id);
std::optional<uint64_t> ParseIdKey(absl::string_view key);

// history: account id, then sequence.
std::string HistoryKey(uint64_t account_id, uint64_t sequence);
struct HistoryKeyParts {
  uint64_t account_id;
  uint64_t sequence;
};
std::optional<HistoryKeyParts> ParseHistoryKey(absl::string_view key);

// idempotency: the operator who made the request, then its request_id, so
// that the same id from two operators names two requests. Stores upgraded
// from schema 2 keep the refusals they remembered, whose operator was not
// recorded, under kAnyOperator: they answer any operator, as they did then.
inline constexpr uint64_t kAnyOperator = UINT64_MAX;
std::string RequestKey(uint64_t actor, absl::string_view request_id);
struct RequestKeyParts {
  uint64_t actor;
  absl::string_view request_id;
};
std::optional<RequestKeyParts> ParseRequestKey(absl::string_view key);

// history values: the signed change and the balance after it.
struct HistoryValue {
  int64_t change;
  int64_t balance_after;
};
std::string EncodeHistoryValue(const HistoryValue& value);
std::optional<HistoryValue> DecodeHistoryValue(absl::string_view value);

// meta keys.
inline constexpr absl::string_view kSchemaVersionKey = "schema_version";
inline constexpr absl::string_view kHeadKey = "head";
inline constexpr absl::string_view kPageTokenSecretKey = "page_token_secret";
// 16 random bytes naming the store, so that a witness (storage/core/witness.h)
// is never compared with another store's log.
inline constexpr absl::string_view kStoreIdKey = "store_id";
// Present (empty value) when the store holds refusals under kAnyOperator.
inline constexpr absl::string_view kSharedRefusalsKey = "shared_refusals";

std::string EncodeUint32(uint32_t value);
std::optional<uint32_t> DecodeUint32(absl::string_view value);

}  // namespace jiamei::storage

#endif  // JIAMEI_STORAGE_CORE_KEYS_H_
