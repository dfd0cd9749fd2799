#include "storage/audit/audit_domain.h"

namespace jiamei::storage {
namespace {

class Loss final : public ChangeDomain<LossAccepted> {
 public:
  absl::string_view name() const override { return "audit.loss"; }
  EntryRecord::BodyCase body_case() const override {
    return EntryRecord::kLoss;
  }
  uint64_t tag() const override { return 9; }

  // Nothing to check: the server logs what it found.
  absl::StatusOr<EntryRecord> Check(const Command& command,
                                    const CheckContext&) const override {
    EntryRecord body;
    *body.mutable_loss() = Requested(command);
    return body;
  }

  Command::Op AsRequested(const EntryRecord& entry) const override {
    return entry.loss();
  }
};

}  // namespace

const Domain& LossDomain() {
  static const Loss* const kDomain = new Loss();
  return *kDomain;
}

}  // namespace jiamei::storage
