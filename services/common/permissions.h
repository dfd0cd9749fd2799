// Who may call each RPC: one table per service, declared once beside its
// handlers (in the service's header, after its class), one entry per method
// of the service's descriptor (tests/unit/services/common/permissions_test.cc
// checks that every method has exactly one). The model is kvrocks'
// REDIS_REGISTER_COMMANDS: what a command may do stands beside the command.
//
//   inline constexpr auto kLedgerPermissions =
//       PermissionsOf<jiamei::v1::LedgerService>({
//           Rpc("CreateAccount", kAdmin),
//           Rpc("GetAccount", kAccountReaders),
//       });
//
// A handler passes its method's entry to ServeRead / ServeWrite /
// ServeSlowWrite or Admit (services/common/handler.h), which refuse a caller
// without one of the entry's roles before the handler's own logic runs:
// PERMISSION_DENIED (PERMISSION_DENIED) "the role ROLE_X may not make this
// call" (RequirePermission). What depends on the request (the caller's scope,
// their own household, the record a decision is about) the handler still
// checks itself, after the table.
//
// Everything here is constexpr and immutable: tables are safe to read from
// any thread.
#ifndef JIAMEI_SERVICES_COMMON_PERMISSIONS_H_
#define JIAMEI_SERVICES_COMMON_PERMISSIONS_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "services/auth/access.h"
#include "services/auth/authenticator.h"

namespace jiamei::services {

// A set of roles (jiamei.v1.Role values), built from the role sets of
// services/auth/access.h.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(Roles roles) {  // NOLINT: implicit, tables read better
    for (jiamei::v1::Role role : roles) bits_ |= Bit(role);
  }
  constexpr bool Contains(int32_t role) const {
    return role >= 0 && role < 32 && (bits_ & Bit(role)) != 0;
  }

 private:
  static constexpr uint32_t Bit(int32_t role) {
    return uint32_t{1} << static_cast<uint32_t>(role);
  }
  uint32_t bits_ = 0;
};

// Who may call one method.
struct Permission {
  enum class Callers {
    kAnyone,    // no login needed: the call itself logs in (Login)
    kLoggedIn,  // any logged-in operator, whatever the role
    kRoles,     // a logged-in operator with one of `roles`
  };
  absl::string_view method;  // as the service's descriptor names it
  Callers callers = Callers::kRoles;
  RoleSet roles;  // with kRoles; empty: nobody
};

// Entries: `Rpc(method, roles)` for most methods, `LoggedIn(method)` for the
// few any operator may call, `BeforeLogin(method)` for Login.
constexpr Permission Rpc(absl::string_view method, RoleSet roles) {
  return Permission{method, Permission::Callers::kRoles, roles};
}
constexpr Permission LoggedIn(absl::string_view method) {
  return Permission{method, Permission::Callers::kLoggedIn, RoleSet()};
}
constexpr Permission BeforeLogin(absl::string_view method) {
  return Permission{method, Permission::Callers::kAnyone, RoleSet()};
}

// The entries of one service (jiamei.v1.XService).
template <size_t N>
struct PermissionTable {
  absl::string_view service;  // the descriptor's full name
  std::array<Permission, N> entries;

  // The entry of `method`; when the table has none, an entry no caller
  // passes (so a missing entry refuses, never admits).
  const Permission& Of(absl::string_view method) const {
    for (const Permission& entry : entries) {
      if (entry.method == method) return entry;
    }
    static constexpr Permission kNobody{};
    return kNobody;
  }
  absl::Span<const Permission> All() const { return entries; }
};

// The table of the gRPC service `Service` (jiamei::v1::LedgerService): its
// entries, under the name its generated code gives it.
template <typename Service, size_t N>
constexpr PermissionTable<N> PermissionsOf(const Permission (&entries)[N]) {
  PermissionTable<N> table{Service::service_full_name(), {}};
  for (size_t i = 0; i < N; ++i) table.entries[i] = entries[i];
  return table;
}

// PERMISSION_DENIED (reason PERMISSION_DENIED, "the role ROLE_X may not make
// this call") unless `permission` admits `caller`.
absl::Status RequirePermission(const Principal& caller,
                               const Permission& permission);

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_COMMON_PERMISSIONS_H_
