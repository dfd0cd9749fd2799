#include "services/registry/access_service.h"

#include "absl/strings/str_cat.h"
#include "services/auth/auth_errors.h"
#include "services/auth/client_address.h"
#include "services/auth/password.h"
#include "services/common/convert.h"
#include "services/common/validation.h"
#include "services/registry/registry_convert.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/registry/registry_operators.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using jiamei::v1::Role;
using storage::Command;
using storage::EntryRecord;

}  // namespace

grpc::ServerUnaryReactor* AccessService::Login(
    grpc::CallbackServerContext* context,
    const jiamei::v1::LoginRequest* request,
    jiamei::v1::LoginResponse* response) {
  if (absl::Status s = CheckParsed(); !s.ok()) return Answer(context, s);
  if (request->login().size() > kMaxLoginBytes ||
      request->password().size() > kMaxPasswordBytes) {
    return Answer(context, errors::LoginTooLong());
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  RunOnPool(&password_workers_, errors::LoginBusy(), context, reactor,
            [this, reactor, request, response,
             client = ClientAddress(context->peer())] {
              absl::StatusOr<Session> session = core_.authenticator->Login(
                  request->login(), request->password(), client);
              if (session.ok()) {
                response->set_token(session->token);
                SetTime(absl::ToUnixMicros(session->expire_time),
                        response->mutable_expire_time());
                OperatorToProto(session->operator_record,
                                response->mutable_operator_());
              }
              reactor->Finish(ToGrpcStatus(session.status()));
            });
  return reactor;
}

grpc::ServerUnaryReactor* AccessService::Logout(
    grpc::CallbackServerContext* context, const jiamei::v1::LogoutRequest*,
    jiamei::v1::LogoutResponse*) {
  const Permission& permission = kAccessPermissions.Of("Logout");
  return ServeRead(core_, context, permission, [&](const Principal&) {
    return core_.authenticator->Logout(*context);
  });
}

grpc::ServerUnaryReactor* AccessService::WhoAmI(
    grpc::CallbackServerContext* context, const jiamei::v1::WhoAmIRequest*,
    jiamei::v1::Operator* response) {
  const Permission& permission = kAccessPermissions.Of("WhoAmI");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(
        storage::OperatorRecord record,
        storage::RegistryReader(core_.store).GetOperator(caller.operator_id));
    OperatorToProto(record, response);
    if (caller.scope_unit != 0) {
      response->set_scope(storage::UnitName(caller.scope_unit));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<Command> AccessService::CommandFromProto(
    const Principal& caller,
    const jiamei::v1::CreateOperatorRequest& request) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  const jiamei::v1::Operator& op = request.operator_();
  RETURN_IF_ERROR(ValidateLogin(op.login()));
  RETURN_IF_ERROR(ValidateDisplayName(op.display_name()));
  if (op.role() == jiamei::v1::ROLE_UNSPECIFIED ||
      !jiamei::v1::Role_IsValid(op.role())) {
    return errors::InvalidRole();
  }
  const bool member = op.role() == jiamei::v1::ROLE_MEMBER;
  ASSIGN_OR_RETURN(uint64_t person,
                   ParseOptionalName(op.person(), "people", "person"));
  ASSIGN_OR_RETURN(uint64_t scope,
                   ParseOptionalName(op.scope(), "units", "scope"));
  if (member != (person != 0)) {
    return errors::InvalidPerson();
  }
  if (member) {
    ASSIGN_OR_RETURN(storage::PersonRecord record,
                     storage::RegistryReader(core_.store).GetPerson(person));
    RETURN_IF_ERROR(core_.access->RequireUnit(caller, record.unit()));
    // Recorded for who may manage the operator; a member acts only on
    // their own household, wherever it is.
    scope = record.unit();
  } else {
    if (scope == 0 && op.role() != jiamei::v1::ROLE_ADMIN &&
        op.role() != jiamei::v1::ROLE_AUDITOR) {
      return errors::InvalidScope();
    }
    RETURN_IF_ERROR(core_.access->RequireUnit(caller, scope));
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(request.password()));
  Command command;
  command.request_id = request.request_id();
  storage::RegistryChange change;
  storage::OperatorCreated* created = change.mutable_operator_created();
  created->set_login(op.login());
  created->set_display_name(op.display_name());
  created->set_role(op.role());
  created->set_scope_unit(scope);
  created->set_person_id(person);
  command.op = std::move(change);
  command.password_hash = std::move(hash);
  return command;
}

grpc::ServerUnaryReactor* AccessService::CreateOperator(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreateOperatorRequest* request,
    jiamei::v1::Operator* response) {
  return ServeSlowWrite(
      core_, &password_workers_, errors::PasswordBusy(), context,
      kAccessPermissions.Of("CreateOperator"), response,
      [this, request](const Principal& caller) {
        return CommandFromProto(caller, *request);
      },
      [](const Principal&, const EntryRecord& entry,
         jiamei::v1::Operator* out) {
        OperatorToProto(storage::CreatedOperatorRecord(entry), out);
        return absl::OkStatus();
      });
}

absl::StatusOr<storage::OperatorRecord> AccessService::ReadOperator(
    const Principal& caller, absl::string_view name) const {
  ASSIGN_OR_RETURN(uint64_t id, ParseName(name, "operators", "name"));
  ASSIGN_OR_RETURN(storage::OperatorRecord record,
                   storage::RegistryReader(core_.store).GetOperator(id));
  RETURN_IF_ERROR(
      core_.access->RequireUnit(caller, record.operator_().scope_unit()));
  return record;
}

grpc::ServerUnaryReactor* AccessService::GetOperator(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetOperatorRequest* request,
    jiamei::v1::Operator* response) {
  const Permission& permission = kAccessPermissions.Of("GetOperator");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::OperatorRecord record,
                     ReadOperator(caller, request->name()));
    OperatorToProto(record, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AccessService::ListOperators(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ListOperatorsRequest* request,
    jiamei::v1::ListOperatorsResponse* response) {
  return ServeRead(
      core_, context, kAccessPermissions.Of("ListOperators"),
      [&](const Principal& caller) -> absl::Status {
        constexpr absl::string_view kList = "operators";
        ASSIGN_OR_RETURN(int page_size, ValidatePageSize(request->page_size()));
        ASSIGN_OR_RETURN(uint64_t after, core_.page_tokens->Resume(
                                             kList, request->page_token(), 0));
        const storage::RegistryReader reader(core_.store);
        uint64_t position = after;
        while (response->operators_size() < page_size) {
          ASSIGN_OR_RETURN(std::vector<storage::OperatorRecord> chunk,
                           reader.ListOperators(position, 256));
          if (chunk.empty()) return absl::OkStatus();
          for (const storage::OperatorRecord& record : chunk) {
            position = record.operator_().operator_id();
            ASSIGN_OR_RETURN(bool within, core_.access->Within(
                                              record.operator_().scope_unit(),
                                              caller.scope_unit));
            if (!within) continue;
            OperatorToProto(record, response->add_operators());
            if (response->operators_size() == page_size) break;
          }
        }
        response->set_next_page_token(
            core_.page_tokens->Encode(kList, position));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* AccessService::DisableOperator(
    grpc::CallbackServerContext* context,
    const jiamei::v1::DisableOperatorRequest* request,
    jiamei::v1::Operator* response) {
  return ServeWrite(
      core_, context, kAccessPermissions.Of("DisableOperator"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::OperatorRecord record,
                         ReadOperator(caller, request->name()));
        const uint64_t id = record.operator_().operator_id();
        if (id == caller.operator_id) {
          return errors::CannotDisableSelf();
        }
        storage::RegistryChange change;
        change.mutable_operator_disabled()->set_operator_id(id);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Operator* out) {
        const uint64_t id = entry.registry().operator_disabled().operator_id();
        core_.authenticator->Forget(id);
        ASSIGN_OR_RETURN(storage::OperatorRecord record,
                         storage::RegistryReader(core_.store).GetOperator(id));
        OperatorToProto(record, out);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* AccessService::ChangePassword(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ChangePasswordRequest* request,
    jiamei::v1::ChangePasswordResponse* response) {
  return ServeSlowWrite(
      core_, &password_workers_, errors::PasswordBusy(), context,
      kAccessPermissions.Of("ChangePassword"), response,
      [this, request, client = ClientAddress(context->peer())](
          const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidatePassword(request->new_password()));
        ASSIGN_OR_RETURN(
            storage::CredentialRecord credential,
            core_.authenticator->CheckPassword(
                caller.operator_id, request->old_password(), client));
        ASSIGN_OR_RETURN(std::string hash,
                         HashPassword(request->new_password()));
        storage::RegistryChange change;
        change.mutable_password_changed()->set_operator_id(caller.operator_id);
        // One password change per credential: a retry of the same change
        // finds the first answer.
        Command command{absl::StrCat("password:", caller.operator_id, ":",
                                     credential.sequence()),
                        std::move(change)};
        command.password_hash = std::move(hash);
        return command;
      },
      [this](const Principal& caller, const EntryRecord&,
             jiamei::v1::ChangePasswordResponse*) {
        core_.authenticator->Forget(caller.operator_id);
        return absl::OkStatus();
      });
}

}  // namespace jiamei::services
