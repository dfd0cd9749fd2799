#include "storage/registry/registry_domain.h"

#include "storage/core/status_macros.h"
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
    ASSIGN_OR_RETURN(
        *body.mutable_registry(),
        RegistryState(context.views).Check(Requested(command), context.head));
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

  const AccountOpening* OpenedAccount(const EntryRecord& entry) const override {
    return entry.registry().has_account() ? &entry.registry().account()
                                          : nullptr;
  }

  Command::Op AsRequested(const EntryRecord& entry) const override {
    return storage::AsRequested(entry.registry());
  }
};

}  // namespace

const Domain& RegistryDomain() {
  static const Registry* const kDomain = new Registry();
  return *kDomain;
}

}  // namespace jiamei::storage
