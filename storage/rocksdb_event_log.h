// RocksDbEventLog is the EventLog kept in an embedded RocksDB database, in
// column families "events", "streams", "requests", "meta" and one per
// projection (byte layouts: record_codec.h).
//
// One writer thread commits queued appends: it takes every append queued so
// far, decides each against the log and the appends before it in the same
// batch, and writes all accepted ones in one WriteBatch with sync = true (one
// fsync). Callers never wait for the fsync unless they use Append().
// AppendGroup commits in the caller's thread instead, in the writer's place
// (one at a time with it): the single writer above it saves two thread
// hand-offs per batch.
//
// A full disk is a state, not a crash (as etcd's NOSPACE alarm): before each
// batch the writer checks the free space of the data directory's file system;
// below EventLogOptions::reserve_bytes it refuses the batch's appends with
// ResourceExhausted and writes nothing. While it refuses, it checks again
// about once a second, and resumes writing by itself once there is room
// again; reads go on throughout. A log that cannot even be opened for writing
// for lack of space opens read-only (read_only()) and reopens itself for
// writing once there is room. RocksDB's info log goes to stderr, never to the
// data disk.
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
class ColumnFamilyHandle;
class Env;
class FileSystem;
class WriteBatch;
struct Options;
}  // namespace rocksdb

namespace transpo {

class RocksDbDatabase;

// What one batch of appends did, for metrics.
struct CommitInfo {
  size_t appends = 0;   // accepted appends in the batch
  size_t rejected = 0;  // appends rejected without writing
  size_t events = 0;
  size_t bytes = 0;               // size of the WriteBatch
  absl::Duration write_duration;  // the synced Write, fsync included
};

// What RocksDB says of itself (see RocksDbEventLog::Stats).
struct StorageStats {
  uint64_t live_data_bytes = 0;           // estimated, all column families
  uint64_t sst_files_bytes = 0;           // on disk, all column families
  uint64_t pending_compaction_bytes = 0;  // estimated, all column families
  uint64_t write_stalls = 0;    // times writes began to be delayed or stopped
  bool writes_stopped = false;  // stopped now until compaction catches up
  uint64_t delayed_write_rate = 0;  // bytes/s while delayed, else 0
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
  // Called on the committing thread (the writer's, or AppendGroup's caller)
  // after each batch of appends is decided and, if anything was accepted,
  // written (info.events > 0 exactly when a synced write happened); must not
  // block. Default: none.
  std::function<void(const CommitInfo&)> on_commit;
  // Free space, in bytes, that appends leave on the data directory's file
  // system: below it every append is refused with ResourceExhausted, nothing
  // is written, until space is freed. Room for RocksDB to flush and compact,
  // and for the operator to act. Default: 64 MiB.
  uint64_t reserve_bytes = uint64_t{64} << 20;
  // Called on the committing thread whenever appends start being refused for
  // lack of space (writes_refused true) or are accepted again (false), with
  // the free bytes seen then; must not block. Default: none.
  std::function<void(bool writes_refused, uint64_t free_bytes)> on_space;
  // The file system RocksDB works through, e.g. a test's fault injection
  // (wrapped in an Env by rocksdb::NewCompositeEnv). Free space is then asked
  // of it (FileSystem::GetFreeSpace). Default: none, the operating system's
  // file system, free space from statvfs (f_bavail * f_frsize).
  std::shared_ptr<rocksdb::FileSystem> file_system;
  // The owner's format of the projection rows, stored in the log. When the
  // log holds events whose rows were written in another format (or before
  // any was stored: format 0), projection_checkpoint() is 0 until
  // RebuildProjections completes, which stores this format. Default: 0.
  uint64_t projection_format = 0;
};

class RocksDbEventLog final : public EventLog {
 public:
  // Opens or creates the log in directory `dir`. An existing log that RocksDB
  // cannot open for writing for lack of space is opened read-only (see
  // read_only()). Errors: InvalidArgument for a reserved or empty projection
  // family name; DataLoss if the last record is corrupt (naming its
  // position); FailedPrecondition if the directory holds a newer format or is
  // locked by another process; ResourceExhausted if a new log cannot be
  // created for lack of space; Unavailable on I/O errors.
  static absl::StatusOr<std::unique_ptr<RocksDbEventLog>> Open(
      const std::string& dir, EventLogOptions options);

