// Opening and closing the log, and watching its head. Reading is in
// rocksdb_event_log_read.cc, writing in rocksdb_event_log_write.cc, free
// space in rocksdb_event_log_space.cc.

#include "storage/rocksdb_event_log.h"

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/listener.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_convert.h"
#include "storage/rocksdb_database.h"
#include "storage/rocksdb_stderr_logger.h"

namespace transpo {
namespace {

// The layout of the column families (not of one record): bump when they
// change incompatibly.
constexpr uint64_t kStoreFormat = 1;

// The log resumes RocksDB itself after a full disk (CheckSpace), once free
// space is back above its reserve: RocksDB's own recovery would race with it.
class NoAutomaticNoSpaceRecovery final : public rocksdb::EventListener {
 public:
  const char* Name() const override { return "NoAutomaticNoSpaceRecovery"; }
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason reason,
                            rocksdb::Status bg_error,
                            bool* auto_recovery) override {
    if (bg_error.IsNoSpace()) *auto_recovery = false;
    bg_error.PermitUncheckedError();
  }
};

// Counts the times writes began to be delayed or stopped (RocksDB's write
// stalls: too many L0 files, memtables or pending compaction bytes).
class WriteStallCounter final : public rocksdb::EventListener {
 public:
  explicit WriteStallCounter(std::shared_ptr<std::atomic<uint64_t>> stalls)
      : stalls_(std::move(stalls)) {}
  const char* Name() const override { return "WriteStallCounter"; }
  void OnStallConditionsChanged(const rocksdb::WriteStallInfo& info) override {
    if (info.condition.prev == rocksdb::WriteStallCondition::kNormal &&
        info.condition.cur != rocksdb::WriteStallCondition::kNormal) {
      stalls_->fetch_add(1);
    }
  }

 private:
  const std::shared_ptr<std::atomic<uint64_t>> stalls_;
};

std::unique_ptr<rocksdb::Options> DbOptions(
    rocksdb::Env* env, std::shared_ptr<std::atomic<uint64_t>> stalls) {
  auto options = std::make_unique<rocksdb::Options>();
  options->env = env;
  options->create_if_missing = true;
  options->create_missing_column_families = true;
  options->paranoid_checks = true;
  options->IncreaseParallelism(2);
  // RocksDB's LOG file would be written to the data disk, and its writer
  // aborts the process when the disk is full.
  options->info_log = std::make_shared<RocksDbStderrLogger>();
  // Preallocated WAL and MANIFEST space (about 1.1 write buffers) counts as
  // used on most file systems: free space would say less than the data needs.
  options->allow_fallocate = false;
  // Replaying the WAL at open into memtables, without writing it to L0 files
  // first, makes open need a few KiB whatever the WAL holds, so that a log
  // closed on a full disk opens for writing as soon as a little room is back.
  // (Safe with point-in-time recovery: a later WAL continues the sequence.)
  options->avoid_flush_during_recovery = true;
  options->listeners.push_back(std::make_shared<NoAutomaticNoSpaceRecovery>());
  options->listeners.push_back(
      std::make_shared<WriteStallCounter>(std::move(stalls)));
  return options;
}

}  // namespace

class RocksDbEventLog::Watcher final : public HeadWatch {
 public:
  Watcher(RocksDbEventLog* log, uint64_t id) : log_(log), id_(id) {}
  ~Watcher() override {
    absl::MutexLock lock(&log_->watch_mu_);
    log_->watchers_.erase(id_);
  }

 private:
  RocksDbEventLog* const log_;
  const uint64_t id_;
};

