// Requests whose bytes do not parse. gRPC's callback server answers a
// request it cannot deserialize with UNIMPLEMENTED and an empty message,
// before any handler runs, and libprotobuf logs a line for some such
// requests (a string that is not UTF-8). To answer INVALID_ARGUMENT with a
// message instead, every jiamei.v1 request type gets its own
// grpc::SerializationTraits (declared in the generated
// jiamei/v1/*.requests.h, which every *.grpc.pb.h includes): a request
// that does not parse is delivered to its handler cleared, with the reason
// kept for the thread, and the handler refuses it (services/common/handler.h).
// gRPC's callback server parses a unary request and calls its handler on
// the same thread, unless a server interceptor is registered (the server
// registers none). The messages of a client stream may be parsed on
// another thread than the reactor's OnReadDone runs on, so their reason is
// kept by message instead. Responses and the clients' side keep gRPC's
// traits.
#ifndef JIAMEI_PROTO_MALFORMED_REQUESTS_H_
#define JIAMEI_PROTO_MALFORMED_REQUESTS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "grpcpp/impl/codegen/proto_utils.h"

namespace jiamei::wire {

// Parses `buffer` into `message`. Always OK for a payload that is present:
// when the bytes do not parse, `message` is cleared and the reason kept
// for UnparsedReason.
grpc::Status ParseRequest(grpc::ByteBuffer* buffer,
                          google::protobuf::Message* message);

// Why the request this thread parsed last did not parse; nullopt when it
// did. A handler asks before it reads its request.
std::optional<std::string> UnparsedReason();

// ParseRequest for the messages of a client stream: the reason is kept for
// `message` (whatever thread asks) until UnparsedStreamedReason takes it.
grpc::Status ParseStreamedRequest(grpc::ByteBuffer* buffer,
                                  google::protobuf::Message* message);

// Why the last message read into `message` did not parse, taken (asked
// once per message read); nullopt when it did.
std::optional<std::string> UnparsedStreamedReason(
    const google::protobuf::Message* message);

// For a log handler: true (and the text is kept as the reason) when the
// calling thread is inside ParseRequest, so that libprotobuf's complaint
// about the bytes becomes the answer instead of a log line.
bool CaptureParseComplaint(absl::string_view text);

}  // namespace jiamei::wire

// Gives `Type` (a jiamei.v1 request) the traits above, parsed by `Parse`
// (ParseRequest, or ParseStreamedRequest for a client stream's messages).
#define JIAMEI_MARK_MALFORMED_REQUESTS(Type, Parse)                           \
  namespace grpc {                                                            \
  template <>                                                                 \
  class SerializationTraits<Type, void> {                                     \
   public:                                                                    \
    static Status Serialize(const protobuf::MessageLite& msg, ByteBuffer* bb, \
                            bool* own_buffer) {                               \
      return GenericSerialize<ProtoBufferWriter, Type>(msg, bb, own_buffer);  \
    }                                                                         \
    static Status Deserialize(ByteBuffer* buffer,                             \
                              protobuf::MessageLite* msg) {                   \
      return jiamei::wire::Parse(buffer, static_cast<Type*>(msg));            \
    }                                                                         \
  };                                                                          \
  }

#endif  // JIAMEI_PROTO_MALFORMED_REQUESTS_H_
