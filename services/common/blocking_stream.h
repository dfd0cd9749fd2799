// A server-streaming reply written from a worker thread (never a gRPC
// callback thread): Send writes one message and waits until gRPC is done
// with it, so at most one message is held. OnDone deletes the stream.
#ifndef JIAMEI_SERVICES_COMMON_BLOCKING_STREAM_H_
#define JIAMEI_SERVICES_COMMON_BLOCKING_STREAM_H_

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/server_callback.h"

namespace jiamei::services {

template <typename Message>
class BlockingStream : public grpc::ServerWriteReactor<Message> {
 public:
  // The message Send writes next; fill it, then Send.
  Message* next() { return &message_; }

  // Writes next() and waits: OK once written, `gone` when the caller went
  // away (the call is cancelled).
  absl::Status Send(const absl::Status& gone) {
    {
      absl::MutexLock lock(&mu_);
      written_ = false;
    }
    this->StartWrite(&message_);
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&written_));
    return write_ok_ ? absl::OkStatus() : gone;
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    written_ = true;
    write_ok_ = ok;
  }
  void OnDone() override { delete this; }

 private:
  Message message_;  // the one being written
  absl::Mutex mu_;
  bool written_ ABSL_GUARDED_BY(mu_) = false;
  bool write_ok_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_COMMON_BLOCKING_STREAM_H_
