// RETURN_IF_ERROR and ASSIGN_OR_RETURN: the early returns of a function
// that calls others returning absl::Status or absl::StatusOr, written once.
//
//   RETURN_IF_ERROR(store->Write(&batch));
//   ASSIGN_OR_RETURN(HouseholdRecord household, reader.GetHousehold(id));
//   ASSIGN_OR_RETURN(*out, Parse(text));
//
// Both return the error status unchanged from the enclosing function, which
// must return absl::Status or absl::StatusOr<T>. `expr` is evaluated once.
#ifndef JIAMEI_STORAGE_CORE_STATUS_MACROS_H_
#define JIAMEI_STORAGE_CORE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define JIAMEI_STATUS_CONCAT_INNER(a, b) a##b
#define JIAMEI_STATUS_CONCAT(a, b) JIAMEI_STATUS_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                                           \
  do {                                                                  \
    if (::absl::Status jiamei_status_ = (expr); !jiamei_status_.ok()) { \
      return jiamei_status_;                                            \
    }                                                                   \
  } while (false)

#define ASSIGN_OR_RETURN(lhs, expr) \
  JIAMEI_ASSIGN_OR_RETURN_IMPL(     \
      JIAMEI_STATUS_CONCAT(jiamei_statusor_, __LINE__), lhs, expr)

#define JIAMEI_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr)  \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#endif  // JIAMEI_STORAGE_CORE_STATUS_MACROS_H_
