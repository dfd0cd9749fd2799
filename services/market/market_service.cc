#include "services/market/market_service.h"

#include <atomic>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/common_errors.h"
#include "services/common/convert.h"
#include "services/market/market_convert.h"
#include "services/market/market_errors.h"
#include "services/market/market_figures.h"
#include "services/market/market_requests.h"
#include "services/policy/expiry_preview.h"
#include "storage/core/names.h"
#include "storage/core/refusal.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_reader.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {
namespace {

using storage::Command;
using storage::EntryRecord;
using storage::Index;
using storage::MarketChange;

// Figures cover at most three years.
constexpr absl::civil_diff_t kMaxFigureDays = 3 * 366;

}  // namespace

// ---- Lookups and visibility.

absl::Status MarketService::RequireSiteVisible(
    const Principal& caller, const storage::SiteRecord& site) const {
  if (!IsMember(caller)) {
    return core_.access->RequireUnitOrAncestor(caller, site.site().unit());
  }
  absl::StatusOr<uint64_t> village = core_.access->MemberVillage(caller);
  if (!village.ok()) return village.status();
  for (uint64_t served : site.site().villages()) {
    if (served == *village) return absl::OkStatus();
  }
  return errors::OutOfScope(storage::SiteName(site.site().site_id()));
}

absl::Status MarketService::RequireHousehold(const Principal& caller,
                                             uint64_t household) const {
  absl::StatusOr<storage::HouseholdRecord> record =
      storage::RegistryReader(core_.store).GetHousehold(household);
  if (!record.ok()) return record.status();
  return core_.access->RequireHousehold(caller, *record);
}

absl::StatusOr<storage::RuleRecord> MarketService::ReadRule(
    const Principal& caller, absl::string_view name) const {
  absl::StatusOr<uint64_t> id = ParseName(name, "rules", "name");
  if (!id.ok()) return id.status();
  absl::StatusOr<storage::RuleRecord> rule =
      storage::MarketReader(core_.store).GetRule(*id);
  if (!rule.ok()) return rule.status();
  RETURN_IF_ERROR(core_.access->RequireUnitVisible(
      caller, rule->versions(0).rule().unit()));
  return rule;
}

absl::StatusOr<storage::SiteRecord> MarketService::ReadSite(
    const Principal& caller, absl::string_view name,
    absl::string_view field) const {
  absl::StatusOr<uint64_t> id = ParseName(name, "sites", field);
  if (!id.ok()) return id.status();
  absl::StatusOr<storage::SiteRecord> site =
      storage::MarketReader(core_.store).GetSite(*id);
  if (!site.ok()) return site.status();
  RETURN_IF_ERROR(RequireSiteVisible(caller, *site));
  return site;
}

absl::StatusOr<storage::GoodRecord> MarketService::ReadGood(
    const Principal& caller, absl::string_view name,
    absl::string_view field) const {
  absl::StatusOr<uint64_t> id = ParseName(name, "goods", field);
  if (!id.ok()) return id.status();
  const storage::MarketReader market(core_.store);
  absl::StatusOr<storage::GoodRecord> good = market.GetGood(*id);
  if (!good.ok()) return good.status();
  absl::StatusOr<storage::SiteRecord> site = market.GetSite(good->site());
  if (!site.ok()) return site.status();
  RETURN_IF_ERROR(RequireSiteVisible(caller, *site));
  return good;
}

absl::StatusOr<storage::RedemptionRecord> MarketService::ReadRedemption(
    const Principal& caller, absl::string_view name) const {
  absl::StatusOr<uint64_t> id = ParseName(name, "redemptions", "name");
  if (!id.ok()) return id.status();
  const storage::MarketReader market(core_.store);
  absl::StatusOr<storage::RedemptionRecord> record = market.GetRedemption(*id);
  if (!record.ok()) return record.status();
  if (IsMember(caller)) {
    if (record->redemption().household() == caller.household) return record;
    return errors::OutOfScope(name);
  }
  absl::StatusOr<storage::SiteRecord> site =
      market.GetSite(record->redemption().site());
  if (!site.ok()) return site.status();
  RETURN_IF_ERROR(core_.access->RequireUnit(caller, site->site().unit()));
  return record;
}

absl::Status MarketService::RequireGoodInScope(const Principal& caller,
                                               uint64_t good) const {
  const storage::MarketReader market(core_.store);
  absl::StatusOr<storage::GoodRecord> record = market.GetGood(good);
  if (!record.ok()) return record.status();
  absl::StatusOr<storage::SiteRecord> site = market.GetSite(record->site());
  if (!site.ok()) return site.status();
  return core_.access->RequireUnit(caller, site->site().unit());
}

// ---- Rules.

