#include "services/market/market_service.h"

#include <atomic>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/auth/auth_errors.h"
#include "services/common/common_errors.h"
#include "services/common/convert.h"
#include "services/market/market_convert.h"
#include "services/market/market_errors.h"
#include "services/market/market_figures.h"
#include "services/market/market_requests.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_reader.h"
#include "storage/market/market_state.h"
#include "storage/policy/lots.h"
#include "storage/policy/policy_reader.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::Command;
using storage::EntryRecord;
using storage::Index;
using storage::MarketChange;

// Figures cover at most three years.
constexpr absl::civil_diff_t kMaxFigureDays = 3 * 366;

// The points of `household` by the day an expiry run will take them
// (points policy's lots and expiry setting).
absl::Status FillExpiring(const storage::Store* store,
                          const storage::HouseholdRecord& household,
                          jiamei::v1::Statement* out) {
  const storage::PolicyReader policies(store);
  ASSIGN_OR_RETURN(const storage::EffectivePolicy policy,
                   policies.GetEffectivePolicy(household.village()));
  ASSIGN_OR_RETURN(const storage::LotsRecord lots,
                   policies.GetLots(household.account()));
  for (const auto& [day, points] : storage::ExpiryDates(lots, policy.expiry)) {
    jiamei::v1::ExpiringPoints* expiring = out->add_expiring();
    expiring->set_date(absl::FormatCivilTime(day));
    expiring->set_points(points);
  }
  return absl::OkStatus();
}

}  // namespace

// ---- Lookups and visibility.

absl::Status MarketService::RequireSiteVisible(
    const Principal& caller, const storage::SiteRecord& site) const {
  if (!IsMember(caller)) {
    return core_.access->RequireUnitOrAncestor(caller, site.site().unit());
  }
  ASSIGN_OR_RETURN(uint64_t village, core_.access->MemberVillage(caller));
  for (uint64_t served : site.site().villages()) {
    if (served == village) return absl::OkStatus();
  }
  return errors::OutOfScope(storage::SiteName(site.site().site_id()));
}

absl::Status MarketService::RequireHousehold(const Principal& caller,
                                             uint64_t household) const {
  ASSIGN_OR_RETURN(
      storage::HouseholdRecord record,
      storage::RegistryReader(core_.store).GetHousehold(household));
  return core_.access->RequireHousehold(caller, record);
}

absl::StatusOr<storage::RuleRecord> MarketService::ReadRule(
    const Principal& caller, absl::string_view name) const {
  ASSIGN_OR_RETURN(uint64_t id, ParseName(name, "rules", "name"));
  ASSIGN_OR_RETURN(storage::RuleRecord rule,
                   storage::MarketReader(core_.store).GetRule(id));
  RETURN_IF_ERROR(
      core_.access->RequireUnitVisible(caller, rule.versions(0).rule().unit()));
  return rule;
}

absl::StatusOr<storage::SiteRecord> MarketService::ReadSite(
    const Principal& caller, absl::string_view name,
    absl::string_view field) const {
  ASSIGN_OR_RETURN(uint64_t id, ParseName(name, "sites", field));
  ASSIGN_OR_RETURN(storage::SiteRecord site,
                   storage::MarketReader(core_.store).GetSite(id));
  RETURN_IF_ERROR(RequireSiteVisible(caller, site));
  return site;
}

absl::StatusOr<storage::SiteRecord> MarketService::ReadStaffSite(
    const Principal& caller, absl::string_view name,
    absl::string_view field) const {
  ASSIGN_OR_RETURN(storage::SiteRecord site, ReadSite(caller, name, field));
  RETURN_IF_ERROR(core_.access->RequireUnit(caller, site.site().unit()));
  return site;
}

absl::StatusOr<storage::GoodRecord> MarketService::ReadGood(
    const Principal& caller, absl::string_view name,
    absl::string_view field) const {
  ASSIGN_OR_RETURN(uint64_t id, ParseName(name, "goods", field));
  const storage::MarketReader market(core_.store);
  ASSIGN_OR_RETURN(storage::GoodRecord good, market.GetGood(id));
  ASSIGN_OR_RETURN(storage::SiteRecord site, market.GetSite(good.site()));
  RETURN_IF_ERROR(RequireSiteVisible(caller, site));
  return good;
}

