#include "proto/malformed_requests.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace jiamei::wire {
namespace {

// The most of libprotobuf's complaint kept as the reason.
constexpr size_t kMaxReasonBytes = 300;

struct Parsing {
  bool active = false;
  std::string complaint;
  std::optional<std::string> unparsed;
};
thread_local Parsing parsing;

// The reasons of client streams' messages that did not parse, by message.
struct StreamedReasons {
  absl::Mutex mutex;
  absl::flat_hash_map<const google::protobuf::Message*, std::string> reasons
      ABSL_GUARDED_BY(mutex);
};
StreamedReasons& Streamed() {
  static StreamedReasons* const streamed = new StreamedReasons;
  return *streamed;
}

}  // namespace

grpc::Status ParseRequest(grpc::ByteBuffer* buffer,
                          google::protobuf::Message* message) {
  if (buffer == nullptr) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "No payload");
  }
  parsing.active = true;
  parsing.complaint.clear();
  grpc::Status status =
      grpc::GenericDeserialize<grpc::ProtoBufferReader,
                               google::protobuf::Message>(buffer, message);
  parsing.active = false;
  if (status.ok()) {
    parsing.unparsed.reset();
    return status;
  }
  message->Clear();
  parsing.unparsed = parsing.complaint.empty()
                         ? "truncated, or a bad tag, varint or length"
                         : parsing.complaint.substr(0, kMaxReasonBytes);
  return grpc::Status::OK;
}

std::optional<std::string> UnparsedReason() { return parsing.unparsed; }

grpc::Status ParseStreamedRequest(grpc::ByteBuffer* buffer,
                                  google::protobuf::Message* message) {
  const grpc::Status status = ParseRequest(buffer, message);
  if (status.ok() && parsing.unparsed.has_value()) {
    StreamedReasons& streamed = Streamed();
    absl::MutexLock lock(&streamed.mutex);
    streamed.reasons[message] = *std::move(parsing.unparsed);
    parsing.unparsed.reset();
  }
  return status;
}

std::optional<std::string> UnparsedStreamedReason(
    const google::protobuf::Message* message) {
  StreamedReasons& streamed = Streamed();
  absl::MutexLock lock(&streamed.mutex);
  const auto it = streamed.reasons.find(message);
  if (it == streamed.reasons.end()) return std::nullopt;
  std::string reason = std::move(it->second);
  streamed.reasons.erase(it);
  return reason;
}

bool CaptureParseComplaint(absl::string_view text) {
  if (!parsing.active) return false;
  if (parsing.complaint.empty()) parsing.complaint = std::string(text);
  return true;
}

}  // namespace jiamei::wire
