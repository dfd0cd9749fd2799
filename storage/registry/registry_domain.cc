#include "storage/registry/registry_domain.h"

#include <utility>
#include <vector>

#include "storage/core/canonical_writer.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_import.h"
#include "storage/registry/registry_state.h"

namespace jiamei::storage {
namespace {

class Registry final : public ChangeDomain<RegistryChange> {
 public:
  absl::string_view name() const override { return "registry"; }
  EntryRecord::BodyCase body_case() const override {
    return EntryRecord::kRegistry;
  }
  uint64_t tag() const override { return 4; }

  absl::StatusOr<EntryRecord> Check(
      const Command& command, const CheckContext& context) const override {
    EntryRecord body;
    std::vector<RegistryChange> more;
    ASSIGN_OR_RETURN(*body.mutable_registry(),
                     RegistryState(context.views)
                         .Check(Requested(command), context.head, &more));
    for (RegistryChange& change : more) {
      *context.more_bodies->emplace_back().mutable_registry() =
          std::move(change);
    }
    return body;
  }

  absl::Status Apply(const EntryRecord& entry, const ApplyContext& context,
                     HeadRecord* head) const override {
    return RegistryState(context.views)
        .Apply(entry, context.password_hash, head);
  }

  void AccountOpened(const AccountOpening& opening,
                     Views* views) const override {
    IndexAccount(opening, views);
  }

  void OpenedAccounts(const EntryRecord& entry,
                      std::vector<const AccountOpening*>* out) const override {
    const RegistryChange& change = entry.registry();
    if (change.has_account()) out->push_back(&change.account());
    for (const ImportedHousehold& h :
         change.households_imported().households()) {
      if (h.has_account()) out->push_back(&h.account());
    }
  }

  Command::Op AsRequested(const EntryRecord& entry) const override {
    return storage::AsRequested(entry.registry());
  }

  // A whole import is fingerprinted as its first entry was requested
  // (AsRequested of that entry), which carries the digest of every row:
  // so that the audit, which sees only entries, recomputes it.
  void WriteRequest(const Command& command, CanonicalWriter* w) const override {
    const RegistryChange& requested = Requested(command);
    if (!requested.has_households_imported() ||
        !IsWholeImport(requested.households_imported())) {
      return Domain::WriteRequest(command, w);
    }
    RegistryChange first;
    *first.mutable_households_imported() = std::move(
        ImportBatches(requested.households_imported(), /*first_only=*/true)
            .front());
    w->Uint(tag()).Message(first);
  }
};

}  // namespace

const Domain& RegistryDomain() {
  static const Registry* const kDomain = new Registry();
  return *kDomain;
}

}  // namespace jiamei::storage
