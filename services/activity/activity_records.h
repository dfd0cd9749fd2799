// Volunteer service's records as API messages, and what is computed from
// them: a volunteer's archive, a unit's or team's figures, a certificate's
// text.
#ifndef JIAMEI_SERVICES_ACTIVITY_ACTIVITY_RECORDS_H_
#define JIAMEI_SERVICES_ACTIVITY_ACTIVITY_RECORDS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "jiamei/v1/activities.pb.h"
#include "storage/activity/activity_reader.h"
#include "storage/core/records.pb.h"
#include "storage/core/store.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

std::string ActivityName(uint64_t id);
std::string RecordName(uint64_t id);
std::string CertificateName(uint64_t id);

void ActivityToProto(const storage::ActivityRecord& record,
                     jiamei::v1::Activity* out);
void ParticipationToProto(uint64_t activity, uint64_t volunteer,
                          const storage::ActivityFields& fields,
                          const storage::ParticipationRecord& record,
                          jiamei::v1::Participation* out);
// The answer to a certificate's issue or verification.
void CertificateToProto(const storage::CertificateRecord& record,
                        jiamei::v1::Certificate* out);
// "{id}-{16 hex of the SHA-256 of the text}".
std::string VerificationCode(uint64_t id, absl::string_view text);

// Appends `unit` and every unit below it, `depth` levels down.
absl::Status Subtree(const storage::RegistryReader& reader, uint64_t unit,
                     int depth, std::vector<uint64_t>* units);
// Whether `activity` counts in the figures of `from` to `to`: confirmed,
// and starting on one of those days (UTC+8).
bool HeldIn(const storage::ActivityRecord& activity, absl::CivilDay from,
            absl::CivilDay to);
// Calls `fn(volunteer, participation, line)` for each participant of
// `activity` who attended (checked in, or was given a service record), in
// sign-up order; `line` is the service line as it stands after any
// corrections, or null while the hours are not confirmed.
absl::Status ForEachAttendance(
    const storage::ActivityReader& activities,
    const storage::ActivityRecord& activity,
    const std::function<absl::Status(uint64_t,
                                     const storage::ParticipationRecord&,
                                     const storage::ServiceLine*)>& fn);
// Calls `fn(volunteer, line)` for each participant of `activity` whose hours
// were confirmed, the line as it stands after any corrections.
absl::Status ForEachService(
    const storage::ActivityReader& activities,
    const storage::ActivityRecord& activity,
    const std::function<void(uint64_t, const storage::ServiceLine&)>& fn);

class ActivityRecords {
 public:
  explicit ActivityRecords(const storage::Store* store) : store_(store) {}

  absl::Status ServiceRecordToProto(const storage::ServiceRecordRecord& record,
                                    jiamei::v1::ServiceRecord* out) const;
  absl::Status FillArchive(uint64_t volunteer, jiamei::v1::Archive* out) const;
  // The figures of the activities of `unit` and below (or, with `team`, of
  // those that invited the team) starting from `from` to `to`.
  absl::Status FillFigures(uint64_t unit, uint64_t team, absl::CivilDay from,
                           absl::CivilDay to,
                           jiamei::v1::ServiceFigures* out) const;
  // The certificate's text for `volunteer`'s service from `from` to `to`.
  absl::StatusOr<std::string> CertificateText(uint64_t volunteer,
                                              absl::CivilDay from,
                                              absl::CivilDay to) const;

 private:
  const storage::Store* store_;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_ACTIVITY_ACTIVITY_RECORDS_H_
