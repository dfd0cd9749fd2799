#include "services/server/metrics.h"

#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"
#include "storage/core/store_info.h"

namespace jiamei::services {
namespace {

// RocksDB's integer properties reported for every column family.
struct Property {
  const char* rocksdb;
  const char* metric;
  const char* help;
};
constexpr Property kProperties[] = {
    {"rocksdb.total-sst-files-size", "jiamei_rocksdb_sst_bytes",
     "Total size of the column family's SST files"},
    {"rocksdb.estimate-live-data-size", "jiamei_rocksdb_live_data_bytes",
     "Estimated live data of the column family"},
    {"rocksdb.cur-size-all-mem-tables", "jiamei_rocksdb_memtable_bytes",
     "Size of the column family's memtables"},
    {"rocksdb.estimate-pending-compaction-bytes",
     "jiamei_rocksdb_pending_compaction_bytes",
     "Bytes compaction estimates it must rewrite in the column family"},
};

prometheus::MetricFamily GaugeFamily(const char* name, const char* help) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = prometheus::MetricType::Gauge;
  return family;
}

prometheus::ClientMetric GaugeValue(
    double value, std::vector<prometheus::ClientMetric::Label> labels = {}) {
  prometheus::ClientMetric metric;
  metric.label = std::move(labels);
  metric.gauge.value = value;
  return metric;
}

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace

// What is read when Prometheus scrapes: never stale, and costs nothing
// between scrapes.
class ScrapeGauges : public prometheus::Collectable {
 public:
  ScrapeGauges(const storage::Store* store, const storage::Sequencer* sequencer)
      : store_(store), sequencer_(sequencer) {}

  void SetBackup(absl::Time when) {
    absl::MutexLock lock(&mu_);
    last_backup_ = when;
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> families;
    families.push_back(GaugeFamily("jiamei_ledger_queue_depth",
                                   "Ledger commands waiting for the applier"));
    families.back().metric.push_back(
        GaugeValue(static_cast<double>(sequencer_->queued())));
    families.push_back(GaugeFamily(
        "jiamei_ledger_accepting_writes",
        "1 while the ledger takes writes, 0 once it stopped (storage "
        "failure, or shutting down)"));
    families.back().metric.push_back(
        GaugeValue(sequencer_->accepting_writes() ? 1 : 0));
    for (const Property& property : kProperties) {
      families.push_back(GaugeFamily(property.metric, property.help));
      for (int i = 0; i < storage::kCfCount; ++i) {
        const auto cf = static_cast<storage::Cf>(i);
        const std::optional<uint64_t> value =
            storage::IntProperty(*store_, cf, property.rocksdb);
        if (!value.has_value()) continue;
        families.back().metric.push_back(
            GaugeValue(static_cast<double>(*value),
                       {{"column_family", std::string(storage::CfName(cf))}}));
      }
    }
    absl::MutexLock lock(&mu_);
    if (last_backup_ != absl::InfinitePast()) {
      families.push_back(GaugeFamily("jiamei_last_backup_age_seconds",
                                     "Seconds since the last backup ended"));
      families.back().metric.push_back(
          GaugeValue(absl::ToDoubleSeconds(absl::Now() - last_backup_)));
    }
    return families;
  }

 private:
  const storage::Store* const store_;
  const storage::Sequencer* const sequencer_;
  mutable absl::Mutex mu_;
  absl::Time last_backup_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

struct Metrics::Families {
  explicit Families(prometheus::Registry& registry)
      : calls(prometheus::BuildCounter()
                  .Name("jiamei_calls_total")
                  .Help("Calls answered, by method, code and refusal reason")
                  .Register(registry)),
        latency(prometheus::BuildHistogram()
                    .Name("jiamei_call_latency_seconds")
                    .Help("Time from a call's arrival to its answer")
                    .Register(registry)),
        batch_size(prometheus::BuildHistogram()
                       .Name("jiamei_ledger_batch_commands")
                       .Help("Commands in each durable ledger batch")
                       .Register(registry)
                       .Add({},
                            prometheus::Histogram::BucketBoundaries{
                                1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
                                2048, 4096})),
        fsync(prometheus::BuildHistogram()
                  .Name("jiamei_ledger_sync_seconds")
                  .Help("Time of each batch's synced write (WAL fsync)")
                  .Register(registry)
                  .Add({},
                       prometheus::Histogram::BucketBoundaries{
                           0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01,
                           0.02, 0.05, 0.1, 0.2, 0.5, 1})),
        handshakes(prometheus::BuildCounter()
                       .Name("jiamei_tls_handshakes_refused_total")
                       .Help("TLS handshakes refused")
                       .Register(registry)
                       .Add({})),
        audit_clean(prometheus::BuildGauge()
                        .Name("jiamei_last_audit_clean")
                        .Help("1 if the last audit found the ledger clean, 0 "
                              "if not or it failed; absent before the first")
                        .Register(registry)),
        audit_seconds(prometheus::BuildGauge()
                          .Name("jiamei_last_audit_duration_seconds")
                          .Help("How long the last audit took")
                          .Register(registry)),
        audit_time(prometheus::BuildGauge()
                       .Name("jiamei_last_audit_timestamp_seconds")
                       .Help("When the last audit ended (Unix time)")
                       .Register(registry)) {}

