#include "clients/bench_report.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/status_text.h"

namespace jiamei::bench {

Row RowOf(const PhaseResult& r, int round) {
  return {
      absl::StrCat(r.name, " #", round),
      static_cast<double>(r.ok),
      static_cast<double>(r.ErrorCount()),
      r.Throughput(),
      r.Percentile(50),
      r.Percentile(99),
      r.Percentile(99.9),
      r.ok > 0 ? r.server_cpu_seconds * 1e6 / static_cast<double>(r.ok) : 0};
}

Row OneCallRow(absl::string_view name, int round, double items, double ms) {
  return {absl::StrCat(name, " #", round),
          items,
          0,
          items * 1000 / ms,
          ms,
          ms,
          ms,
          0};
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Row MedianRow(const std::string& label, const std::vector<Row>& rows) {
  const auto column = [&rows](double Row::*field) {
    std::vector<double> values;
    for (const Row& row : rows) values.push_back(row.*field);
    return Median(values);
  };
  return {label,
          column(&Row::calls),
          column(&Row::errors),
          column(&Row::calls_per_s),
          column(&Row::p50),
          column(&Row::p99),
          column(&Row::p999),
          column(&Row::cpu_us_per_call)};
}

std::string ErrorList(const PhaseResult& r, absl::string_view quote) {
  std::vector<std::string> parts;
  for (size_t c = 1; c < r.errors.size(); ++c) {
    if (r.errors[c] > 0) {
      parts.push_back(absl::StrCat(
          quote, jiamei::clients::CodeName(static_cast<grpc::StatusCode>(c)),
          quote, ":", r.errors[c]));
    }
  }
  return absl::StrJoin(parts, ", ");
}

void PrintRow(const Row& r) {
  std::cout << absl::StrFormat(
      "%-18s %10.0f %8.0f %10.0f %8.2f %8.2f %9.2f %9.1f\n", r.label, r.calls,
      r.errors, r.calls_per_s, r.p50, r.p99, r.p999, r.cpu_us_per_call);
}

std::string JsonRow(const Row& r) {
  return absl::StrFormat(
      "\"%s\":{\"calls\":%.0f,\"errors\":%.0f,\"calls_per_s\":%.1f,"
      "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,"
      "\"server_cpu_us_per_call\":%.2f}",
      r.label, r.calls, r.errors, r.calls_per_s, r.p50, r.p99, r.p999,
      r.cpu_us_per_call);
}

}  // namespace jiamei::bench
