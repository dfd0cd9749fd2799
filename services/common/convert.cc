#include "services/common/convert.h"

#include "absl/strings/str_cat.h"
#include "storage/core/canonical.h"
#include "storage/core/names.h"
#include "storage/core/state_machine.h"

namespace jiamei::services {
namespace {

using storage::AccountName;
using storage::TransferName;

}  // namespace

void SetTime(int64_t micros, google::protobuf::Timestamp* out) {
  out->set_seconds(micros / 1000000);
  out->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
}

void AccountToProto(const storage::AccountView& view,
                    jiamei::v1::Account* out) {
  const storage::AccountRecord& a = view.account;
  out->set_name(AccountName(a.id()));
  out->set_kind(static_cast<jiamei::v1::AccountKind>(a.kind()));
  out->set_display_name(a.display_name());
  out->set_balance(view.balance.balance());
  out->set_may_go_negative(storage::MayGoNegative(a.kind()));
  SetTime(a.create_time_micros(), out->mutable_create_time());
  out->set_open_sequence(a.open_sequence());
  out->set_last_sequence(view.balance.last_sequence());
  if (a.unit() != 0) out->set_unit(storage::UnitName(a.unit()));
  if (a.household() != 0) {
    out->set_household(storage::HouseholdName(a.household()));
  }
}

void TransferToProto(const storage::EntryRecord& entry,
                     std::optional<uint64_t> reversed_by,
                     jiamei::v1::Transfer* out, uint64_t account) {
  const storage::TransferBody* touching =
      storage::TransferTouching(entry, account);
  if (touching == nullptr) return;
  TransferToProto(entry, *touching, reversed_by, out);
}

void TransferToProto(const storage::EntryRecord& entry,
                     const storage::TransferBody& t,
                     std::optional<uint64_t> reversed_by,
                     jiamei::v1::Transfer* out) {
  out->set_name(TransferName(entry.sequence()));
  out->set_sequence(entry.sequence());
  out->set_debit_account(AccountName(t.debit_account()));
  out->set_credit_account(AccountName(t.credit_account()));
  out->set_amount(t.amount());
  out->set_reason_code(t.reason_code());
  out->set_memo(t.memo());
  out->set_request_id(entry.request_id());
  SetTime(entry.time_micros(), out->mutable_create_time());
  if (t.reverses() != 0) out->set_reverses(TransferName(t.reverses()));
  if (reversed_by) out->set_reversed_by(TransferName(*reversed_by));
  out->set_entry_hash(storage::Hex(entry.hash()));
  out->set_previous_hash(storage::Hex(entry.previous_hash()));
  if (entry.actor() != 0) {
    out->set_operator_(storage::OperatorName(entry.actor()));
  }
}

}  // namespace jiamei::services
