#include "clients/bench_activity.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "jiamei/v1/volunteers.grpc.pb.h"

namespace jiamei::bench {
namespace {

using jiamei::v1::ActivityService;

void MoveActivity(ActivityService::Stub* stub, RequestIds* ids,
                  const std::string& activity,
                  jiamei::v1::ActivityStatus status) {
  jiamei::v1::SetActivityStatusRequest request;
  request.set_request_id(ids->Next());
  request.set_name(activity);
  request.set_status(status);
  jiamei::v1::Activity out;
  stub->SetActivityStatus(NewContext().get(), request, &out);
}

}  // namespace

grpc::Status EnrollAll(const std::shared_ptr<grpc::Channel>& channel,
                       RequestIds* ids, const std::vector<std::string>& heads,
                       std::vector<std::string>* volunteers) {
  auto stub = jiamei::v1::VolunteerService::NewStub(channel);
  for (const std::string& head : heads) {
    jiamei::v1::EnrollVolunteerRequest request;
    request.set_request_id(ids->Next());
    request.set_person(head);
    request.set_join_date("2026-01-01");
    jiamei::v1::Volunteer volunteer;
    grpc::Status status =
        stub->EnrollVolunteer(NewContext().get(), request, &volunteer);
    if (!status.ok()) return status;
    volunteers->push_back(volunteer.name());
  }
  return grpc::Status::OK;
}

Row TimeCheckIns(ActivityService::Stub* stub, RequestIds* ids,
                 const std::string& village,
                 const std::vector<std::string>& volunteers, int round,
                 std::string* activity, bool* failed) {
  jiamei::v1::CreateActivityRequest create;
  create.set_request_id(ids->Next());
  jiamei::v1::Activity* a = create.mutable_activity();
  a->set_unit(village);
  a->set_title("bench cleanup");
  a->set_category(jiamei::v1::ACTIVITY_CATEGORY_ENVIRONMENT_CLEANUP);
  a->set_place("square");
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  a->mutable_start_time()->set_seconds(now - 600);
  a->mutable_end_time()->set_seconds(now + 7200);
  a->set_capacity(static_cast<int32_t>(volunteers.size()));
  a->mutable_points_rule()->set_points_per_hour(10);
  jiamei::v1::Activity created;
  grpc::Status status =
      stub->CreateActivity(NewContext().get(), create, &created);
  *activity = created.name();
  MoveActivity(stub, ids, *activity, jiamei::v1::ACTIVITY_STATUS_OPEN);
  for (const std::string& volunteer : volunteers) {
    jiamei::v1::SignUpRequest request;
    request.set_request_id(ids->Next());
    request.set_activity(*activity);
    request.set_volunteer(volunteer);
    jiamei::v1::Participation out;
    if (status.ok()) status = stub->SignUp(NewContext().get(), request, &out);
  }
  constexpr int kThreads = 16;
  std::vector<std::vector<double>> latencies(kThreads);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now();
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = t; i < volunteers.size(); i += kThreads) {
        jiamei::v1::CheckInRequest request;
        request.set_request_id(ids->Next());
        request.set_activity(*activity);
        request.set_volunteer(volunteers[i]);
        jiamei::v1::Participation out;
        const Clock::time_point begin = Clock::now();
        if (!stub->CheckIn(NewContext().get(), request, &out).ok()) ++errors;
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - begin)
                .count());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  PhaseResult result;
  result.name = "checkin";
  for (const auto& l : latencies) {
    result.latencies_ms.insert(result.latencies_ms.end(), l.begin(), l.end());
  }
  std::sort(result.latencies_ms.begin(), result.latencies_ms.end());
  result.ok = volunteers.size() - static_cast<uint64_t>(errors.load());
  result.errors[2] = static_cast<uint64_t>(errors.load());
  result.seconds = seconds;
  if (!status.ok() || errors.load() > 0) {
    std::cerr << "checkin #" << round << ": " << status.error_message() << " "
              << errors.load() << " check-ins failed\n";
    *failed = true;
  }
  return RowOf(result, round);
}

Row TimeConfirm(ActivityService::Stub* stub, RequestIds* ids,
                const std::string& activity,
                const std::vector<std::string>& volunteers, int round,
                bool* failed) {
  jiamei::v1::OrganiserCheckRequest out;
  out.set_request_id(ids->Next());
  out.set_activity(activity);
  for (const std::string& v : volunteers) out.add_volunteers(v);
  out.set_check_in(false);
  jiamei::v1::OrganiserCheckResponse checked;
  grpc::Status status = stub->OrganiserCheck(NewContext().get(), out, &checked);
  MoveActivity(stub, ids, activity, jiamei::v1::ACTIVITY_STATUS_IN_PROGRESS);
  MoveActivity(stub, ids, activity, jiamei::v1::ACTIVITY_STATUS_CLOSED);
  jiamei::v1::ConfirmHoursRequest request;
  request.set_request_id(ids->Next());
  request.set_activity(activity);
  jiamei::v1::ConfirmHoursResponse response;
  const Clock::time_point start = Clock::now();
  if (status.ok()) {
    status = stub->ConfirmHours(NewContext().get(), request, &response);
  }
  const double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!status.ok()) {
    std::cerr << "confirm #" << round << ": " << status.error_message() << "\n";
    *failed = true;
  }
  return OneCallRow("confirm", round, response.records_size(), ms);
}

}  // namespace jiamei::bench
