// How the commands of the points supermarket show their answers: the
// layouts of Print (clients/cli/output.h) for the market's answers,
// defined in market_output.cc, which is too long to share a file with the
// commands.
#ifndef JIAMEI_CLIENTS_CLI_MARKET_OUTPUT_H_
#define JIAMEI_CLIENTS_CLI_MARKET_OUTPUT_H_

#include <vector>

#include "clients/cli/output.h"
#include "jiamei/v1/supermarket.pb.h"

namespace jiamei::cli {

template <>
void Print(const v1::Rule& answer);
template <>
void Print(const v1::ListRulesResponse& answer);
template <>
void Print(const v1::Award& answer);
template <>
void Print(const v1::Site& answer);
template <>
void Print(const v1::ListSitesResponse& answer);
template <>
void Print(const v1::Good& answer);
template <>
void Print(const v1::ListGoodsResponse& answer);
template <>
void Print(const v1::StockMovement& answer);
template <>
void Print(const v1::ListStockMovementsResponse& answer);
template <>
void Print(const v1::Redemption& answer);
template <>
void Print(const v1::ListRedemptionsResponse& answer);
template <>
void Print(const v1::Stocktake& answer);
template <>
void Print(const v1::ListStocktakesResponse& answer);
template <>
void Print(const v1::Receipt& answer);
template <>
void Print(const v1::UploadDeskQueueResponse& answer);
template <>
void Print(const v1::Statement& answer);
template <>
void Print(const v1::MarketFigures& answer);

// Each line of `request` (from the file lines `line_numbers`) accepted or
// refused, and the batch's totals and request id.
void PrintBatch(const v1::AwardBatchRequest& request,
                const std::vector<int>& line_numbers,
                const v1::AwardBatchResponse& response);

}  // namespace jiamei::cli

#endif  // JIAMEI_CLIENTS_CLI_MARKET_OUTPUT_H_
