#include "server/storage_metrics.h"

#include <utility>

namespace transpo {
namespace {

prometheus::MetricFamily One(const char* name, const char* help,
                             prometheus::MetricType type, double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return prometheus::MetricFamily{name, help, type, {std::move(metric)}};
}

}  // namespace

std::vector<prometheus::MetricFamily> StorageMetrics::Collect() const {
  const StorageStats stats = log_.Stats();
  using prometheus::MetricType;
  return {
      One("transpo_rocksdb_live_data_bytes",
          "Estimated live data in the event log's RocksDB database.",
          MetricType::Gauge, static_cast<double>(stats.live_data_bytes)),
      One("transpo_rocksdb_sst_files_bytes",
          "Size of the database's SST files.", MetricType::Gauge,
          static_cast<double>(stats.sst_files_bytes)),
      One("transpo_rocksdb_pending_compaction_bytes",
          "Estimated bytes compaction has to rewrite to settle the levels; "
          "writes slow down, then stop, when it grows too large.",
          MetricType::Gauge,
          static_cast<double>(stats.pending_compaction_bytes)),
      One("transpo_rocksdb_writes_stopped",
          "1 while RocksDB stops writes until compaction catches up, else 0.",
          MetricType::Gauge, stats.writes_stopped ? 1 : 0),
      One("transpo_rocksdb_write_stalls_total",
          "Times RocksDB began to delay or stop writes.", MetricType::Counter,
          static_cast<double>(stats.write_stalls)),
  };
}

}  // namespace transpo
