#include "proto/malformed_requests.h"

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

bool CaptureParseComplaint(absl::string_view text) {
  if (!parsing.active) return false;
  if (parsing.complaint.empty()) parsing.complaint = std::string(text);
  return true;
}

}  // namespace jiamei::wire
