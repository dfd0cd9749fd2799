#include "storage/activity/activity_domain.h"

#include "storage/activity/activity_state.h"
#include "storage/core/status_macros.h"

namespace jiamei::storage {
namespace {

class Activity final : public ChangeDomain<ActivityChange> {
 public:
  absl::string_view name() const override { return "activity"; }
  EntryRecord::BodyCase body_case() const override {
    return EntryRecord::kActivity;
  }
  uint64_t tag() const override { return 6; }

  absl::StatusOr<EntryRecord> Check(
      const Command& command, const CheckContext& context) const override {
    EntryRecord body;
    ASSIGN_OR_RETURN(
        *body.mutable_activity(),
        ActivityState(context.views)
            .Check(Requested(command), context.head, context.time_micros));
    return body;
  }

  absl::Status Apply(const EntryRecord& entry, const ApplyContext& context,
                     HeadRecord* head) const override {
    return ActivityState(context.views).Apply(entry, head);
  }

  const google::protobuf::RepeatedPtrField<TransferBody>* ListedTransfers(
      const EntryRecord& entry) const override {
    return &entry.activity().transfers();
  }

  Command::Op AsRequested(const EntryRecord& entry) const override {
    return storage::AsRequested(entry.activity());
  }
};

}  // namespace

const Domain& ActivityDomain() {
  static const Activity* const kDomain = new Activity();
  return *kDomain;
}

}  // namespace jiamei::storage