  ~RocksDbEventLog() override;

  using EventLog::ReadAll;
  using EventLog::ReadStream;
  using EventLog::ScanProjection;

  void AppendAsync(AppendRequest request, AppendCallback done) override;
  std::vector<absl::StatusOr<AppendResult>> AppendGroup(
      std::vector<AppendRequest> requests) override;
  uint64_t head() const override { return head_.load(); }
  absl::StatusOr<std::optional<AppendResult>> LookupRequest(
      absl::string_view request_id, absl::string_view request_key) override;
  absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream) override;
  absl::StatusOr<std::vector<EventRecord>> ReadStream(
      absl::string_view stream, uint64_t from_version, size_t max,
      size_t max_bytes) override;
  absl::StatusOr<std::vector<EventRecord>> ReadAll(uint64_t from_position,
                                                   size_t max,
                                                   size_t max_bytes) override;
  uint64_t WaitForHead(uint64_t after, absl::Time deadline) override;
  std::unique_ptr<HeadWatch> Watch(
      std::function<void(uint64_t head)> on_head) override;
  absl::StatusOr<VerifyReport> Verify() override;
  absl::StatusOr<std::optional<std::string>> GetProjection(
      absl::string_view family, absl::string_view key) override;
  absl::Status ScanProjectionRange(
      absl::string_view family, absl::string_view begin, absl::string_view end,
      const std::function<bool(absl::string_view, absl::string_view)>& visit,
      ScanCache cache) override;
  using EventLog::ScanProjectionRange;
  uint64_t projection_checkpoint() const override { return checkpoint_.load(); }
  absl::Status RebuildProjections(Projector& projector) override;

  // Approximate bytes the database takes on disk.
  uint64_t ApproximateSizeBytes();
  // RocksDB's properties: cheap (no I/O), any thread.
  StorageStats Stats();

  // True while appends are refused for lack of space: free space below
  // EventLogOptions::reserve_bytes, a write the disk refused and RocksDB not
  // yet resumed, or the log open read-only. Turns false by itself once space
  // is freed (checked about once a second).
  bool writes_refused() const { return writes_refused_.load(); }

  // True while the database is open read-only because RocksDB could not open
  // it for writing for lack of space: reads, streams and Verify work, appends
  // and RebuildProjections get ResourceExhausted. Once free space is back
  // above the reserve, the log reopens itself for writing (readers wait for
  // the swap, they never see a closed handle). Also true in the unlikely case
  // that the database could be opened neither way after a full disk: reads
  // then get Unavailable until it can.
  bool read_only() const;

 private:
  class Watcher;
  struct Pending {
    AppendRequest request;
    AppendCallback done;
  };
  // What a commit decided so far, before it is written.
  struct Staged;

