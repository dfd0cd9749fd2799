// MarketService's stocktakes (盘点) (the class is declared in
// market_service.h). A desk officer or an admin records a count of a
// site's goods; the sequencer compares it with the stock ledger and moves
// every differing good to the count (storage/market/market_stocktake.cc). The
// report is read by bookkeepers of the site's unit.
#include <string>

#include "absl/strings/str_cat.h"
#include "services/market/market_convert.h"
#include "services/market/market_requests.h"
#include "services/market/market_service.h"
#include "storage/core/names.h"
#include "storage/core/status_macros.h"
#include "storage/market/market_reader.h"
#include "storage/market/market_state.h"

namespace jiamei::services {

using storage::Command;
using storage::EntryRecord;
using storage::MarketChange;

grpc::ServerUnaryReactor* MarketService::RecordStocktake(
    Context* context, const jiamei::v1::RecordStocktakeRequest* request,
    jiamei::v1::Stocktake* response) {
  return ServeWrite(
      core_, context, kMarketPermissions.Of("RecordStocktake"), response,
      [&](const Principal& caller) -> absl::StatusOr<Command> {
        RETURN_IF_ERROR(ValidateRequestId(request->request_id()));
        ASSIGN_OR_RETURN(storage::StocktakeRecorded stocktake,
                         StocktakeFromProto(*request));
        RETURN_IF_ERROR(
            ReadStaffSite(caller, request->site(), "site").status());
        MarketChange change;
        *change.mutable_stocktake_recorded() = std::move(stocktake);
        return Command{request->request_id(), std::move(change)};
      },
      [this](const Principal&, const EntryRecord& entry,
             jiamei::v1::Stocktake* out) -> absl::Status {
        // A stocktake's record never changes: a retry gets the first answer.
        ASSIGN_OR_RETURN(
            const storage::StocktakeRecord record,
            storage::MarketReader(core_.store)
                .GetStocktake(
                    entry.market().stocktake_recorded().stocktake_id()));
        StocktakeToProto(record, out);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* MarketService::GetStocktake(
    Context* context, const jiamei::v1::GetStocktakeRequest* request,
    jiamei::v1::Stocktake* response) {
  const Permission& permission = kMarketPermissions.Of("GetStocktake");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(uint64_t id,
                     ParseName(request->name(), "stocktakes", "name"));
    const storage::MarketReader market(core_.store);
    ASSIGN_OR_RETURN(storage::StocktakeRecord record, market.GetStocktake(id));
    ASSIGN_OR_RETURN(storage::SiteRecord site,
                     market.GetSite(record.stocktake().site()));
    RETURN_IF_ERROR(core_.access->RequireUnit(caller, site.site().unit()));
    StocktakeToProto(record, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MarketService::ListStocktakes(
    Context* context, const jiamei::v1::ListStocktakesRequest* request,
    jiamei::v1::ListStocktakesResponse* response) {
  const Permission& permission = kMarketPermissions.Of("ListStocktakes");
  return ServeRead(core_, context, permission, [&](const Principal& caller) {
    ASSIGN_OR_RETURN(storage::SiteRecord site,
                     ReadStaffSite(caller, request->site(), "site"));
    const uint64_t id = site.site().site_id();
    const storage::MarketReader market(core_.store);
    return ListIdPage(
        core_, storage::Index::kSiteStocktake, id,
        absl::StrCat(storage::SiteName(id), "/stocktakes"),
        request->page_size(), request->page_token(),
        response->mutable_next_page_token(),
        [&](uint64_t stocktake) -> absl::Status {
          ASSIGN_OR_RETURN(storage::StocktakeRecord record,
                           market.GetStocktake(stocktake));
          StocktakeToProto(record, response->add_stocktakes());
          return absl::OkStatus();
        },
        /*newest_first=*/true);
  });
}

}  // namespace jiamei::services
