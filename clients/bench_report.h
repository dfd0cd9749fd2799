// What jiamei-bench prints: a row per phase and round, the medians over the
// rounds, as a table or as JSON.
#ifndef JIAMEI_CLIENTS_BENCH_REPORT_H_
#define JIAMEI_CLIENTS_BENCH_REPORT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/bench_load.h"

namespace jiamei::bench {

// One printed line: a phase in one round, or the median over rounds.
struct Row {
  std::string label;
  double calls = 0;
  double errors = 0;
  double calls_per_s = 0;
  double p50 = 0;
  double p99 = 0;
  double p999 = 0;
  double cpu_us_per_call = 0;  // the server's; 0 when not measured
};

// The row of phase `r` in round `round`.
Row RowOf(const PhaseResult& r, int round);

// The row of phase `name` in round `round` when the phase is one call that
// took `ms` and did `items` (lines, records): its items a second, and its
// wall time as every percentile.
Row OneCallRow(absl::string_view name, int round, double items, double ms);

double Median(std::vector<double> values);

// Each column's median over the rounds, so that one noisy round on a shared
// machine does not decide the figure.
Row MedianRow(const std::string& label, const std::vector<Row>& rows);

// The errors of `r` by code, "UNAVAILABLE:3, ..." (each code name between
// `quote`s).
std::string ErrorList(const PhaseResult& r, absl::string_view quote);

// A line of the table, and a row as a JSON member.
void PrintRow(const Row& r);
std::string JsonRow(const Row& r);

}  // namespace jiamei::bench

#endif  // JIAMEI_CLIENTS_BENCH_REPORT_H_