  RocksDbEventLog(std::string dir, EventLogOptions options,
                  std::unique_ptr<rocksdb::Env> env,
                  std::unique_ptr<rocksdb::Options> db_options,
                  std::unique_ptr<RocksDbDatabase> db);
  // Reads the head, its hash and the projection checkpoint, checks the
  // format; on a writable database stores what a new log needs.
  absl::Status LoadHead() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_)
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // Stores the formats a writable database lacks.
  absl::Status WriteMetadata(uint64_t head) ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // rocksdb_event_log_write.cc
  void WriterLoop();
  void Commit(std::vector<Pending>& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  void Refuse(std::vector<Pending>& batch, const absl::Status& status);
  absl::StatusOr<AppendResult> Stage(AppendRequest& request, Staged& staged,
                                     rocksdb::WriteBatch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_)
          ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  absl::Status Validate(const AppendRequest& request) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  // A synced write; a full disk makes the writer resume RocksDB before the
  // next write.
  absl::Status WriteSynced(rocksdb::WriteBatch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_)
          ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  void Publish(uint64_t head);
  std::string NewEventId() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  absl::Status PutProjection(rocksdb::WriteBatch& batch,
                             const ProjectionWrite& write)
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  // rocksdb_event_log_space.cc
  // Checks free space before a commit: refuses, or readies the database for
  // writing (resuming RocksDB or reopening for writing) and accepts. Calls
  // on_space when the state changes.
  absl::Status CheckSpace() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_)
      ABSL_LOCKS_EXCLUDED(db_mu_);
  absl::StatusOr<uint64_t> FreeBytes() const;
  // ResourceExhausted, saying what is wrong and what to do: free space below
  // the reserve; a write the disk refused; the log open read-only.
  absl::Status DiskFullError(uint64_t free_bytes) const;
  absl::Status DiskFullError(const absl::Status& cause) const;
  absl::Status ReadOnlyError() const;
  // Opens the database again, for writing if RocksDB can, read-only if not:
  // after an open read-only, or when RocksDB could not resume.
  absl::Status Reopen() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_)
      ABSL_LOCKS_EXCLUDED(db_mu_);
  void SetWritesRefused(bool refused, uint64_t free_bytes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_) ABSL_LOCKS_EXCLUDED(queue_mu_);

  // rocksdb_event_log_read.cc
  // Unavailable when no database is open (see read_only()).
  absl::Status CheckOpen() const ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  absl::StatusOr<std::optional<std::string>> Get(
      rocksdb::ColumnFamilyHandle* family, absl::string_view key)
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  absl::StatusOr<uint64_t> StreamVersionLocked(absl::string_view stream)
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  absl::StatusOr<std::vector<EventRecord>> ReadAllLocked(uint64_t from_position,
                                                         size_t max,
                                                         size_t max_bytes)
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);
  rocksdb::ColumnFamilyHandle* ProjectionFamily(absl::string_view name) const
      ABSL_SHARED_LOCKS_REQUIRED(db_mu_);

  const std::string dir_;
  const EventLogOptions options_;
  // The Env over options_.file_system; outlives every database.
  const std::unique_ptr<rocksdb::Env> env_;
  const std::unique_ptr<rocksdb::Options> db_options_;

  // Readers share it; the writer takes it exclusively only to reopen the
  // database. Taken after write_mu_.
  mutable absl::Mutex db_mu_ ABSL_ACQUIRED_AFTER(write_mu_);
  // Null only if a reopen failed both ways (see read_only()).
  std::unique_ptr<RocksDbDatabase> db_ ABSL_GUARDED_BY(db_mu_);

  std::atomic<uint64_t> head_{0};
  std::atomic<uint64_t> checkpoint_{0};
  std::atomic<bool> writes_refused_{false};

  // Held while committing or rebuilding: one decision at a time.
  absl::Mutex write_mu_;
  std::string head_hash_ ABSL_GUARDED_BY(write_mu_);
  absl::BitGen random_ ABSL_GUARDED_BY(write_mu_);
  // A write failed for lack of space: RocksDB must be resumed before the next.
  bool needs_resume_ ABSL_GUARDED_BY(write_mu_) = false;
  // RocksDB could not resume (a failed resume can leave it stopped for good),
  // or a write failed with an I/O error: the database must be reopened.
  bool needs_reopen_ ABSL_GUARDED_BY(write_mu_) = false;
  // Why writes are refused; ok while they are accepted.
  absl::Status space_status_ ABSL_GUARDED_BY(write_mu_);
  // The writes_refused state last told to options_.on_space.
  bool notified_refused_ ABSL_GUARDED_BY(write_mu_) = false;
  absl::Time last_reopen_attempt_ ABSL_GUARDED_BY(write_mu_) =
      absl::InfinitePast();

  absl::Mutex queue_mu_;
  std::vector<Pending> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool closing_ ABSL_GUARDED_BY(queue_mu_) = false;
  // Asks the writer to check free space without waiting for an append.
  bool check_space_ ABSL_GUARDED_BY(queue_mu_) = false;

  absl::Mutex head_mu_;
  absl::CondVar head_cv_;

  absl::Mutex watch_mu_;
  uint64_t next_watch_id_ ABSL_GUARDED_BY(watch_mu_) = 1;
  absl::flat_hash_map<uint64_t, std::function<void(uint64_t)>> watchers_
      ABSL_GUARDED_BY(watch_mu_);

  // Write stalls since open, counted by a RocksDB listener.
  std::shared_ptr<std::atomic<uint64_t>> write_stalls_;

  std::thread writer_;
};

}  // namespace transpo

#endif  // TRANSPO_STORAGE_ROCKSDB_EVENT_LOG_H_
