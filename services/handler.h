// What every handler does around its own logic: find out who calls, answer
// a read at once, or submit a command and answer when its batch is durable.
// Handlers stay thin: authenticate, check role and scope, validate, then
// read or submit.
#ifndef JIAMEI_SERVICES_HANDLER_H_
#define JIAMEI_SERVICES_HANDLER_H_

#include <utility>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/access.h"
#include "services/authenticator.h"
#include "services/page_token.h"
#include "services/status_mapping.h"
#include "storage/commands.h"
#include "storage/sequencer.h"
#include "storage/store.h"

namespace jiamei::services {

// What the services share.
struct Core {
  storage::Store* store;
  storage::Sequencer* sequencer;
  Authenticator* authenticator;
  const Access* access;
  const PageTokens* page_tokens;
};

// Answers at once: for reads and for requests refused at the door.
inline grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                        const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Authenticates, then runs `read(caller)` and answers with its status.
template <typename Read>
grpc::ServerUnaryReactor* ServeRead(const Core& core,
                                    grpc::CallbackServerContext* context,
                                    Read read) {
  absl::StatusOr<Principal> caller = core.authenticator->Authenticate(*context);
  if (!caller.ok()) return Answer(context, caller.status());
  return Answer(context, read(*caller));
}

// Authenticates, then asks `make(caller)` for the command (or the refusal),
// submits it as the caller's, and once it is durable runs
// `fill(caller, entry, response)` on the sequencer's completion thread.
template <typename Response, typename Make, typename Fill>
grpc::ServerUnaryReactor* ServeWrite(const Core& core,
                                     grpc::CallbackServerContext* context,
                                     Response* response, Make make, Fill fill) {
  absl::StatusOr<Principal> caller = core.authenticator->Authenticate(*context);
  if (!caller.ok()) return Answer(context, caller.status());
  absl::StatusOr<storage::Command> command = make(*caller);
  if (!command.ok()) return Answer(context, command.status());
  command->actor = caller->operator_id;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  core.sequencer->Submit(
      *std::move(command),
      [reactor, response, fill, caller = *caller](storage::Outcome outcome) {
        absl::Status status = outcome.status();
        if (outcome.ok()) status = fill(caller, *outcome, response);
        reactor->Finish(ToGrpcStatus(status));
      });
  return reactor;
}

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_HANDLER_H_
