#include "services/registry/organization_service.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/validation.h"
#include "services/registry/registry_convert.h"
#include "services/registry/registry_errors.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::Command;
using storage::EntryRecord;
using storage::Index;

// The units of a subtree in walk order (each before its children, children
// by id), starting after position `skip`, at most `limit`.
absl::Status Walk(const storage::RegistryReader& reader, uint64_t unit,
                  uint64_t* position, uint64_t skip, int limit,
                  std::vector<uint64_t>* out) {
  if (static_cast<int>(out->size()) >= limit) return absl::OkStatus();
  if (++*position > skip) out->push_back(unit);
  ASSIGN_OR_RETURN(std::vector<uint64_t> children,
                   reader.ListIds(Index::kUnitChild, unit, 0, INT32_MAX));
  for (uint64_t child : children) {
    RETURN_IF_ERROR(Walk(reader, child, position, skip, limit, out));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status OrganizationService::ReadUnit(uint64_t id,
                                           jiamei::v1::Unit* response) const {
  ASSIGN_OR_RETURN(storage::UnitRecord unit,
                   storage::RegistryReader(core_.store).GetUnit(id));
  UnitToProto(unit, response);
  return absl::OkStatus();
}

absl::StatusOr<Command> OrganizationService::CommandFromProto(
    const Principal& caller,
    const jiamei::v1::CreateUnitRequest& request) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  const jiamei::v1::Unit& unit = request.unit();
  RETURN_IF_ERROR(ValidateIdentifier(unit.code(), "code", 32, false, "-"));
  RETURN_IF_ERROR(ValidateDisplayName(unit.display_name()));
  if (unit.level() == jiamei::v1::UNIT_LEVEL_UNSPECIFIED ||
      !jiamei::v1::UnitLevel_IsValid(unit.level())) {
    return errors::LevelNotNamed();
  }
  ASSIGN_OR_RETURN(uint64_t parent,
                   ParseOptionalName(unit.parent(), "units", "parent"));
  RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, parent));
  storage::RegistryChange change;
  storage::UnitCreated* created = change.mutable_unit_created();
  created->set_code(unit.code());
  created->set_display_name(unit.display_name());
  created->set_level(unit.level());
  created->set_parent(parent);
  return Command{request.request_id(), std::move(change)};
}

grpc::ServerUnaryReactor* OrganizationService::CreateUnit(
    grpc::CallbackServerContext* context,
    const jiamei::v1::CreateUnitRequest* request, jiamei::v1::Unit* response) {
  return ServeWrite(
      core_, context, kOrganizationPermissions.Of("CreateUnit"), response,
      [&](const Principal& caller) {
        return CommandFromProto(caller, *request);
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Unit* out) {
        return ReadUnit(entry.registry().unit_created().unit_id(), out);
      });
}

grpc::ServerUnaryReactor* OrganizationService::RenameUnit(
    grpc::CallbackServerContext* context,
    const jiamei::v1::RenameUnitRequest* request, jiamei::v1::Unit* response) {
  return ServeWrite(
      core_, context, kOrganizationPermissions.Of("RenameUnit"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(uint64_t id,
                         ParseName(request->name(), "units", "name"));
        RETURN_IF_ERROR(ValidateDisplayName(request->display_name()));
        RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, id));
        storage::RegistryChange change;
        change.mutable_unit_renamed()->set_unit_id(id);
        change.mutable_unit_renamed()->set_display_name(
            request->display_name());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Unit* out) {
        return ReadUnit(entry.registry().unit_renamed().unit_id(), out);
      });
}

grpc::ServerUnaryReactor* OrganizationService::GetUnit(
    grpc::CallbackServerContext* context,
    const jiamei::v1::GetUnitRequest* request, jiamei::v1::Unit* response) {
  const Permission& permission = kOrganizationPermissions.Of("GetUnit");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t id, ParseName(request->name(), "units", "name"));
    RETURN_IF_ERROR(ReadUnit(id, response));
    return core_.access->RequireUnitOrAncestor(caller, id);
  });
}

grpc::ServerUnaryReactor* OrganizationService::ListUnits(
    grpc::CallbackServerContext* context,
    const jiamei::v1::ListUnitsRequest* request,
    jiamei::v1::ListUnitsResponse* response) {
  const Permission& permission = kOrganizationPermissions.Of("ListUnits");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t parent,
                     ParseOptionalName(request->parent(), "units", "parent"));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, parent));
    return ListIdPage(
        core_, Index::kUnitChild, parent,
        absl::StrCat("units/", parent, "/children"), request->page_size(),
        request->page_token(), response->mutable_next_page_token(),
        [&](uint64_t id) { return ReadUnit(id, response->add_units()); });
  });
}

grpc::ServerUnaryReactor* OrganizationService::WalkUnits(
    grpc::CallbackServerContext* context,
    const jiamei::v1::WalkUnitsRequest* request,
    jiamei::v1::WalkUnitsResponse* response) {
  const Permission& permission = kOrganizationPermissions.Of("WalkUnits");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t root,
                     ParseName(request->root(), "units", "root"));
    ASSIGN_OR_RETURN(int page_size, ValidatePageSize(request->page_size()));
    const std::string list = absl::StrCat("units/", root, "/walk");
    ASSIGN_OR_RETURN(uint64_t skip,
                     core_.page_tokens->Resume(list, request->page_token(), 0));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, root));
    const storage::RegistryReader reader(core_.store);
    // Positions in walk order; a tree of a few hundred units is walked
    // from the root for each page.
    std::vector<uint64_t> ids;
    uint64_t position = 0;
    RETURN_IF_ERROR(Walk(reader, root, &position, skip, page_size + 1, &ids));
    if (static_cast<int>(ids.size()) > page_size) {
      ids.pop_back();
      response->set_next_page_token(
          core_.page_tokens->Encode(list, skip + ids.size()));
    }
    for (uint64_t id : ids) {
      RETURN_IF_ERROR(ReadUnit(id, response->add_units()));
    }
    return absl::OkStatus();
  });
}

}  // namespace jiamei::services