absl::StatusOr<std::unique_ptr<RocksDbEventLog>> RocksDbEventLog::Open(
    const std::string& dir, EventLogOptions options) {
  if (!options.clock) options.clock = [] { return absl::Now(); };
  std::unique_ptr<rocksdb::Env> env;
  if (options.file_system != nullptr) {
    env = rocksdb::NewCompositeEnv(options.file_system);
  }
  auto stalls = std::make_shared<std::atomic<uint64_t>>(0);
  std::unique_ptr<rocksdb::Options> db_options =
      DbOptions(env != nullptr ? env.get() : rocksdb::Env::Default(), stalls);

  absl::StatusOr<std::unique_ptr<RocksDbDatabase>> db = RocksDbDatabase::Open(
      dir, *db_options, options.projection_families, /*read_only=*/false);
  if (db.status().code() == absl::StatusCode::kResourceExhausted) {
    // No room to open for writing: serve reads until there is (CheckSpace).
    absl::StatusOr<std::unique_ptr<RocksDbDatabase>> read_only =
        RocksDbDatabase::Open(dir, *db_options, options.projection_families,
                              /*read_only=*/true);
    if (read_only.ok()) db = std::move(read_only);
  }
  if (!db.ok()) return db.status();

  std::unique_ptr<RocksDbEventLog> log(
      new RocksDbEventLog(dir, std::move(options), std::move(env),
                          std::move(db_options), *std::move(db)));
  log->write_stalls_ = std::move(stalls);
  {
    absl::MutexLock write_lock(&log->write_mu_);
    absl::ReaderMutexLock db_lock(&log->db_mu_);
    absl::Status loaded = log->LoadHead();
    if (!loaded.ok()) return loaded;
    if (log->db_->read_only()) {
      // RocksDB just said there is no room: wait before trying again.
      log->space_status_ = log->ReadOnlyError();
      log->last_reopen_attempt_ = absl::Now();
    }
  }
  log->writer_ = std::thread([raw = log.get()] { raw->WriterLoop(); });
  return log;
}

RocksDbEventLog::RocksDbEventLog(std::string dir, EventLogOptions options,
                                 std::unique_ptr<rocksdb::Env> env,
                                 std::unique_ptr<rocksdb::Options> db_options,
                                 std::unique_ptr<RocksDbDatabase> db)
    : dir_(std::move(dir)),
      options_(std::move(options)),
      env_(std::move(env)),
      db_options_(std::move(db_options)),
      db_(std::move(db)) {
  absl::ReaderMutexLock db_lock(&db_mu_);
  writes_refused_.store(db_->read_only());
}

RocksDbEventLog::~RocksDbEventLog() {
  if (writer_.joinable()) {
    {
      absl::MutexLock lock(&queue_mu_);
      closing_ = true;
    }
    writer_.join();
  }
  absl::MutexLock db_lock(&db_mu_);
  // Flushing memtables on a clean close leaves no WAL to replay at the next
  // open: start-up then does not depend on how much was written before. On a
  // full disk the flush fails and the WAL is replayed instead.
  if (db_ != nullptr && !db_->read_only()) db_->Flush().IgnoreError();
  db_.reset();
}

bool RocksDbEventLog::read_only() const {
  absl::ReaderMutexLock db_lock(&db_mu_);
  return db_ == nullptr || db_->read_only();
}

absl::Status RocksDbEventLog::LoadHead() {
  absl::StatusOr<std::optional<std::string>> format =
      Get(db_->meta(), kStoreFormatKey);
  if (!format.ok()) return format.status();
  if (format->has_value()) {
    uint64_t found = DecodeBigEndian64(**format);
    if (found > kStoreFormat) {
      return absl::FailedPreconditionError(absl::StrCat(
          "event log format ", found,
          " is newer than this transpo understands (", kStoreFormat, ")"));
    }
  }

  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->events()));
  it->SeekToLast();
  absl::Status scanned = FromRocksDb(it->status(), "read last event");
  if (!scanned.ok()) return scanned;
  uint64_t head = 0;
  head_hash_ = GenesisHash();
  if (it->Valid()) {
    head = DecodePositionKey(View(it->key()));
    absl::StatusOr<EventRecord> last = DecodeRecord(View(it->value()));
    if (!last.ok()) return RecordError(head, last.status());
    if (last->position != head) {
      return RecordError(head, absl::DataLossError(absl::StrCat(
                                   "record says position ", last->position)));
    }
    head_hash_ = last->hash;
  }
  head_.store(head);

  absl::StatusOr<std::optional<std::string>> checkpoint =
      Get(db_->meta(), kCheckpointKey);
  if (!checkpoint.ok()) return checkpoint.status();
  absl::StatusOr<std::optional<std::string>> projection_format =
      Get(db_->meta(), kProjectionFormatKey);
  if (!projection_format.ok()) return projection_format.status();
  const uint64_t stored_format = projection_format->has_value()
                                     ? DecodeBigEndian64(**projection_format)
                                     : 0;
  if (head > 0 && stored_format != options_.projection_format) {
    checkpoint_.store(0);  // rows in another format: rebuild
  } else {
    checkpoint_.store(checkpoint->has_value() ? DecodeBigEndian64(**checkpoint)
                                              : head);
  }
  if (!db_->read_only()) {
    absl::Status written = WriteMetadata(head);
    if (!written.ok()) return written;
  }
  return absl::OkStatus();
}