absl::StatusOr<storage::RedemptionRecord> MarketService::ReadRedemption(
    const Principal& caller, absl::string_view name) const {
  ASSIGN_OR_RETURN(uint64_t id, ParseName(name, "redemptions", "name"));
  const storage::MarketReader market(core_.store);
  ASSIGN_OR_RETURN(storage::RedemptionRecord record, market.GetRedemption(id));
  if (IsMember(caller)) {
    if (record.redemption().household() == caller.household) return record;
    return errors::OutOfScope(name);
  }
  ASSIGN_OR_RETURN(storage::SiteRecord site,
                   market.GetSite(record.redemption().site()));
  RETURN_IF_ERROR(core_.access->RequireUnit(caller, site.site().unit()));
  return record;
}

absl::Status MarketService::RequireGoodInScope(const Principal& caller,
                                               uint64_t good) const {
  const storage::MarketReader market(core_.store);
  ASSIGN_OR_RETURN(storage::GoodRecord record, market.GetGood(good));
  ASSIGN_OR_RETURN(storage::SiteRecord site, market.GetSite(record.site()));
  return core_.access->RequireUnit(caller, site.site().unit());
}

// ---- Rules.

grpc::ServerUnaryReactor* MarketService::PublishRule(
    Context* context, const jiamei::v1::PublishRuleRequest* request,
    jiamei::v1::Rule* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("PublishRule"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::RuleFields rule,
                         RuleFieldsFromProto(request->rule(), true));
        RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, rule.unit()));
        MarketChange change;
        *change.mutable_rule_published()->mutable_rule() = std::move(rule);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Rule* out) {
        ASSIGN_OR_RETURN(
            storage::RuleRecord rule,
            storage::MarketReader(core_.store)
                .GetRule(entry.market().rule_published().rule_id()));
        return RuleToProto(rule, 1, out);
      });
}

grpc::ServerUnaryReactor* MarketService::ReviseRule(
    Context* context, const jiamei::v1::ReviseRuleRequest* request,
    jiamei::v1::Rule* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("ReviseRule"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::RuleRecord current,
                         ReadRule(caller, request->rule().name()));
        const storage::RuleFields& first = current.versions(0).rule();
        RETURN_IF_ERROR(core_.access->RequireUnit(caller, first.unit()));
        const jiamei::v1::Rule& r = request->rule();
        if ((!r.unit().empty() &&
             r.unit() != storage::UnitName(first.unit())) ||
            (!r.code().empty() && r.code() != first.code())) {
          return errors::InvalidRuleChange();
        }
        ASSIGN_OR_RETURN(storage::RuleFields fields,
                         RuleFieldsFromProto(r, false));
        MarketChange change;
        change.mutable_rule_revised()->set_rule_id(current.id());
        *change.mutable_rule_revised()->mutable_rule() = std::move(fields);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Rule* out) {
        const storage::RuleRevised& revised = entry.market().rule_revised();
        ASSIGN_OR_RETURN(
            storage::RuleRecord rule,
            storage::MarketReader(core_.store).GetRule(revised.rule_id()));
        return RuleToProto(rule, revised.version(), out);
      });
}

grpc::ServerUnaryReactor* MarketService::GetRule(
    Context* context, const jiamei::v1::GetRuleRequest* request,
    jiamei::v1::Rule* response) {
  const Permission& permission = kMarketPermissions.Of("GetRule");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::RuleRecord rule,
                     ReadRule(caller, request->name()));
    return RuleToProto(rule, request->version(), response);
  });
}

grpc::ServerUnaryReactor* MarketService::ListRules(
    Context* context, const jiamei::v1::ListRulesRequest* request,
    jiamei::v1::ListRulesResponse* response) {
  const Permission& permission = kMarketPermissions.Of("ListRules");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    std::string valid_on;
    if (!request->valid_on().empty()) {
      RETURN_IF_ERROR(ParseDay(request->valid_on(), "valid_on").status());
      valid_on = request->valid_on();
    }
    RETURN_IF_ERROR(core_.access->RequireUnitVisible(caller, unit));
    const storage::MarketReader market(core_.store);
    ASSIGN_OR_RETURN(const std::vector<uint64_t> units,
                     market.UnitAndAncestors(unit));
    for (uint64_t above : units) {
      ASSIGN_OR_RETURN(const std::vector<storage::RuleRecord> rules,
                       market.ListRules(above));
      for (const storage::RuleRecord& rule : rules) {
        const storage::RuleFields& f = rule.versions().rbegin()->rule();
        if (!valid_on.empty() &&
            (valid_on < f.valid_from() ||
             (!f.valid_to().empty() && valid_on > f.valid_to()))) {
          continue;
        }
        RETURN_IF_ERROR(RuleToProto(rule, 0, response->add_rules()));
      }
    }
    return absl::OkStatus();
  });
}

