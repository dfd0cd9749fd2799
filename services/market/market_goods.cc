// MarketService's sites, goods and stock (the class is declared in
// market_service.h; rules, awards, redemptions, desk queues,
// statements and figures are in market_service.cc).
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/market/market_convert.h"
#include "services/market/market_errors.h"
#include "services/market/market_requests.h"
#include "services/market/market_service.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/ledger/ledger_reader.h"
#include "storage/market/market_reader.h"
#include "storage/market/market_state.h"
#include "storage/registry/registry_reader.h"

namespace jiamei::services {

using storage::Command;
using storage::EntryRecord;
using storage::Index;
using storage::MarketChange;

// ---- Sites and goods.

grpc::ServerUnaryReactor* MarketService::CreateSite(
    Context* context, const jiamei::v1::CreateSiteRequest* request,
    jiamei::v1::Site* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("CreateSite"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::SiteCreated site,
                         SiteFromProto(request->site()));
        RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, site.unit()));
        MarketChange change;
        *change.mutable_site_created() = std::move(site);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Site* out) {
        ASSIGN_OR_RETURN(storage::SiteRecord site,
                         storage::MarketReader(core_.store)
                             .GetSite(entry.market().site_created().site_id()));
        SiteToProto(site, out);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* MarketService::GetSite(
    Context* context, const jiamei::v1::GetSiteRequest* request,
    jiamei::v1::Site* response) {
  const Permission& permission = kMarketPermissions.Of("GetSite");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::SiteRecord site,
                     ReadSite(caller, request->name(), "name"));
    SiteToProto(site, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MarketService::ListSites(
    Context* context, const jiamei::v1::ListSitesRequest* request,
    jiamei::v1::ListSitesResponse* response) {
  const Permission& permission = kMarketPermissions.Of("ListSites");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t unit,
                     ParseName(request->unit(), "units", "unit"));
    RETURN_IF_ERROR(core_.access->RequireExistingUnit(caller, unit));
    ASSIGN_OR_RETURN(const std::vector<storage::SiteRecord> sites,
                     storage::MarketReader(core_.store).ListSites(unit));
    for (const storage::SiteRecord& site : sites) {
      SiteToProto(site, response->add_sites());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MarketService::AddGood(
    Context* context, const jiamei::v1::AddGoodRequest* request,
    jiamei::v1::Good* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("AddGood"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::GoodFields fields,
                         GoodFieldsFromProto(request->good()));
        ASSIGN_OR_RETURN(
            storage::SiteRecord site,
            ReadStaffSite(caller, request->good().site(), "good.site"));
        MarketChange change;
        change.mutable_good_added()->set_site(site.site().site_id());
        *change.mutable_good_added()->mutable_good() = std::move(fields);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Good* out) {
        ASSIGN_OR_RETURN(storage::GoodRecord good,
                         storage::MarketReader(core_.store)
                             .GetGood(entry.market().good_added().good_id()));
        GoodToProto(good, out);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* MarketService::ReviseGood(
    Context* context, const jiamei::v1::ReviseGoodRequest* request,
    jiamei::v1::Good* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("ReviseGood"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::GoodRecord good,
                         ReadGood(caller, request->good().name(), "good.name"));
        if (!request->good().site().empty() &&
            request->good().site() != storage::SiteName(good.site())) {
          return errors::GoodMovesSite();
        }
        ASSIGN_OR_RETURN(
            storage::SiteRecord site,
            storage::MarketReader(core_.store).GetSite(good.site()));
        RETURN_IF_ERROR(core_.access->RequireUnit(caller, site.site().unit()));
        ASSIGN_OR_RETURN(storage::GoodFields fields,
                         GoodFieldsFromProto(request->good()));
        MarketChange change;
        change.mutable_good_revised()->set_good_id(good.id());
        *change.mutable_good_revised()->mutable_good() = std::move(fields);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Good* out) {
        ASSIGN_OR_RETURN(storage::GoodRecord good,
                         storage::MarketReader(core_.store)
                             .GetGood(entry.market().good_revised().good_id()));
        GoodToProto(good, out);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* MarketService::GetGood(
    Context* context, const jiamei::v1::GetGoodRequest* request,
    jiamei::v1::Good* response) {
  const Permission& permission = kMarketPermissions.Of("GetGood");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::GoodRecord good,
                     ReadGood(caller, request->name(), "name"));
    GoodToProto(good, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MarketService::ListGoods(
    Context* context, const jiamei::v1::ListGoodsRequest* request,
    jiamei::v1::ListGoodsResponse* response) {
  const Permission& permission = kMarketPermissions.Of("ListGoods");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::SiteRecord site,
                     ReadSite(caller, request->site(), "site"));
    ASSIGN_OR_RETURN(
        const std::vector<storage::GoodRecord> goods,
        storage::MarketReader(core_.store).ListGoods(site.site().site_id()));
    for (const storage::GoodRecord& good : goods) {
      if (!request->include_inactive() &&
          !good.versions().rbegin()->good().active()) {
        continue;
      }
      GoodToProto(good, response->add_goods());
    }
    return absl::OkStatus();
  });
}

// ---- Stock.

namespace {

// The stock line an entry wrote for `good`, as an API message.
absl::Status ReadStockMovement(const storage::Store* store, uint64_t good,
                               const EntryRecord& entry,
                               jiamei::v1::StockMovement* out) {
  ASSIGN_OR_RETURN(
      const storage::StockLine line,
      storage::MarketReader(store).GetStockLine(good, entry.sequence()));
  StockMovementToProto(good, line, entry, out);
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* MarketService::ServeStockMove(
    Context* context, const Permission& permission,
    const std::string& request_id,
    const std::function<absl::StatusOr<storage::StockMoved>()>& to_move,
    jiamei::v1::StockMovement* response) {
  return ServeWrite(
      core_, context, permission, response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request_id));
        ASSIGN_OR_RETURN(storage::StockMoved move, to_move());
        RETURN_IF_ERROR(RequireGoodInScope(caller, move.good_id()));
        MarketChange change;
        *change.mutable_stock_moved() = std::move(move);
        return Command{request_id, std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::StockMovement* out) {
        return ReadStockMovement(
            core_.store, entry.market().stock_moved().good_id(), entry, out);
      });
}

grpc::ServerUnaryReactor* MarketService::StockIn(
    Context* context, const jiamei::v1::StockInRequest* request,
    jiamei::v1::StockMovement* response) {
  return ServeStockMove(
      context, kMarketPermissions.Of("StockIn"), request->request_id(),
      [&] { return StockInFromProto(*request); }, response);
}

grpc::ServerUnaryReactor* MarketService::AdjustStock(
    Context* context, const jiamei::v1::AdjustStockRequest* request,
    jiamei::v1::StockMovement* response) {
  return ServeStockMove(
      context, kMarketPermissions.Of("AdjustStock"), request->request_id(),
      [&] { return AdjustmentFromProto(*request); }, response);
}

grpc::ServerUnaryReactor* MarketService::ListStockMovements(
    Context* context, const jiamei::v1::ListStockMovementsRequest* request,
    jiamei::v1::ListStockMovementsResponse* response) {
  const Permission& permission = kMarketPermissions.Of("ListStockMovements");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::GoodRecord good,
                     ReadGood(caller, request->good(), "good"));
    // The stock ledger holds the site's redemptions: like ListRedemptions,
    // it needs the site's unit in scope, not only visible.
    RETURN_IF_ERROR(RequireGoodInScope(caller, good.id()));
    const storage::LedgerReader reader(core_.store);
    return ListIdPage(
        core_, Index::kStockLine, good.id(),
        absl::StrCat(storage::GoodName(good.id()), "/stock"),
        request->page_size(), request->page_token(),
        response->mutable_next_page_token(),
        [&](uint64_t sequence) -> absl::Status {
          ASSIGN_OR_RETURN(EntryRecord entry, reader.GetEntry(sequence));
          return ReadStockMovement(core_.store, good.id(), entry,
                                   response->add_movements());
        },
        /*newest_first=*/true);
  });
}

}  // namespace jiamei::services
