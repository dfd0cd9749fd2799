#include "storage/ledger/ledger_domain.h"

#include <utility>

#include "storage/core/accounts.h"
#include "storage/core/canonical_writer.h"
#include "storage/core/core_errors.h"
#include "storage/core/keys.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_errors.h"
#include "storage/ledger/ledger_reader.h"

namespace jiamei::storage {
namespace {

class Opening final : public Domain {
 public:
  absl::string_view name() const override { return "ledger.opening"; }
  EntryRecord::BodyCase body_case() const override {
    return EntryRecord::kOpening;
  }
  uint64_t tag() const override { return kOpeningTag; }
  bool Owns(const Command& command) const override {
    return command.op.Get<OpenAccount>() != nullptr;
  }

  absl::StatusOr<EntryRecord> Check(
      const Command& command, const CheckContext& context) const override {
    const OpenAccount& open = *command.op.Get<OpenAccount>();
    if (open.kind < kKindIssuance || open.kind > kKindSupermarket) {
      return errors::InvalidKind(open.kind);
    }
    EntryRecord body;
    AccountOpening* opening = body.mutable_opening();
    opening->set_account_id(context.head.last_account_id() + 1);
    opening->set_kind(open.kind);
    opening->set_display_name(open.display_name);
    opening->set_unit(open.unit);
    return body;
  }

  void OpenedAccounts(const EntryRecord& entry,
                      std::vector<const AccountOpening*>* out) const override {
    out->push_back(&entry.opening());
  }

  Command::Op AsRequested(const EntryRecord& entry) const override {
    const AccountOpening& o = entry.opening();
    return OpenAccount{o.kind(), o.display_name(), o.unit()};
  }

  void WriteBody(const EntryRecord& entry, CanonicalWriter* w) const override {
    const AccountOpening& o = entry.opening();
    w->Uint(kOpeningTag)
        .Uint(o.account_id())
        .Int(o.kind())
        .String(o.display_name());
    // Accounts opened before units existed have no owner; leaving the
    // marker out keeps their hashes.
    if (o.unit() != 0 || o.household() != 0) {
      w->Uint(kOwnerTag).Uint(o.unit()).Uint(o.household());
    }
  }

  void WriteRequest(const Command& command, CanonicalWriter* w) const override {
    const OpenAccount& open = *command.op.Get<OpenAccount>();
    w->Uint(kOpeningTag).Int(open.kind).String(open.display_name);
    if (open.unit != 0) w->Uint(kOwnerTag).Uint(open.unit);
  }
};

class Transfer final : public Domain {
 public:
  absl::string_view name() const override { return "ledger.transfer"; }
  EntryRecord::BodyCase body_case() const override {
    return EntryRecord::kTransfer;
  }
  uint64_t tag() const override { return kTransferTag; }
  bool Owns(const Command& command) const override {
    return command.op.Get<MakeTransfer>() != nullptr ||
           command.op.Get<ReverseTransfer>() != nullptr;
  }

  absl::StatusOr<EntryRecord> Check(
      const Command& command, const CheckContext& context) const override {
    if (const auto* transfer = command.op.Get<MakeTransfer>()) {
      return CheckTransfer(*transfer, /*reverses=*/0, context);
    }
    return CheckReverse(*command.op.Get<ReverseTransfer>(), context);
  }

  // The reversal index: original -> its reversal.
  absl::Status Apply(const EntryRecord& entry, const ApplyContext& context,
                     HeadRecord*) const override {
    const uint64_t reverses = entry.transfer().reverses();
    if (reverses != 0) {
      context.views->Put(Cf::kReversals, IdKey(reverses),
                         IdKey(entry.sequence()));
    }
    return absl::OkStatus();
  }

  void Transfers(const EntryRecord& entry,
                 std::vector<const TransferBody*>* out) const override {
    out->push_back(&entry.transfer());
  }
  bool PlainTransfers() const override { return true; }

