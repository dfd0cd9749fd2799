// Storage records to API messages.
#ifndef JIAMEI_SERVICES_COMMON_CONVERT_H_
#define JIAMEI_SERVICES_COMMON_CONVERT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "jiamei/v1/ledger.pb.h"
#include "storage/core/records.pb.h"
#include "storage/ledger/ledger_reader.h"

namespace jiamei::services {

void SetTime(int64_t micros, google::protobuf::Timestamp* out);

void AccountToProto(const storage::AccountView& view, jiamei::v1::Account* out);
// The transfer of `entry` (one that touches `account`, if not 0).
void TransferToProto(const storage::EntryRecord& entry,
                     std::optional<uint64_t> reversed_by,
                     jiamei::v1::Transfer* out, uint64_t account = 0);
// `t`, one of the transfers of `entry`.
void TransferToProto(const storage::EntryRecord& entry,
                     const storage::TransferBody& t,
                     std::optional<uint64_t> reversed_by,
                     jiamei::v1::Transfer* out);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_COMMON_CONVERT_H_
