// jiamei.v1.MarketService: earning rules, awards, sites, goods, stock,
// redemptions, desk queues, statements, receipts and figures. Requests are
// checked in market_requests.h, judged against the records by
// storage/market/market_state.h, and shown through market_convert.h. Sites,
// goods and stock are in market_goods.cc, the rest in
// market_service.cc.
#ifndef JIAMEI_SERVICES_MARKET_MARKET_SERVICE_H_
#define JIAMEI_SERVICES_MARKET_MARKET_SERVICE_H_

#include <functional>
#include <string>

#include "jiamei/v1/supermarket.grpc.pb.h"
#include "services/common/handler.h"

namespace jiamei::services {

class MarketService final
    : public jiamei::v1::SupermarketService::CallbackService {
 public:
  explicit MarketService(const Core& core) : core_(core) {}

  using Context = grpc::CallbackServerContext;
  using Reactor = grpc::ServerUnaryReactor;

  Reactor* PublishRule(Context* context,
                       const jiamei::v1::PublishRuleRequest* request,
                       jiamei::v1::Rule* response) override;
  Reactor* ReviseRule(Context* context,
                      const jiamei::v1::ReviseRuleRequest* request,
                      jiamei::v1::Rule* response) override;
  Reactor* GetRule(Context* context, const jiamei::v1::GetRuleRequest* request,
                   jiamei::v1::Rule* response) override;
  Reactor* ListRules(Context* context,
                     const jiamei::v1::ListRulesRequest* request,
                     jiamei::v1::ListRulesResponse* response) override;
  Reactor* AwardPoints(Context* context,
                       const jiamei::v1::AwardPointsRequest* request,
                       jiamei::v1::Award* response) override;
  Reactor* AwardBatch(Context* context,
                      const jiamei::v1::AwardBatchRequest* request,
                      jiamei::v1::AwardBatchResponse* response) override;
  Reactor* CreateSite(Context* context,
                      const jiamei::v1::CreateSiteRequest* request,
                      jiamei::v1::Site* response) override;
  Reactor* GetSite(Context* context, const jiamei::v1::GetSiteRequest* request,
                   jiamei::v1::Site* response) override;
  Reactor* ListSites(Context* context,
                     const jiamei::v1::ListSitesRequest* request,
                     jiamei::v1::ListSitesResponse* response) override;
  Reactor* AddGood(Context* context, const jiamei::v1::AddGoodRequest* request,
                   jiamei::v1::Good* response) override;
  Reactor* ReviseGood(Context* context,
                      const jiamei::v1::ReviseGoodRequest* request,
                      jiamei::v1::Good* response) override;
  Reactor* GetGood(Context* context, const jiamei::v1::GetGoodRequest* request,
                   jiamei::v1::Good* response) override;
  Reactor* ListGoods(Context* context,
                     const jiamei::v1::ListGoodsRequest* request,
                     jiamei::v1::ListGoodsResponse* response) override;
  Reactor* StockIn(Context* context, const jiamei::v1::StockInRequest* request,
                   jiamei::v1::StockMovement* response) override;
  Reactor* AdjustStock(Context* context,
                       const jiamei::v1::AdjustStockRequest* request,
                       jiamei::v1::StockMovement* response) override;
  Reactor* ListStockMovements(
      Context* context, const jiamei::v1::ListStockMovementsRequest* request,
      jiamei::v1::ListStockMovementsResponse* response) override;
  Reactor* Redeem(Context* context, const jiamei::v1::RedeemRequest* request,
                  jiamei::v1::Redemption* response) override;
  Reactor* VoidRedemption(Context* context,
                          const jiamei::v1::VoidRedemptionRequest* request,
                          jiamei::v1::Redemption* response) override;
  Reactor* GetRedemption(Context* context,
                         const jiamei::v1::GetRedemptionRequest* request,
                         jiamei::v1::Redemption* response) override;
  Reactor* ListRedemptions(
      Context* context, const jiamei::v1::ListRedemptionsRequest* request,
      jiamei::v1::ListRedemptionsResponse* response) override;
  Reactor* GetReceipt(Context* context,
                      const jiamei::v1::GetReceiptRequest* request,
                      jiamei::v1::Receipt* response) override;
  Reactor* UploadDeskQueue(
      Context* context, const jiamei::v1::UploadDeskQueueRequest* request,
      jiamei::v1::UploadDeskQueueResponse* response) override;
  Reactor* GetStatement(Context* context,
                        const jiamei::v1::GetStatementRequest* request,
                        jiamei::v1::Statement* response) override;
  Reactor* GetMarketFigures(Context* context,
                            const jiamei::v1::GetMarketFiguresRequest* request,
                            jiamei::v1::MarketFigures* response) override;
  // Stocktakes, in market_stocktake.cc.
  Reactor* RecordStocktake(Context* context,
                           const jiamei::v1::RecordStocktakeRequest* request,
                           jiamei::v1::Stocktake* response) override;
  Reactor* GetStocktake(Context* context,
                        const jiamei::v1::GetStocktakeRequest* request,
                        jiamei::v1::Stocktake* response) override;
  Reactor* ListStocktakes(
      Context* context, const jiamei::v1::ListStocktakesRequest* request,
      jiamei::v1::ListStocktakesResponse* response) override;

 private:
  // Commands for the awards and redemptions a desk makes, live or queued.
  absl::StatusOr<storage::Command> MakeAward(
      const Principal& caller, const jiamei::v1::AwardPointsRequest& request,
      bool desk_queue) const;
  absl::StatusOr<storage::Command> MakeRedeem(
      const Principal& caller, const jiamei::v1::RedeemRequest& request,
      bool desk_queue) const;
  // A stock-in or adjustment: `to_move` checks the request (after the role
  // of `permission`, the entry of StockIn or AdjustStock).
  Reactor* ServeStockMove(
      Context* context, const Permission& permission,
      const std::string& request_id,
      const std::function<absl::StatusOr<storage::StockMoved>()>& to_move,
      jiamei::v1::StockMovement* response);
  absl::Status FillAward(const storage::EntryRecord& entry,
                         jiamei::v1::Award* out) const;
  absl::Status FillRedemption(uint64_t id, jiamei::v1::Redemption* out) const;
  // The answer to Redeem, from its entry without reading the store.
  absl::Status FillNewRedemption(const storage::EntryRecord& entry,
                                 jiamei::v1::Redemption* out) const;

  // Reads a record named in a request and checks the caller may see it.
  absl::StatusOr<storage::RuleRecord> ReadRule(const Principal& caller,
                                               absl::string_view name) const;
  absl::StatusOr<storage::SiteRecord> ReadSite(const Principal& caller,
                                               absl::string_view name,
                                               absl::string_view field) const;
  // ReadSite, then staff `caller` must work in the site's unit
  // (Access::RequireUnit): to change or list what is at the site.
  absl::StatusOr<storage::SiteRecord> ReadStaffSite(
      const Principal& caller, absl::string_view name,
      absl::string_view field) const;
  absl::StatusOr<storage::GoodRecord> ReadGood(const Principal& caller,
                                               absl::string_view name,
                                               absl::string_view field) const;
  absl::StatusOr<storage::RedemptionRecord> ReadRedemption(
      const Principal& caller, absl::string_view name) const;
  // Who may see a site, a household (a rule: Access::RequireUnitVisible).
  absl::Status RequireSiteVisible(const Principal& caller,
                                  const storage::SiteRecord& site) const;
  absl::Status RequireHousehold(const Principal& caller,
                                uint64_t household) const;
  // Staff `caller` may change or list the stock of `good` (its site is in
  // scope).
  absl::Status RequireGoodInScope(const Principal& caller, uint64_t good) const;

  const Core core_;
};

// Who may call each method of jiamei.v1.SupermarketService
// (services/common/permissions.h).
inline constexpr auto kMarketPermissions =
    PermissionsOf<jiamei::v1::SupermarketService>({
        Rpc("PublishRule", kAdmin),
        Rpc("ReviseRule", kAdmin),
        Rpc("GetRule", kEveryone),
        Rpc("ListRules", kEveryone),
        Rpc("AwardPoints", kAwarders),
        Rpc("AwardBatch", kAwarders),
        Rpc("CreateSite", kAdmin),
        Rpc("GetSite", kEveryone),
        Rpc("ListSites", kStaff),
        Rpc("AddGood", kAdmin),
        Rpc("ReviseGood", kAdmin),
        Rpc("GetGood", kEveryone),
        Rpc("ListGoods", kEveryone),
        Rpc("StockIn", kDesks),
        Rpc("AdjustStock", kDesks),
        Rpc("ListStockMovements", kBookkeepers),
        Rpc("Redeem", kDesks),
        Rpc("VoidRedemption", kDesks),
        Rpc("GetRedemption", kEveryone),
        Rpc("ListRedemptions", kBookkeepers),
        Rpc("GetReceipt", kEveryone),
        Rpc("UploadDeskQueue", kDesks),
        Rpc("GetStatement", kEveryone),
        Rpc("GetMarketFigures", kStaff),
        Rpc("RecordStocktake", kDesks),
        Rpc("GetStocktake", kBookkeepers),
        Rpc("ListStocktakes", kBookkeepers),
    });

}  // namespace jiamei::services

#endif  // JIAMEI_SERVICES_MARKET_MARKET_SERVICE_H_
