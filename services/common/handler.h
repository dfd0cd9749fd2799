// What every handler does around its own logic: find out who calls, answer
// a read at once, or submit a command and answer when its batch is durable.
// Handlers stay thin: authenticate, check the method's permission (its
// entry in the service's table, services/common/permissions.h), check
// scope, validate, then read or submit.
#ifndef JIAMEI_SERVICES_COMMON_HANDLER_H_
#define JIAMEI_SERVICES_COMMON_HANDLER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "proto/malformed_requests.h"
#include "services/auth/access.h"
#include "services/auth/authenticator.h"
#include "services/common/common_errors.h"
#include "services/common/draining.h"
#include "services/common/page_token.h"
#include "services/common/permissions.h"
#include "services/common/status_mapping.h"
#include "services/common/validation.h"
#include "services/common/worker_pool.h"
#include "storage/core/commands.h"
#include "storage/core/refusal.h"
#include "storage/core/sequencer.h"
#include "storage/core/status_macros.h"
#include "storage/core/store.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

// What the services share.
struct Core {
  storage::Store* store;
  storage::Sequencer* sequencer;
  Authenticator* authenticator;
  const Access* access;
  const PageTokens* page_tokens;
};

// UNAVAILABLE (SHUTTING_DOWN) once the server drains before it stops
// (services/common/draining.h), so that nothing new reaches the ledger;
// else INVALID_ARGUMENT (MALFORMED_REQUEST) when the bytes of the request being
// handled did not parse (proto/malformed_requests.h). Every handler asks
// first: its request message is empty then.
inline absl::Status CheckParsed(
    const std::optional<std::string>& unparsed = wire::UnparsedReason()) {
  if (ShuttingDown()) {
    return errors::ShuttingDownRetry();
  }
  if (!unparsed.has_value()) return absl::OkStatus();
  return errors::MalformedRequest(*unparsed);
}

// CheckParsed for a message of a client stream, read into `message`.
inline absl::Status CheckStreamedParsed(
    const google::protobuf::Message* message) {
  return CheckParsed(wire::UnparsedStreamedReason(message));
}

// What every call checks first: CheckParsed (`parsed`; a client stream,
// whose messages come later, says so with OkStatus()), then who calls
// (Authenticator::Authenticate), then `permission` (RequirePermission).
// The caller, or the refusal to answer with.
inline absl::StatusOr<Principal> Admit(
    Authenticator& authenticator, const grpc::CallbackServerContext& context,
    const Permission& permission, const absl::Status& parsed = CheckParsed()) {
  RETURN_IF_ERROR(parsed);
  ASSIGN_OR_RETURN(Principal caller, authenticator.Authenticate(context));
  RETURN_IF_ERROR(RequirePermission(caller, permission));
  return caller;
}

// Answers at once: for reads and for requests refused at the door.
inline grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                        const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Admits the caller to the method of `permission`, then runs `read(caller)`
// and answers with its status.
template <typename Read>
grpc::ServerUnaryReactor* ServeRead(const Core& core,
                                    grpc::CallbackServerContext* context,
                                    const Permission& permission, Read read) {
  absl::StatusOr<Principal> caller =
      Admit(*core.authenticator, *context, permission);
  if (!caller.ok()) return Answer(context, caller.status());
  return Answer(context, read(*caller));
}

// Answers `reactor` with the refusal in `command`, or submits it as
// `caller`'s and once it is durable runs `fill(caller, entry, response)` on
// the sequencer's completion thread.
template <typename Response, typename Fill>
void SubmitWrite(const Core& core, grpc::ServerUnaryReactor* reactor,
                 const Principal& caller,
                 absl::StatusOr<storage::Command> command, Response* response,
                 Fill fill) {
  if (!command.ok()) {
    reactor->Finish(ToGrpcStatus(command.status()));
    return;
  }
  command->actor = caller.operator_id;
  core.sequencer->Submit(*std::move(command), [reactor, response, fill, caller](
                                                  storage::Outcome outcome) {
    absl::Status status = outcome.status();
    if (outcome.ok()) status = fill(caller, *outcome, response);
    reactor->Finish(ToGrpcStatus(status));
  });
}