grpc::ServerUnaryReactor* MarketService::PublishRule(
    Context* context, const jiamei::v1::PublishRuleRequest* request,
    jiamei::v1::Rule* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("PublishRule"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        absl::StatusOr<storage::RuleFields> rule =
            RuleFieldsFromProto(request->rule(), true);
        if (!rule.ok()) return rule.status();
        RETURN_IF_ERROR(
            core_.access->RequireExistingUnit(caller, rule->unit()));
        MarketChange change;
        *change.mutable_rule_published()->mutable_rule() = *std::move(rule);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Rule* out) {
        absl::StatusOr<storage::RuleRecord> rule =
            storage::MarketReader(core_.store)
                .GetRule(entry.market().rule_published().rule_id());
        if (!rule.ok()) return rule.status();
        return RuleToProto(*rule, 1, out);
      });
}

grpc::ServerUnaryReactor* MarketService::ReviseRule(
    Context* context, const jiamei::v1::ReviseRuleRequest* request,
    jiamei::v1::Rule* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("ReviseRule"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        absl::StatusOr<storage::RuleRecord> current =
            ReadRule(caller, request->rule().name());
        if (!current.ok()) return current.status();
        const storage::RuleFields& first = current->versions(0).rule();
        RETURN_IF_ERROR(core_.access->RequireUnit(caller, first.unit()));
        const jiamei::v1::Rule& r = request->rule();
        if ((!r.unit().empty() &&
             r.unit() != storage::UnitName(first.unit())) ||
            (!r.code().empty() && r.code() != first.code())) {
          return Refusal(absl::StatusCode::kInvalidArgument,
                         errors::kInvalidRuleChange,
                         "a rule's unit and code never change; publish a new "
                         "rule instead");
        }
        absl::StatusOr<storage::RuleFields> fields =
            RuleFieldsFromProto(r, false);
        if (!fields.ok()) return fields.status();
        MarketChange change;
        change.mutable_rule_revised()->set_rule_id(current->id());
        *change.mutable_rule_revised()->mutable_rule() = *std::move(fields);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Rule* out) {
        const storage::RuleRevised& revised = entry.market().rule_revised();
        absl::StatusOr<storage::RuleRecord> rule =
            storage::MarketReader(core_.store).GetRule(revised.rule_id());
        if (!rule.ok()) return rule.status();
        return RuleToProto(*rule, revised.version(), out);
      });
}

grpc::ServerUnaryReactor* MarketService::GetRule(
    Context* context, const jiamei::v1::GetRuleRequest* request,
    jiamei::v1::Rule* response) {
  const Permission& permission = kMarketPermissions.Of("GetRule");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    absl::StatusOr<storage::RuleRecord> rule =
        ReadRule(caller, request->name());
    if (!rule.ok()) return rule.status();
    return RuleToProto(*rule, request->version(), response);
  });
}

grpc::ServerUnaryReactor* MarketService::ListRules(
    Context* context, const jiamei::v1::ListRulesRequest* request,
    jiamei::v1::ListRulesResponse* response) {
  const Permission& permission = kMarketPermissions.Of("ListRules");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    absl::StatusOr<uint64_t> unit = ParseName(request->unit(), "units", "unit");
    if (!unit.ok()) return unit.status();
    std::string valid_on;
    if (!request->valid_on().empty()) {
      absl::StatusOr<absl::CivilDay> day =
          ParseDay(request->valid_on(), "valid_on");
      if (!day.ok()) return day.status();
      valid_on = request->valid_on();
    }
    RETURN_IF_ERROR(core_.access->RequireUnitVisible(caller, *unit));
    const storage::MarketReader market(core_.store);
    ASSIGN_OR_RETURN(const std::vector<uint64_t> units,
                     market.UnitAndAncestors(*unit));
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
  absl::StatusOr<storage::AwardsMade> awards =
      AwardFromProto(request, desk_queue, absl::Now());
  if (!awards.ok()) return awards.status();
  RETURN_IF_ERROR(RequireHousehold(caller, awards->lines(0).household()));
  MarketChange change;
  *change.mutable_awards_made() = *std::move(awards);
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
        absl::StatusOr<storage::AwardsMade> awards = AwardsFromProto(*request);
        if (!awards.ok()) return awards.status();
        // A household that does not exist is refused on its own line.
        for (const storage::AwardLine& line : awards->lines()) {
          absl::Status s = RequireHousehold(caller, line.household());
          if (!s.ok() && !absl::IsNotFound(s)) return s;
        }
        MarketChange change;
        *change.mutable_awards_made() = *std::move(awards);
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
  absl::StatusOr<storage::Redeemed> redeemed =
      RedeemedFromProto(request, desk_queue, absl::Now());
  if (!redeemed.ok()) return redeemed.status();
  absl::StatusOr<storage::SiteRecord> site =
      storage::MarketReader(core_.store).GetSite(redeemed->site());
  if (!site.ok()) return site.status();
  RETURN_IF_ERROR(core_.access->RequireUnit(caller, site->site().unit()));
  RETURN_IF_ERROR(RequireHousehold(caller, redeemed->household()));
  MarketChange change;
  *change.mutable_redeemed() = *std::move(redeemed);
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
  absl::StatusOr<storage::RedemptionRecord> record =
      storage::MarketReader(core_.store).GetRedemption(id);
  if (!record.ok()) return record.status();
  return MarketRecords(core_.store).RedemptionToProto(*record, out);
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
        absl::StatusOr<storage::RedemptionRecord> record =
            ReadRedemption(caller, request->name());
        if (!record.ok()) return record.status();
        RETURN_IF_ERROR(
            RequireHousehold(caller, record->redemption().household()));
        MarketChange change;
        change.mutable_redemption_voided()->set_redemption_id(
            record->redemption().redemption_id());
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
    absl::StatusOr<storage::RedemptionRecord> record =
        ReadRedemption(caller, request->name());
    if (!record.ok()) return record.status();
    return MarketRecords(core_.store).RedemptionToProto(*record, response);
  });
}