  Command::Op AsRequested(const EntryRecord& entry) const override {
    const TransferBody& t = entry.transfer();
    if (t.reverses() != 0) return ReverseTransfer{t.reverses(), t.memo()};
    return MakeTransfer{t.debit_account(), t.credit_account(), t.amount(),
                        t.reason_code(), t.memo()};
  }

  void WriteBody(const EntryRecord& entry, CanonicalWriter* w) const override {
    const TransferBody& t = entry.transfer();
    w->Uint(kTransferTag)
        .Uint(t.debit_account())
        .Uint(t.credit_account())
        .Int(t.amount())
        .String(t.reason_code())
        .String(t.memo())
        .Uint(t.reverses());
  }

  void WriteRequest(const Command& command, CanonicalWriter* w) const override {
    if (const auto* t = command.op.Get<MakeTransfer>()) {
      w->Uint(kTransferTag)
          .Uint(t->debit_account)
          .Uint(t->credit_account)
          .Int(t->amount)
          .String(t->reason_code)
          .String(t->memo);
      return;
    }
    const ReverseTransfer& r = *command.op.Get<ReverseTransfer>();
    w->Uint(kReversalTag).Uint(r.original).String(r.memo);
  }

 private:
  static absl::StatusOr<EntryRecord> CheckTransfer(
      const MakeTransfer& t, uint64_t reverses, const CheckContext& context) {
    if (t.amount <= 0) return errors::InvalidAmount();
    if (t.debit_account == t.credit_account) return errors::SameAccount();
    ASSIGN_OR_RETURN(const Books::Account debit,
                     context.books->FindAccount(t.debit_account));
    ASSIGN_OR_RETURN(const Books::Account credit,
                     context.books->FindAccount(t.credit_account));
    for (const auto& [id, kind] : {std::pair{t.debit_account, debit.kind},
                                   std::pair{t.credit_account, credit.kind}}) {
      if (kind == kKindCards) return errors::CardFloatAccount(id);
    }
    int64_t debit_after = 0;
    int64_t credit_after = 0;
    if (__builtin_sub_overflow(debit.balance, t.amount, &debit_after) ||
        __builtin_add_overflow(credit.balance, t.amount, &credit_after)) {
      return errors::TransferBalanceOverflow();
    }
    if (debit_after < 0 && !MayGoNegative(debit.kind)) {
      return errors::InsufficientPoints(t.debit_account, /*household=*/0,
                                        debit.balance, t.amount);
    }
    EntryRecord body;
    TransferBody* transfer = body.mutable_transfer();
    transfer->set_debit_account(t.debit_account);
    transfer->set_credit_account(t.credit_account);
    transfer->set_amount(t.amount);
    transfer->set_reason_code(t.reason_code);
    transfer->set_memo(t.memo);
    transfer->set_reverses(reverses);
    return body;
  }

  static absl::StatusOr<EntryRecord> CheckReverse(
      const ReverseTransfer& reverse, const CheckContext& context) {
    ASSIGN_OR_RETURN(const EntryRecord original,
                     AsTransfer(context.books->FindEntry(reverse.original),
                                reverse.original, context.domains));
    const Domain* domain = context.domains.ForEntry(original);
    if (domain == nullptr || !domain->PlainTransfers()) {
      return errors::NotAPlainTransfer(reverse.original);
    }
    const TransferBody& t = original.transfer();
    if (t.reverses() != 0) {
      return errors::CannotReverseReversal(reverse.original);
    }
    ASSIGN_OR_RETURN(
        const std::optional<std::string> reversal,
        context.views->Get(Cf::kReversals, IdKey(reverse.original)));
    if (reversal.has_value()) return errors::AlreadyReversed(reverse.original);
    const MakeTransfer back{t.credit_account(), t.debit_account(), t.amount(),
                            kReversalReasonCode, reverse.memo};
    return CheckTransfer(back, reverse.original, context);
  }
};

}  // namespace

const Domain& OpeningDomain() {
  static const Opening* const kDomain = new Opening();
  return *kDomain;
}

const Domain& TransferDomain() {
  static const Transfer* const kDomain = new Transfer();
  return *kDomain;
}

}  // namespace jiamei::storage
