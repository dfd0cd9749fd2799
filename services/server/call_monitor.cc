#include "services/server/call_monitor.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "services/common/common_errors.h"
#include "services/common/status_mapping.h"
#include "services/common/validation.h"

namespace jiamei::services {
namespace {

using grpc::experimental::InterceptionHookPoints;

std::atomic<CallMonitor*> handshake_counter{nullptr};

// The request_id of a jiamei.v1 request (a top-level string field), "" if
// it has none or it is not a valid one (it is logged only when it is).
std::string RequestIdOf(const google::protobuf::Message* request) {
  if (request == nullptr) return "";
  const google::protobuf::FieldDescriptor* field =
      request->GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  std::string id = request->GetReflection()->GetString(*request, field);
  return ValidateRequestId(id).ok() ? id : "";
}

class CallObserver : public grpc::experimental::Interceptor {
 public:
  CallObserver(CallMonitor* monitor, grpc::experimental::ServerRpcInfo* info)
      : monitor_(monitor),
        method_(info->method()),
        known_(monitor->IsKnown(method_)),
        unary_(info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY),
        start_(absl::Now()) {
    monitor_->CallStarted(unary_);
  }

  ~CallObserver() override {
    if (!answered_) Answered(grpc::Status::CANCELLED);
    monitor_->CallFinished(unary_);
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    // jiamei.v1's requests are protobuf messages; other services' (health)
    // may be raw bytes, so only those are read.
    if (known_ &&
        methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        absl::StartsWith(method_, "/jiamei.v1.")) {
      request_ = static_cast<const google::protobuf::Message*>(
          methods->GetRecvMessage());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Answered(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void Answered(grpc::Status status) {
    answered_ = true;
    CallMonitor::Ended ended{method_, known_, std::move(status), "",
                             absl::Now() - start_};
    if (!ended.status.ok()) ended.request_id = RequestIdOf(request_);
    monitor_->CallAnswered(ended);
  }

  CallMonitor* const monitor_;
  const char* const method_;
  const bool known_;
  const bool unary_;
  const absl::Time start_;
  const google::protobuf::Message* request_ = nullptr;
  bool answered_ = false;
};

class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(CallMonitor* monitor) : monitor_(monitor) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallObserver(monitor_, info);
  }

 private:
  CallMonitor* const monitor_;
};

}  // namespace

void InstallHandshakeCounter(CallMonitor* monitor) {
  handshake_counter.store(monitor, std::memory_order_release);
}

bool CountRefusedHandshake() {
  CallMonitor* monitor = handshake_counter.load(std::memory_order_acquire);
  if (monitor == nullptr) return false;
  monitor->HandshakeRefused();
  return true;
}

CallMonitor::CallMonitor(Metrics* metrics, EventLog* log,
                         const std::vector<std::string>& services)
    : metrics_(metrics), log_(log) {
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        pool->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      known_.insert(absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  // gRPC's own health service is not in the generated pool.
  known_.insert("/grpc.health.v1.Health/Check");
  known_.insert("/grpc.health.v1.Health/Watch");
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
CallMonitor::NewFactory() {
  return std::make_unique<Factory>(this);
}

bool CallMonitor::IsKnown(const char* method) const {
  return method != nullptr && known_.contains(method);
}

void CallMonitor::BeginDrain() { BeginShuttingDown(); }

bool CallMonitor::AwaitIdle(absl::Duration quiet, absl::Time deadline) {
  const auto none = +[](int64_t* n) { return *n == 0; };
  const auto some = +[](int64_t* n) { return *n > 0; };
  absl::MutexLock lock(&mu_);
  while (true) {
    const absl::Time now = absl::Now();
    if (in_flight_ == 0 && now - last_start_ >= quiet) return true;
    if (now >= deadline) return false;
    if (in_flight_ > 0) {
      mu_.AwaitWithDeadline(absl::Condition(none, &in_flight_), deadline);
    } else {
      // Idle: wait out the quiet time, or until a call arrives.
      mu_.AwaitWithDeadline(absl::Condition(some, &in_flight_),
                            std::min(deadline, last_start_ + quiet));
    }
  }
}

int64_t CallMonitor::in_flight() const {
  absl::MutexLock lock(&mu_);
  return in_flight_;
}

void CallMonitor::HandshakeRefused() {
  metrics_->HandshakeRefused();
  absl::MutexLock lock(&mu_);
  ++junk_.handshake_refused;
}

JunkCounts CallMonitor::TakeJunk() {
  absl::MutexLock lock(&mu_);
  return std::exchange(junk_, JunkCounts{});
}

void CallMonitor::CallStarted(bool unary) {
  if (!unary) return;
  absl::MutexLock lock(&mu_);
  ++in_flight_;
  last_start_ = absl::Now();
}

void CallMonitor::CallFinished(bool unary) {
  if (!unary) return;
  absl::MutexLock lock(&mu_);
  --in_flight_;
}

void CallMonitor::CallAnswered(const Ended& call) {
  const grpc::StatusCode code = call.status.error_code();
  const std::string reason = call.status.ok() ? "" : ReasonOf(call.status);
  const char* method = call.known ? call.method : "unknown";
  metrics_->CallEnded(method, code, reason, call.latency);
  if (code == grpc::StatusCode::OK) return;
  const bool unauthenticated = code == grpc::StatusCode::UNAUTHENTICATED;
  const bool malformed = reason == errors::kMalformedRequest;
  if (!call.known || unauthenticated || malformed) {
    absl::MutexLock lock(&mu_);
    ++(!call.known       ? junk_.unknown_method
       : unauthenticated ? junk_.unauthenticated
                         : junk_.malformed);
    return;
  }
  log_->Write(
      "call",
      {{"method", method},
       {"code", absl::StatusCodeToString(static_cast<absl::StatusCode>(code))},
       {"reason", reason},
       {"request_id", call.request_id.empty() ? "-" : call.request_id},
       {"latency_ms",
        absl::StrFormat("%.1f", absl::ToDoubleMilliseconds(call.latency))}});
}

}  // namespace jiamei::services