// Admits the caller to the method of `permission`, then asks `make(caller)`
// for the command (or the refusal) and submits it (SubmitWrite). `make`
// checks the request id (ValidateRequestId) first, as every mutation does.
template <typename Response, typename Make, typename Fill>
grpc::ServerUnaryReactor* ServeWrite(const Core& core,
                                     grpc::CallbackServerContext* context,
                                     const Permission& permission,
                                     Response* response, Make make, Fill fill) {
  absl::StatusOr<Principal> caller =
      Admit(*core.authenticator, *context, permission);
  if (!caller.ok()) return Answer(context, caller.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  SubmitWrite(core, reactor, *caller, make(*caller), response, fill);
  return reactor;
}

// Runs `work()` (which answers `reactor`) on `pool`, off gRPC's threads:
// `busy` at once when the pool is full, CANCELLED without running it when
// the caller gave up while it waited (a timed-out client costs no Argon2id).
// `work` runs after the handler returned, so it captures by value.
template <typename Work>
void RunOnPool(WorkerPool* pool, const absl::Status& busy,
               grpc::CallbackServerContext* context,
               grpc::ServerUnaryReactor* reactor, Work work) {
  const bool queued = pool->TrySubmit([context, reactor, work] {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status::CANCELLED);
      return;
    }
    work();
  });
  if (!queued) reactor->Finish(ToGrpcStatus(busy));
}

// ServeWrite for a `make` too slow for a gRPC thread (Argon2id): it runs
// on `pool` (RunOnPool), so it captures by value what it uses.
template <typename Response, typename Make, typename Fill>
grpc::ServerUnaryReactor* ServeSlowWrite(const Core& core, WorkerPool* pool,
                                         const absl::Status& busy,
                                         grpc::CallbackServerContext* context,
                                         const Permission& permission,
                                         Response* response, Make make,
                                         Fill fill) {
  absl::StatusOr<Principal> caller =
      Admit(*core.authenticator, *context, permission);
  if (!caller.ok()) return Answer(context, caller.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  RunOnPool(pool, busy, context, reactor,
            [core, reactor, caller = *caller, response, make, fill] {
              SubmitWrite(core, reactor, caller, make(caller), response, fill);
            });
  return reactor;
}

// One page of a list kept as an index of ids under a parent (a unit's
// children, a village's households, a good's stock lines): checks the page
// size and token, calls `fill(id)` for each id of the page in order (oldest
// first, or newest first when `newest_first`), and sets `next_page_token`
// when more follow.
template <typename Fill>
absl::Status ListIdPage(const Core& core, storage::Index index, uint64_t parent,
                        const std::string& list, int32_t page_size,
                        const std::string& page_token,
                        std::string* next_page_token, Fill fill,
                        bool newest_first = false) {
  ASSIGN_OR_RETURN(int size, ValidatePageSize(page_size));
  ASSIGN_OR_RETURN(uint64_t from,
                   core.page_tokens->Resume(list, page_token,
                                            newest_first ? UINT64_MAX : 0));
  const storage::RegistryReader reader(core.store);
  ASSIGN_OR_RETURN(std::vector<uint64_t> ids,
                   newest_first
                       ? reader.ListIdsBefore(index, parent, from, size + 1)
                       : reader.ListIds(index, parent, from, size + 1));
  if (static_cast<int>(ids.size()) > size) {
    ids.pop_back();
    *next_page_token = core.page_tokens->Encode(list, ids.back());
  }
  for (uint64_t id : ids) {
    RETURN_IF_ERROR(fill(id));
  }
  return absl::OkStatus();
}

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_COMMON_HANDLER_H_
