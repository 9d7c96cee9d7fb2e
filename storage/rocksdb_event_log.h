// RocksDbEventLog is the EventLog kept in an embedded RocksDB database, in
// column families "events", "streams", "requests", "meta" and one per
// projection (byte layouts: record_codec.h).
//
// One writer thread commits queued appends: it takes every append queued so
// far, decides each against the log and the appends before it in the same
// batch, and writes all accepted ones in one WriteBatch with sync = true (one
// fsync). Callers never wait for the fsync unless they use Append().
//
// Thread-safety: as EventLog. Destroying the log finishes the queued appends,
// then closes the database.
//
// Example:
//   absl::StatusOr<std::unique_ptr<RocksDbEventLog>> log =
//       RocksDbEventLog::Open("var/transpo", {.projection_families =
//       {"dossiers"}});
//   if (!log.ok()) return log.status();

#ifndef TRANSPO_STORAGE_ROCKSDB_EVENT_LOG_H_
#define TRANSPO_STORAGE_ROCKSDB_EVENT_LOG_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/synchronization/mutex.h"
#include "storage/event_log.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class WriteBatch;
}  // namespace rocksdb

namespace transpo {

// What one batch of appends did, for metrics.
struct CommitInfo {
  size_t appends = 0;   // accepted appends in the batch
  size_t rejected = 0;  // appends rejected without writing
  size_t events = 0;
  size_t bytes = 0;               // size of the WriteBatch
  absl::Duration write_duration;  // the synced Write, fsync included
};

struct EventLogOptions {
  // Column families for projection rows, created if missing. Families found
  // in the database are opened too. Default: none.
  std::vector<std::string> projection_families;
  // Largest payload of one event, in bytes. Default: 1 MiB.
  size_t max_payload_bytes = size_t{1} << 20;
  // Largest number of events in one append. Default: 10,000.
  size_t max_events_per_append = 10000;
  // Largest number of appends committed in one synced batch. Default: 4,096.
  size_t max_appends_per_commit = 4096;
  // Source of record times. Default: absl::Now.
  std::function<absl::Time()> clock;
  // Called on the writer thread after each batch of appends is decided and,
  // if anything was accepted, written (info.events > 0 exactly when a synced
  // write happened); must not block. Default: none.
  std::function<void(const CommitInfo&)> on_commit;
};

class RocksDbEventLog final : public EventLog {
 public:
  // Opens or creates the log in directory `dir`. Errors: DataLoss if the last
  // record is corrupt (naming its position); FailedPrecondition if the
  // directory holds a newer format or is locked by another process;
  // Unavailable on I/O errors.
  static absl::StatusOr<std::unique_ptr<RocksDbEventLog>> Open(
      const std::string& dir, EventLogOptions options);

  ~RocksDbEventLog() override;

  void AppendAsync(AppendRequest request, AppendCallback done) override;
  uint64_t head() const override { return head_.load(); }
  absl::StatusOr<std::optional<AppendResult>> LookupRequest(
      absl::string_view request_id) override;
  absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream) override;
  absl::StatusOr<std::vector<EventRecord>> ReadStream(absl::string_view stream,
                                                      uint64_t from_version,
                                                      size_t max) override;
  absl::StatusOr<std::vector<EventRecord>> ReadAll(uint64_t from_position,
                                                   size_t max) override;
  uint64_t WaitForHead(uint64_t after, absl::Time deadline) override;
  std::unique_ptr<HeadWatch> Watch(
      std::function<void(uint64_t head)> on_head) override;
  absl::StatusOr<VerifyReport> Verify() override;
  absl::StatusOr<std::optional<std::string>> GetProjection(
      absl::string_view family, absl::string_view key) override;
  absl::Status ScanProjection(
      absl::string_view family, absl::string_view prefix,
      const std::function<bool(absl::string_view, absl::string_view)>& visit)
      override;
  uint64_t projection_checkpoint() const override { return checkpoint_.load(); }
  absl::Status RebuildProjections(Projector& projector) override;

  // Approximate bytes the database takes on disk.
  uint64_t ApproximateSizeBytes();

 private:
  class Watcher;
  struct Pending {
    AppendRequest request;
    AppendCallback done;
  };
  // What a commit decided so far, before it is written.
  struct Staged;

  RocksDbEventLog(EventLogOptions options, std::unique_ptr<rocksdb::DB> db,
                  std::vector<rocksdb::ColumnFamilyHandle*> handles);
  absl::Status LoadHead();

  // rocksdb_event_log_write.cc
  void WriterLoop();
  void Commit(std::vector<Pending>& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  absl::StatusOr<AppendResult> Stage(AppendRequest& request, Staged& staged,
                                     rocksdb::WriteBatch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  absl::Status Validate(const AppendRequest& request) const;
  absl::Status WriteSynced(rocksdb::WriteBatch& batch);
  void Publish(uint64_t head);
  std::string NewEventId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  absl::Status PutProjection(rocksdb::WriteBatch& batch,
                             const ProjectionWrite& write);

  absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* family, absl::string_view key);
  rocksdb::ColumnFamilyHandle* ProjectionFamily(absl::string_view name) const;

  const EventLogOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* requests_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> projections_;

  std::atomic<uint64_t> head_{0};
  std::atomic<uint64_t> checkpoint_{0};

  // Held while committing or rebuilding: one decision at a time.
  absl::Mutex write_mu_;
  std::string head_hash_ ABSL_GUARDED_BY(write_mu_);
  absl::BitGen random_ ABSL_GUARDED_BY(write_mu_);

  absl::Mutex queue_mu_;
  std::vector<Pending> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool closing_ ABSL_GUARDED_BY(queue_mu_) = false;

  absl::Mutex head_mu_;
  absl::CondVar head_cv_;

  absl::Mutex watch_mu_;
  uint64_t next_watch_id_ ABSL_GUARDED_BY(watch_mu_) = 1;
  absl::flat_hash_map<uint64_t, std::function<void(uint64_t)>> watchers_
      ABSL_GUARDED_BY(watch_mu_);

  std::thread writer_;
};

}  // namespace transpo

#endif  // TRANSPO_STORAGE_ROCKSDB_EVENT_LOG_H_
