#include "server/metrics.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "rocksdb/version.h"

namespace transpo {
namespace {

prometheus::Counter& AddCounter(prometheus::Registry& registry,
                                const char* name, const char* help) {
  return prometheus::BuildCounter()
      .Name(name)
      .Help(help)
      .Register(registry)
      .Add({});
}

prometheus::Histogram& AddHistogram(
    prometheus::Registry& registry, const char* name, const char* help,
    const prometheus::Histogram::BucketBoundaries& buckets) {
  return prometheus::BuildHistogram()
      .Name(name)
      .Help(help)
      .Register(registry)
      .Add({}, buckets);
}

}  // namespace

Metrics::Metrics(prometheus::Registry& registry, absl::string_view version)
    : head_(prometheus::BuildGauge()
                .Name("transpo_event_log_head_position")
                .Help("Position of the last committed event.")
                .Register(registry)
                .Add({})),
      commits_(AddCounter(registry, "transpo_event_log_commits_total",
                          "Synced write batches (one fsync each).")),
      appends_(AddCounter(registry, "transpo_event_log_appends_total",
                          "Appends committed.")),
      events_(AddCounter(registry, "transpo_event_log_events_total",
                         "Events committed.")),
      rejected_(AddCounter(registry, "transpo_event_log_rejected_appends_total",
                           "Appends rejected without writing (bad input, "
                           "version conflict).")),
      commit_appends_(
          AddHistogram(registry, "transpo_event_log_commit_appends",
                       "Appends per synced write batch.",
                       {1, 2, 4, 8, 16, 32, 64, 128, 256, 1024, 4096})),
      commit_bytes_(AddHistogram(
          registry, "transpo_event_log_commit_bytes",
          "Bytes per synced write batch.",
          {256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304})),
      commit_seconds_(AddHistogram(registry, "transpo_event_log_commit_seconds",
                                   "Time of one synced write, fsync included.",
                                   {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1})),
      writes_refused_(prometheus::BuildGauge()
                          .Name("transpo_event_log_writes_refused")
                          .Help("1 while writes are refused because the disk "
                                "is below its reserve, else 0.")
                          .Register(registry)
                          .Add({})),
      denied_(prometheus::BuildCounter()
                  .Name("transpo_auth_denied_total")
                  .Help("Calls refused by authentication or access rules, "
                        "by reason.")
                  .Register(registry)),
      principals_(prometheus::BuildGauge()
                      .Name("transpo_auth_principals")
                      .Help("Principals of the token file in force.")
                      .Register(registry)
                      .Add({})),
      loads_(prometheus::BuildCounter()
                 .Name("transpo_auth_token_file_loads_total")
                 .Help("Token file reads (at start and on SIGHUP), by "
                       "result; a failed one keeps the previous file.")
                 .Register(registry)),
      loads_ok_(loads_.Add({{"result", "ok"}})),
      loads_failed_(loads_.Add({{"result", "error"}})) {
  for (const char* reason :
       {"no_credentials", "unknown_token", "unknown_certificate", "role",
        "actor", "scope", "revoked", "other"}) {
    denied_by_reason_[reason] = &denied_.Add({{"reason", reason}});
  }
  prometheus::BuildGauge()
      .Name("transpo_build_info")
      .Help("1, labelled with the versions transpod was built with.")
      .Register(registry)
      .Add({{"version", std::string(version)},
            {"rocksdb_version", absl::StrCat(ROCKSDB_MAJOR, ".", ROCKSDB_MINOR,
                                             ".", ROCKSDB_PATCH)},
            {"grpc_version", grpc::Version()}})
      .Set(1);
}

void Metrics::CountDenied(absl::string_view reason) {
  auto it = denied_by_reason_.find(reason);
  if (it == denied_by_reason_.end()) it = denied_by_reason_.find("other");
  it->second->Increment();
}

void Metrics::ObserveTokenFileLoad(bool ok, size_t principals) {
  if (!ok) {
    loads_failed_.Increment();
    return;
  }
  loads_ok_.Increment();
  principals_.Set(static_cast<double>(principals));
}

void Metrics::ObserveCommit(const CommitInfo& info) {
  rejected_.Increment(static_cast<double>(info.rejected));
  if (info.events == 0) return;  // nothing written
  commits_.Increment();
  appends_.Increment(static_cast<double>(info.appends));
  events_.Increment(static_cast<double>(info.events));
  commit_appends_.Observe(static_cast<double>(info.appends));
  commit_bytes_.Observe(static_cast<double>(info.bytes));
  commit_seconds_.Observe(absl::ToDoubleSeconds(info.write_duration));
}

}  // namespace transpo