grpc::ServerUnaryReactor* MarketService::ListRedemptions(
    Context* context, const jiamei::v1::ListRedemptionsRequest* request,
    jiamei::v1::ListRedemptionsResponse* response) {
  const Permission& permission = kMarketPermissions.Of("ListRedemptions");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    absl::StatusOr<storage::SiteRecord> site =
        ReadSite(caller, request->site(), "site");
    if (!site.ok()) return site.status();
    RETURN_IF_ERROR(core_.access->RequireUnit(caller, site->site().unit()));
    const uint64_t id = site->site().site_id();
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
      return Refusal(absl::StatusCode::kInvalidArgument, errors::kInvalidWidth,
                     "width must be 24 to 80 columns");
    }
    absl::StatusOr<storage::RedemptionRecord> record =
        ReadRedemption(caller, request->name());
    if (!record.ok()) return record.status();
    absl::StatusOr<std::string> text =
        MarketRecords(core_.store).Receipt(*record, width);
    if (!text.ok()) return text.status();
    response->set_redemption(request->name());
    response->set_text(*std::move(text));
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
    return Answer(
        context,
        Refusal(absl::StatusCode::kInvalidArgument, errors::kTooManyItems,
                absl::StrCat("a queue has 1 to ", kMaxDeskItems, " items, got ",
                             n)));
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
    absl::StatusOr<Command> command =
        Refusal(absl::StatusCode::kInvalidArgument, errors::kInvalidItem,
                "an item is an award or a redemption");
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
    absl::StatusOr<uint64_t> id =
        ParseName(request->household(), "households", "household");
    if (!id.ok()) return id.status();
    absl::StatusOr<int> page_size = ValidatePageSize(request->page_size());
    if (!page_size.ok()) return page_size.status();
    const std::string list = absl::StrCat(request->household(), "/statement");
    absl::StatusOr<uint64_t> before =
        core_.page_tokens->Resume(list, request->page_token(), UINT64_MAX);
    if (!before.ok()) return before.status();
    absl::StatusOr<storage::HouseholdRecord> household =
        storage::RegistryReader(core_.store).GetHousehold(*id);
    if (!household.ok()) return household.status();
    RETURN_IF_ERROR(core_.access->RequireHousehold(caller, *household));
    const storage::LedgerReader reader(core_.store);
    absl::StatusOr<storage::AccountView> account =
        reader.GetAccount(household->account());
    if (!account.ok()) return account.status();
    response->set_household(request->household());
    response->set_account(storage::AccountName(household->account()));
    response->set_balance(account->balance.balance());
    RETURN_IF_ERROR(FillExpiring(core_.store, *household, response));
    absl::StatusOr<std::vector<storage::HistoryItem>> items =
        reader.ListHistory(household->account(), *before, *page_size + 1);
    if (!items.ok()) return items.status();
    if (static_cast<int>(items->size()) > *page_size) {
      items->pop_back();
      response->set_next_page_token(
          core_.page_tokens->Encode(list, items->back().entry.sequence()));
    }
    const MarketRecords records(core_.store);
    for (const storage::HistoryItem& item : *items) {
      jiamei::v1::StatementLine* line = response->add_lines();
      line->set_sequence(item.entry.sequence());
      SetTime(item.entry.time_micros(), line->mutable_time());
      line->set_change(item.value.change);
      line->set_balance_after(item.value.balance_after);
      RETURN_IF_ERROR(records.Describe(item.entry, *id, line));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MarketService::GetMarketFigures(
    Context* context, const jiamei::v1::GetMarketFiguresRequest* request,
    jiamei::v1::MarketFigures* response) {
  const Permission& permission = kMarketPermissions.Of("GetMarketFigures");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    absl::StatusOr<uint64_t> unit = ParseName(request->unit(), "units", "unit");
    if (!unit.ok()) return unit.status();
    absl::StatusOr<absl::CivilDay> from =
        ParseDay(request->from_date(), "from_date");
    if (!from.ok()) return from.status();
    absl::StatusOr<absl::CivilDay> to = ParseDay(request->to_date(), "to_date");
    if (!to.ok()) return to.status();
    if (*to < *from || *to - *from > kMaxFigureDays) {
      return errors::InvalidPeriod();
    }
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, *unit));
    response->set_unit(request->unit());
    response->set_from_date(request->from_date());
    response->set_to_date(request->to_date());
    return ComputeMarketFigures(core_.store, *core_.access, *unit, *from, *to,
                                response);
  });
}

}  // namespace jiamei::services
