// jiamei-bench's volunteer-service phases: `checkin` (every household's
// head, enrolled as a volunteer, checked in to one activity by the
// organiser, 16 at a time) and `confirm` (that activity closed and its
// hours confirmed in one call, timed).
#ifndef JIAMEI_CLIENTS_BENCH_ACTIVITY_H_
#define JIAMEI_CLIENTS_BENCH_ACTIVITY_H_

#include <memory>
#include <string>
#include <vector>

#include "clients/bench_common.h"
#include "clients/bench_report.h"
#include "grpcpp/grpcpp.h"
#include "jiamei/v1/activities.grpc.pb.h"

namespace jiamei::bench {

// Enrols every head as a volunteer; their "volunteers/N" names.
grpc::Status EnrollAll(const std::shared_ptr<grpc::Channel>& channel,
                       RequestIds* ids, const std::vector<std::string>& heads,
                       std::vector<std::string>* volunteers);

// A running activity of the village with every volunteer signed up; then
// each checked in by the organiser, 16 calls at a time, each timed. Leaves
// the activity's name in `activity`; sets `failed` if a call fails.
Row TimeCheckIns(jiamei::v1::ActivityService::Stub* stub, RequestIds* ids,
                 const std::string& village,
                 const std::vector<std::string>& volunteers, int round,
                 std::string* activity, bool* failed);

// Checks everyone out, closes `activity` and times its confirmation.
Row TimeConfirm(jiamei::v1::ActivityService::Stub* stub, RequestIds* ids,
                const std::string& activity,
                const std::vector<std::string>& volunteers, int round,
                bool* failed);

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_ACTIVITY_H_