// ---- Awards.

absl::StatusOr<Command> MarketService::MakeAward(
    const Principal& caller, const jiamei::v1::AwardPointsRequest& request,
    bool desk_queue) const {
  // The caller's role passed the entry of AwardPoints or UploadDeskQueue.
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  ASSIGN_OR_RETURN(storage::AwardsMade awards,
                   AwardFromProto(request, desk_queue, absl::Now()));
  RETURN_IF_ERROR(RequireHousehold(caller, awards.lines(0).household()));
  MarketChange change;
  *change.mutable_awards_made() = std::move(awards);
  return Command{request.request_id(), std::move(change)};
}

absl::Status MarketService::FillAward(const EntryRecord& entry,
                                      jiamei::v1::Award* out) const {
  return MarketRecords(core_.store).AwardToProto(entry, 0, out);
}

grpc::ServerUnaryReactor* MarketService::AwardPoints(
    Context* context, const jiamei::v1::AwardPointsRequest* request,
    jiamei::v1::Award* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("AwardPoints"), response,
      [&](const Principal& caller) {
        return MakeAward(caller, *request, false);
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Award* out) { return FillAward(entry, out); });
}

grpc::ServerUnaryReactor* MarketService::AwardBatch(
    Context* context, const jiamei::v1::AwardBatchRequest* request,
    jiamei::v1::AwardBatchResponse* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("AwardBatch"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::AwardsMade awards, AwardsFromProto(*request));
        // A household that does not exist is refused on its own line.
        for (const storage::AwardLine& line : awards.lines()) {
          absl::Status s = RequireHousehold(caller, line.household());
          if (!s.ok() && !absl::IsNotFound(s)) return s;
        }
        MarketChange change;
        *change.mutable_awards_made() = std::move(awards);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::AwardBatchResponse* out) -> absl::Status {
        out->set_sequence(entry.sequence());
        if (entry.policy().has_proposed()) {
          out->set_approval(
              storage::ApprovalName(entry.policy().proposed().approval_id()));
          return absl::OkStatus();
        }
        const MarketRecords records(core_.store);
        const auto& lines = entry.market().awards_made().lines();
        for (int i = 0; i < lines.size(); ++i) {
          jiamei::v1::AwardLineResult* result = out->add_results();
          result->set_line(i);
          if (!lines[i].refusal_reason().empty()) {
            result->set_refusal_reason(lines[i].refusal_reason());
            result->set_refusal_message(lines[i].refusal_message());
            out->set_refused(out->refused() + 1);
            continue;
          }
          RETURN_IF_ERROR(records.AwardToProto(
              entry, i, result->mutable_award(), /*without_transfer=*/true));
          out->set_accepted(out->accepted() + 1);
          out->set_points(out->points() + lines[i].points());
        }
        return absl::OkStatus();
      });
}

// ---- Redemptions.

absl::StatusOr<Command> MarketService::MakeRedeem(
    const Principal& caller, const jiamei::v1::RedeemRequest& request,
    bool desk_queue) const {
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  ASSIGN_OR_RETURN(storage::Redeemed redeemed,
                   RedeemedFromProto(request, desk_queue, absl::Now()));
  ASSIGN_OR_RETURN(storage::SiteRecord site,
                   storage::MarketReader(core_.store).GetSite(redeemed.site()));
  RETURN_IF_ERROR(core_.access->RequireUnit(caller, site.site().unit()));
  RETURN_IF_ERROR(RequireHousehold(caller, redeemed.household()));
  // The people it benefits, as the household is now (market_records.proto).
  ASSIGN_OR_RETURN(const int64_t members,
                   MembersAt(storage::RegistryReader(core_.store), redeemed));
  redeemed.set_members(static_cast<int32_t>(members));
  MarketChange change;
  *change.mutable_redeemed() = std::move(redeemed);
  return Command{request.request_id(), std::move(change)};
}

absl::Status MarketService::FillNewRedemption(
    const EntryRecord& entry, jiamei::v1::Redemption* out) const {
  // The record as the entry left it: a retry's answer is the first one's,
  // even after a void.
  ASSIGN_OR_RETURN(
      const storage::RedemptionRecord record,
      storage::MarketReader(core_.store)
          .GetRedemptionAsOf(entry.market().redeemed().redemption_id(),
                             entry.sequence()));
  return MarketRecords(core_.store).RedemptionToProto(record, out, &entry);
}

