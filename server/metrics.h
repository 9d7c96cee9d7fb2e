// Metrics publishes the server's figures in a prometheus::Registry, which
// the exposer serves on /metrics. Updated incrementally by the events that
// change them: a scrape computes nothing.
//
// Names follow Prometheus conventions: base units, `_total` counters.
//   transpo_event_log_head_position            gauge
//   transpo_event_log_commits_total            counter (synced WriteBatches)
//   transpo_event_log_appends_total            counter (accepted appends)
//   transpo_event_log_events_total             counter
//   transpo_event_log_rejected_appends_total   counter
//   transpo_event_log_commit_appends           histogram (appends per fsync)
//   transpo_event_log_commit_bytes             histogram
//   transpo_event_log_commit_seconds           histogram (synced write time)
//   transpo_event_log_writes_refused           gauge (1 while the disk is
//                                              below its reserve)
//   transpo_auth_denied_total{reason}          counter (calls refused:
//                                              no_credentials, unknown_token,
//                                              unknown_certificate, role,
//                                              actor, scope, revoked)
//   transpo_auth_principals                    gauge (in the token file)
//   transpo_auth_token_file_loads_total{result}  counter (ok, error)
//   transpo_build_info{version,rocksdb_version,grpc_version}  gauge (1)
//
// Thread-safety: every method may be called from any thread.

#ifndef TRANSPO_SERVER_METRICS_H_
#define TRANSPO_SERVER_METRICS_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "storage/rocksdb_event_log.h"

namespace transpo {

class Metrics {
 public:
  // `version`: transpod's, for transpo_build_info.
  Metrics(prometheus::Registry& registry, absl::string_view version);

  void SetHead(uint64_t head) { head_.Set(static_cast<double>(head)); }
  void ObserveCommit(const CommitInfo& info);
  void SetWritesRefused(bool refused) { writes_refused_.Set(refused ? 1 : 0); }
  // `reason` one of those above; others are counted as "other".
  void CountDenied(absl::string_view reason);
  void ObserveTokenFileLoad(bool ok, size_t principals);

 private:
  // References into the registry's families (Family::Add is slow: done once).
  prometheus::Gauge& head_;
  prometheus::Counter& commits_;
  prometheus::Counter& appends_;
  prometheus::Counter& events_;
  prometheus::Counter& rejected_;
  prometheus::Histogram& commit_appends_;
  prometheus::Histogram& commit_bytes_;
  prometheus::Histogram& commit_seconds_;
  prometheus::Gauge& writes_refused_;
  prometheus::Family<prometheus::Counter>& denied_;
  // The counter of each reason, made at start (so each shows 0).
  absl::flat_hash_map<std::string, prometheus::Counter*> denied_by_reason_;
  prometheus::Gauge& principals_;
  prometheus::Family<prometheus::Counter>& loads_;
  prometheus::Counter& loads_ok_;
  prometheus::Counter& loads_failed_;
};

}  // namespace transpo

#endif  // TRANSPO_SERVER_METRICS_H_
