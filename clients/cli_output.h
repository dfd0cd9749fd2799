// How the jiamei CLI shows the server's answers on stdout: aligned
// "key: value" lines for one resource, a table for a list, or, for scripts,
// one JSON object per line.
#ifndef JIAMEI_CLIENTS_CLI_OUTPUT_H_
#define JIAMEI_CLIENTS_CLI_OUTPUT_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/message.h"
#include "grpc/health/v1/health.pb.h"
#include "jiamei/v1/access.pb.h"
#include "jiamei/v1/activities.pb.h"
#include "jiamei/v1/audit.pb.h"
#include "jiamei/v1/cards.pb.h"
#include "jiamei/v1/ledger.pb.h"
#include "jiamei/v1/organization.pb.h"
#include "jiamei/v1/policy.pb.h"
#include "jiamei/v1/registry.pb.h"
#include "jiamei/v1/supermarket.pb.h"
#include "jiamei/v1/volunteers.pb.h"

namespace jiamei::cli {

// The ways flags may spell an enum value, the one output uses first: the
// value's name without its enum's prefix, in lower case (UNIT_LEVEL_VILLAGE
// -> "village"), after a shorter word where there is one
// (ROLE_DESK_OPERATOR -> "desk", "desk_operator").
std::vector<std::string> Spellings(
    const google::protobuf::EnumValueDescriptor& value);

// How output spells an enum value: "village", "desk", "household".
template <typename Enum>
std::string Word(Enum value) {
  const google::protobuf::EnumValueDescriptor* descriptor =
      google::protobuf::GetEnumDescriptor<Enum>()->FindValueByNumber(value);
  return descriptor == nullptr ? absl::StrCat(static_cast<int>(value))
                               : Spellings(*descriptor).front();
}

// Readable output, one overload per kind of answer.
void Print(const v1::Account& account);
void Print(const v1::Transfer& transfer);
void Print(const v1::ListAccountsResponse& page);
void Print(const v1::ListAccountHistoryResponse& page);
void Print(const v1::Digest& digest);
void Print(const v1::AuditReport& report);
void Print(const grpc::health::v1::HealthCheckResponse& health);
// Who logged in and until when; never the token.
void Print(const v1::LoginResponse& login);
void Print(const v1::LogoutResponse& logout);
void Print(const v1::ChangePasswordResponse& changed);
void Print(const v1::Operator& op);
void Print(const v1::ListOperatorsResponse& page);
void Print(const v1::Unit& unit);
void Print(const v1::ListUnitsResponse& page);
// Indented: each unit under its parent.
void Print(const v1::WalkUnitsResponse& page);
// With its members, as the server shows them (phones and ID numbers masked
// for roles that need not see them), and its care categories if any.
void Print(const v1::Household& household);
void Print(const v1::ListHouseholdsResponse& page);
void Print(const v1::SearchHouseholdsResponse& page);
void Print(const v1::Person& person);
void Print(const v1::CareCategory& category);
void Print(const v1::ListCareCategoriesResponse& page);
void Print(const v1::Volunteer& volunteer);
void Print(const v1::Team& team);
void Print(const v1::ListTeamsResponse& page);
// The points supermarket.
void Print(const v1::Rule& rule);
void Print(const v1::ListRulesResponse& page);
void Print(const v1::Award& award);
// Each line of `request` (from the file lines `line_numbers`) accepted or
// refused, and the batch's totals and request id.
void Print(const v1::AwardBatchRequest& request,
           const std::vector<int>& line_numbers,
           const v1::AwardBatchResponse& response);
void Print(const v1::Site& site);
void Print(const v1::ListSitesResponse& page);
void Print(const v1::Good& good);
void Print(const v1::ListGoodsResponse& page);
void Print(const v1::StockMovement& movement);
void Print(const v1::ListStockMovementsResponse& page);
// With its lines, and the void if there is one.
void Print(const v1::Redemption& redemption);
void Print(const v1::ListRedemptionsResponse& page);
// The report: its totals, each difference, then the counts that agreed.
void Print(const v1::Stocktake& stocktake);
void Print(const v1::ListStocktakesResponse& page);
// The text as it is, for the desk printer.
void Print(const v1::Receipt& receipt);
void Print(const v1::UploadDeskQueueResponse& response);
void Print(const v1::Statement& statement);
void Print(const v1::MarketFigures& figures);
void Print(const v1::Activity& activity);
void Print(const v1::ListActivitiesResponse& page);
void Print(const v1::Participation& participation);
void Print(const v1::OrganiserCheckResponse& response);
void Print(const v1::ListParticipationsResponse& page);
void Print(const v1::CheckInCode& code);
void Print(const v1::ConfirmHoursResponse& response);
void Print(const v1::ServiceRecord& record);
void Print(const v1::Archive& archive);
void Print(const v1::ServiceFigures& figures);
void Print(const v1::Certificate& certificate);
void Print(const v1::VerifyCertificateResponse& response);
void Print(const v1::Card& card);
void Print(const v1::CardBatch& batch);
void Print(const v1::ListCardsResponse& page);
// Points policy. A unit's own settings ("inherited" where it set none).
void Print(const v1::UnitPolicy& policy);
// Each setting: the unit's own, the one in force and the unit it is from.
void Print(const v1::UnitPolicyView& view);
// With the award lines or hour adjustments it holds.
void Print(const v1::Approval& approval);
void Print(const v1::ListApprovalsResponse& page);
// Volunteers: also the hours of service and the stars reached.
void Print(const v1::Honour& honour);
void Print(const v1::ExpiryPreview& preview);
void Print(const v1::RunExpiryResponse& response);
void Print(const v1::ListExpiryRunsResponse& response);
// Names are left out (and the table says "-") for anonymous rankings.
void Print(const v1::Rankings& rankings);

// Prints `message` as one line of JSON with the proto field names and every
// field, defaults included (so scripts need not know proto3 defaults).
// Returns false, with the reason in `error`, if it cannot be converted.
bool PrintJson(const google::protobuf::Message& message, std::string* error);

}  // namespace jiamei::cli

#endif  // JIAMEI_CLIENTS_CLI_OUTPUT_H_