absl::Status MarketService::FillRedemption(uint64_t id,
                                           jiamei::v1::Redemption* out) const {
  ASSIGN_OR_RETURN(storage::RedemptionRecord record,
                   storage::MarketReader(core_.store).GetRedemption(id));
  return MarketRecords(core_.store).RedemptionToProto(record, out);
}

grpc::ServerUnaryReactor* MarketService::Redeem(
    Context* context, const jiamei::v1::RedeemRequest* request,
    jiamei::v1::Redemption* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("Redeem"), response,
      [&](const Principal& caller) {
        return MakeRedeem(caller, *request, false);
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Redemption* out) {
        return FillNewRedemption(entry, out);
      });
}

grpc::ServerUnaryReactor* MarketService::VoidRedemption(
    Context* context, const jiamei::v1::VoidRedemptionRequest* request,
    jiamei::v1::Redemption* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("VoidRedemption"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        RETURN_IF_ERROR(
            ValidateText(request->reason(), "reason", 1, kMaxMemoBytes));
        ASSIGN_OR_RETURN(storage::RedemptionRecord record,
                         ReadRedemption(caller, request->name()));
        RETURN_IF_ERROR(
            RequireHousehold(caller, record.redemption().household()));
        MarketChange change;
        change.mutable_redemption_voided()->set_redemption_id(
            record.redemption().redemption_id());
        change.mutable_redemption_voided()->set_reason(request->reason());
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Redemption* out) {
        return FillRedemption(
            entry.market().redemption_voided().redemption_id(), out);
      });
}

grpc::ServerUnaryReactor* MarketService::GetRedemption(
    Context* context, const jiamei::v1::GetRedemptionRequest* request,
    jiamei::v1::Redemption* response) {
  const Permission& permission = kMarketPermissions.Of("GetRedemption");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::RedemptionRecord record,
                     ReadRedemption(caller, request->name()));
    return MarketRecords(core_.store).RedemptionToProto(record, response);
  });
}

grpc::ServerUnaryReactor* MarketService::ListRedemptions(
    Context* context, const jiamei::v1::ListRedemptionsRequest* request,
    jiamei::v1::ListRedemptionsResponse* response) {
  const Permission& permission = kMarketPermissions.Of("ListRedemptions");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::SiteRecord site,
                     ReadStaffSite(caller, request->site(), "site"));
    const uint64_t id = site.site().site_id();
    return ListIdPage(
        core_, Index::kSiteRedemption, id,
        absl::StrCat(storage::SiteName(id), "/redemptions"),
        request->page_size(), request->page_token(),
        response->mutable_next_page_token(),
        [&](uint64_t redemption) {
          return FillRedemption(redemption, response->add_redemptions());
        },
        /*newest_first=*/true);
  });
}

grpc::ServerUnaryReactor* MarketService::GetReceipt(
    Context* context, const jiamei::v1::GetReceiptRequest* request,
    jiamei::v1::Receipt* response) {
  const Permission& permission = kMarketPermissions.Of("GetReceipt");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    const int width = request->width() == 0 ? 32 : request->width();
    if (width < 24 || width > 80) {
      return errors::InvalidWidth();
    }
    ASSIGN_OR_RETURN(storage::RedemptionRecord record,
                     ReadRedemption(caller, request->name()));
    ASSIGN_OR_RETURN(std::string text,
                     MarketRecords(core_.store).Receipt(record, width));
    response->set_redemption(request->name());
    response->set_text(std::move(text));
    return absl::OkStatus();
  });
}

// ---- Desk queues.