absl::Status RocksDbEventLog::WriteMetadata(uint64_t head) {
  rocksdb::WriteBatch batch;
  absl::StatusOr<std::optional<std::string>> format =
      Get(db_->meta(), kStoreFormatKey);
  if (!format.ok()) return format.status();
  if (!format->has_value()) {
    batch.Put(db_->meta(), kStoreFormatKey, EncodeBigEndian64(kStoreFormat))
        .PermitUncheckedError();
  }
  // An empty log has no rows to rebuild: it takes the owner's format as is.
  if (head == 0) {
    batch
        .Put(db_->meta(), kProjectionFormatKey,
             EncodeBigEndian64(options_.projection_format))
        .PermitUncheckedError();
  }
  if (batch.Count() == 0) return absl::OkStatus();
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocksDb(db_->db()->Write(sync, &batch), "write event log format");
}

uint64_t RocksDbEventLog::WaitForHead(uint64_t after, absl::Time deadline) {
  absl::MutexLock lock(&head_mu_);
  while (head_.load() <= after) {
    if (head_cv_.WaitWithDeadline(&head_mu_, deadline)) break;
  }
  return head_.load();
}

std::unique_ptr<HeadWatch> RocksDbEventLog::Watch(
    std::function<void(uint64_t head)> on_head) {
  absl::MutexLock lock(&watch_mu_);
  const uint64_t id = next_watch_id_++;
  watchers_.emplace(id, std::move(on_head));
  return std::make_unique<Watcher>(this, id);
}

void RocksDbEventLog::Publish(uint64_t head) {
  {
    absl::MutexLock lock(&head_mu_);
    head_.store(head);
  }
  head_cv_.SignalAll();
  absl::MutexLock lock(&watch_mu_);
  for (auto& [id, on_head] : watchers_) on_head(head);
}

uint64_t RocksDbEventLog::ApproximateSizeBytes() {
  absl::ReaderMutexLock db_lock(&db_mu_);
  uint64_t total = 0;
  if (db_ == nullptr) return total;
  for (rocksdb::ColumnFamilyHandle* handle : db_->handles()) {
    uint64_t size = 0;
    if (db_->db()->GetIntProperty(
            handle, rocksdb::DB::Properties::kTotalSstFilesSize, &size)) {
      total += size;
    }
    if (db_->db()->GetIntProperty(
            handle, rocksdb::DB::Properties::kCurSizeAllMemTables, &size)) {
      total += size;
    }
  }
  return total;
}

StorageStats RocksDbEventLog::Stats() {
  StorageStats stats;
  stats.write_stalls = write_stalls_->load();
  absl::ReaderMutexLock db_lock(&db_mu_);
  if (db_ == nullptr) return stats;
  rocksdb::DB& db = *db_->db();
  for (rocksdb::ColumnFamilyHandle* handle : db_->handles()) {
    uint64_t value = 0;
    if (db.GetIntProperty(
            handle, rocksdb::DB::Properties::kEstimateLiveDataSize, &value)) {
      stats.live_data_bytes += value;
    }
    if (db.GetIntProperty(handle, rocksdb::DB::Properties::kTotalSstFilesSize,
                          &value)) {
      stats.sst_files_bytes += value;
    }
    if (db.GetIntProperty(
            handle, rocksdb::DB::Properties::kEstimatePendingCompactionBytes,
            &value)) {
      stats.pending_compaction_bytes += value;
    }
  }
  uint64_t value = 0;
  stats.writes_stopped =
      db.GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &value) &&
      value != 0;
  if (db.GetIntProperty(rocksdb::DB::Properties::kActualDelayedWriteRate,
                        &value)) {
    stats.delayed_write_rate = value;
  }
  return stats;
}

}  // namespace transpo
