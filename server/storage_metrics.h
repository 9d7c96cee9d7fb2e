// StorageMetrics publishes what RocksDB says of the event log's database on
// /metrics, read from its properties at each scrape (no I/O):
//
//   transpo_rocksdb_live_data_bytes            gauge (estimated)
//   transpo_rocksdb_sst_files_bytes            gauge
//   transpo_rocksdb_pending_compaction_bytes   gauge (estimated)
//   transpo_rocksdb_writes_stopped             gauge (1 while stopped)
//   transpo_rocksdb_write_stalls_total         counter (delays or stops
//                                              begun since start)
//
// Thread-safety: Collect may be called from any thread.

#ifndef TRANSPO_SERVER_STORAGE_METRICS_H_
#define TRANSPO_SERVER_STORAGE_METRICS_H_

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"
#include "storage/rocksdb_event_log.h"

namespace transpo {

class StorageMetrics final : public prometheus::Collectable {
 public:
  explicit StorageMetrics(RocksDbEventLog& log) : log_(log) {}  // outlives

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  RocksDbEventLog& log_;
};

}  // namespace transpo

#endif  // TRANSPO_SERVER_STORAGE_METRICS_H_