grpc::ServerUnaryReactor* MarketService::UploadDeskQueue(
    Context* context, const jiamei::v1::UploadDeskQueueRequest* request,
    jiamei::v1::UploadDeskQueueResponse* response) {
  absl::StatusOr<Principal> caller = Admit(
      *core_.authenticator, *context, kMarketPermissions.Of("UploadDeskQueue"));
  if (!caller.ok()) return Answer(context, caller.status());
  const int n = request->items_size();
  if (n < 1 || n > kMaxDeskItems) {
    return Answer(context, errors::TooManyItems(kMaxDeskItems, n));
  }
  // Each item is judged on its own; the call ends when the last is durable.
  // `pending` counts the submitted items plus one for this thread, so the
  // call cannot end before every item is submitted.
  struct Upload {
    std::atomic<int> pending{1};
    grpc::ServerUnaryReactor* reactor;
  };
  auto upload = std::make_shared<Upload>();
  upload->reactor = context->DefaultReactor();
  auto finish_one = [upload] {
    if (upload->pending.fetch_sub(1) == 1)
      upload->reactor->Finish(grpc::Status::OK);
  };
  for (int i = 0; i < n; ++i) response->add_results();
  for (int i = 0; i < n; ++i) {
    const jiamei::v1::DeskItem& item = request->items(i);
    jiamei::v1::DeskItemResult* result = response->mutable_results(i);
    absl::StatusOr<Command> command = errors::InvalidItem();
    if (item.has_award()) {
      result->set_request_id(item.award().request_id());
      command = MakeAward(*caller, item.award(), true);
    } else if (item.has_redeem()) {
      result->set_request_id(item.redeem().request_id());
      command = MakeRedeem(*caller, item.redeem(), true);
    }
    auto record = [result](const absl::Status& status) {
      result->set_code(static_cast<int32_t>(status.code()));
      result->set_reason(RefusalReason(status));
      result->set_message(std::string(status.message()));
      RefusalMetadata(status, result->mutable_metadata());
    };
    if (!command.ok()) {
      record(command.status());
      continue;
    }
    command->actor = caller->operator_id;
    upload->pending.fetch_add(1);
    core_.sequencer->Submit(
        *std::move(command),
        [this, result, record, finish_one](storage::Outcome outcome) {
          absl::Status status = outcome.status();
          if (outcome.ok()) {
            const MarketChange& m = outcome->market();
            status =
                m.has_awards_made()
                    ? FillAward(*outcome, result->mutable_award())
                    : FillNewRedemption(*outcome, result->mutable_redemption());
          }
          record(status);
          finish_one();
        });
  }
  finish_one();
  return upload->reactor;
}

// ---- Statements and figures.

grpc::ServerUnaryReactor* MarketService::GetStatement(
    Context* context, const jiamei::v1::GetStatementRequest* request,
    jiamei::v1::Statement* response) {
  const Permission& permission = kMarketPermissions.Of("GetStatement");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t id, ParseName(request->household(), "households",
                                            "household"));
    ASSIGN_OR_RETURN(int page_size, ValidatePageSize(request->page_size()));
    const std::string list = absl::StrCat(request->household(), "/statement");
    ASSIGN_OR_RETURN(
        uint64_t before,
        core_.page_tokens->Resume(list, request->page_token(), UINT64_MAX));
    ASSIGN_OR_RETURN(storage::HouseholdRecord household,
                     storage::RegistryReader(core_.store).GetHousehold(id));
    RETURN_IF_ERROR(core_.access->RequireHousehold(caller, household));
    const storage::LedgerReader reader(core_.store);
    ASSIGN_OR_RETURN(storage::AccountView account,
                     reader.GetAccount(household.account()));
    response->set_household(request->household());
    response->set_account(storage::AccountName(household.account()));
    response->set_balance(account.balance.balance());
    RETURN_IF_ERROR(FillExpiring(core_.store, household, response));
    ASSIGN_OR_RETURN(
        std::vector<storage::HistoryItem> items,
        reader.ListHistory(household.account(), before, page_size + 1));
    if (static_cast<int>(items.size()) > page_size) {
      items.pop_back();
      response->set_next_page_token(
          core_.page_tokens->Encode(list, items.back().entry.sequence()));
    }
    const MarketRecords records(core_.store);
    for (const storage::HistoryItem& item : items) {
      jiamei::v1::StatementLine* line = response->add_lines();
      line->set_sequence(item.entry.sequence());
      SetTime(item.entry.time_micros(), line->mutable_time());
      line->set_change(item.value.change);
      line->set_balance_after(item.value.balance_after);
      RETURN_IF_ERROR(records.Describe(item.entry, id, line));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MarketService::GetMarketFigures(
    Context* context, const jiamei::v1::GetMarketFiguresRequest* request,
    jiamei::v1::MarketFigures* response) {
  const Permission& permission = kMarketPermissions.Of("GetMarketFigures");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    ASSIGN_OR_RETURN(absl::CivilDay from,
                     ParseDay(request->from_date(), "from_date"));
    ASSIGN_OR_RETURN(absl::CivilDay to,
                     ParseDay(request->to_date(), "to_date"));
    if (to < from || to - from > kMaxFigureDays) {
      return errors::InvalidPeriod();
    }
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    response->set_unit(request->unit());
    response->set_from_date(request->from_date());
    response->set_to_date(request->to_date());
    return ComputeMarketFigures(core_.store, *core_.access, unit, from, to,
                                response);
  });
}

}  // namespace jiamei::services