  prometheus::Family<prometheus::Counter>& calls;
  prometheus::Family<prometheus::Histogram>& latency;
  prometheus::Histogram& batch_size;
  prometheus::Histogram& fsync;
  prometheus::Counter& handshakes;
  prometheus::Family<prometheus::Gauge>& audit_clean;
  prometheus::Family<prometheus::Gauge>& audit_seconds;
  prometheus::Family<prometheus::Gauge>& audit_time;
};

Metrics::Metrics(const storage::Store* store,
                 const storage::Sequencer* sequencer)
    : registry_(std::make_shared<prometheus::Registry>()),
      families_(std::make_unique<Families>(*registry_)),
      scrape_(std::make_shared<ScrapeGauges>(store, sequencer)) {}

Metrics::~Metrics() { StopServing(); }

absl::Status Metrics::Serve(const std::string& listen) {
  // civetweb reports a port it cannot bind by throwing; nothing else here
  // does, and nothing past this boundary sees an exception.
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(listen, 1);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", listen, ": ", e.what()));
  }
  exposer_->RegisterCollectable(registry_);
  exposer_->RegisterCollectable(scrape_);
  const std::vector<int> ports = exposer_->GetListeningPorts();
  port_ = ports.empty() ? 0 : ports.front();
  return absl::OkStatus();
}

void Metrics::StopServing() {
  exposer_.reset();
  port_ = 0;
}

struct Metrics::MethodMetrics {
  prometheus::Histogram* latency;
  prometheus::Counter* ok;
  // By "CODE/REASON", for the failures; guarded by Metrics::mu_.
  absl::flat_hash_map<std::string, prometheus::Counter*> failed;
};

Metrics::MethodMetrics& Metrics::ForMethod(absl::string_view method) {
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = methods_.find(method);
    if (it != methods_.end()) return *it->second;
  }
  static const prometheus::Histogram::BucketBoundaries kLatency = {
      0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
      0.05,   0.1,    0.2,   0.5,   1,     2,    5};
  const std::string name(method);
  auto made = std::make_unique<MethodMetrics>();
  made->latency = &families_->latency.Add({{"method", name}}, kLatency);
  made->ok =
      &families_->calls.Add({{"method", name}, {"code", "OK"}, {"reason", ""}});
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = methods_.try_emplace(name, std::move(made));
  return *it->second;
}

void Metrics::CallEnded(absl::string_view method, grpc::StatusCode code,
                        absl::string_view reason, absl::Duration latency) {
  MethodMetrics& metrics = ForMethod(method);
  metrics.latency->Observe(absl::ToDoubleSeconds(latency));
  if (code == grpc::StatusCode::OK) {
    metrics.ok->Increment();
    return;
  }
  const std::string key = absl::StrCat(CodeName(code), "/", reason);
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = metrics.failed.find(key);
    if (it != metrics.failed.end()) {
      it->second->Increment();
      return;
    }
  }
  prometheus::Counter& counter =
      families_->calls.Add({{"method", std::string(method)},
                            {"code", CodeName(code)},
                            {"reason", std::string(reason)}});
  absl::MutexLock lock(&mu_);
  metrics.failed.try_emplace(key, &counter);
  counter.Increment();
}

void Metrics::BatchWritten(size_t commands, absl::Duration write_time) {
  families_->batch_size.Observe(static_cast<double>(commands));
  families_->fsync.Observe(absl::ToDoubleSeconds(write_time));
}

void Metrics::HandshakeRefused() { families_->handshakes.Increment(); }

void Metrics::AuditRan(bool clean, absl::Duration took) {
  families_->audit_clean.Add({}).Set(clean ? 1 : 0);
  families_->audit_seconds.Add({}).Set(absl::ToDoubleSeconds(took));
  families_->audit_time.Add({}).Set(
      absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()));
}

void Metrics::BackupMade(absl::Time when) { scrape_->SetBackup(when); }

std::string Metrics::Text() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  for (prometheus::MetricFamily& family : scrape_->Collect()) {
    families.push_back(std::move(family));
  }
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace jiamei::services
