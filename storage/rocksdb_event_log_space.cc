// A full disk is a state, not a crash: the writer checks free space before
// each commit and refuses appends below the reserve; while it refuses, it
// checks about once a second (WriterLoop), resumes RocksDB after a write the
// disk refused, and reopens a read-only database for writing, once there is
// room again.

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "rocksdb/db.h"
#include "rocksdb/file_system.h"
#include "storage/rocksdb_convert.h"
#include "storage/rocksdb_database.h"
#include "storage/rocksdb_event_log.h"

namespace transpo {
namespace {

// A RocksDB open that failed is tried again at most this often.
constexpr absl::Duration kReopenInterval = absl::Seconds(1);

std::string Bytes(uint64_t bytes) {
  return absl::StrFormat("%d bytes (%.1f MiB)", bytes,
                         static_cast<double>(bytes) / (1 << 20));
}

}  // namespace

absl::StatusOr<uint64_t> RocksDbEventLog::FreeBytes() const {
  if (options_.file_system != nullptr) {
    uint64_t free_bytes = 0;
    rocksdb::IOStatus status = options_.file_system->GetFreeSpace(
        dir_, rocksdb::IOOptions(), &free_bytes, nullptr);
    if (!status.ok()) {
      return FromRocksDb(status, absl::StrCat("free space of ", dir_));
    }
    return free_bytes;
  }
  struct statvfs stats;
  if (statvfs(dir_.c_str(), &stats) != 0) {
    return absl::UnavailableError(
        absl::StrCat("free space of ", dir_, ": ", std::strerror(errno)));
  }
  // f_bavail, not f_bfree: blocks reserved for root are not ours.
  return uint64_t{stats.f_bavail} * stats.f_frsize;
}

absl::Status RocksDbEventLog::DiskFullError(uint64_t free_bytes) const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "disk full: ", Bytes(free_bytes), " free on the disk of ", dir_,
      ", below the reserve of ", Bytes(options_.reserve_bytes),
      "; nothing was written; free space on the disk of ", dir_,
      "; writes resume by themselves; reads go on"));
}

absl::Status RocksDbEventLog::DiskFullError(const absl::Status& cause) const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "disk full: ", cause.message(), "; free space on the disk of ", dir_,
      "; writes resume by themselves; reads go on"));
}

absl::Status RocksDbEventLog::ReadOnlyError() const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "disk full: the event log in ", dir_,
      " is open read-only, there was no room to open it for writing; free "
      "space on the disk of ",
      dir_, "; writes resume by themselves; reads go on"));
}

absl::Status RocksDbEventLog::CheckSpace() {
  absl::StatusOr<uint64_t> free_bytes = FreeBytes();
  // A file system that cannot tell its free space is not held to the
  // reserve: RocksDB reports a full disk when it meets one.
  absl::Status status;
  if (free_bytes.ok() && *free_bytes < options_.reserve_bytes) {
    status = DiskFullError(*free_bytes);
  } else if (needs_reopen_ || read_only()) {
    status = Reopen();
  } else if (needs_resume_) {
    absl::ReaderMutexLock db_lock(&db_mu_);
    status = FromRocksDb(db_->db()->Resume(),
                         "resume writing after the disk was full");
    if (status.ok()) {
      needs_resume_ = false;
    } else {
      // A resume that fails (the disk filled again) can leave RocksDB
      // stopped for good: reopen it next time.
      needs_reopen_ = true;
      if (status.code() == absl::StatusCode::kResourceExhausted) {
        status = DiskFullError(status);
      }
    }
  }
  space_status_ = status;
  SetWritesRefused(!status.ok(), free_bytes.value_or(0));
  return status;
}

absl::Status RocksDbEventLog::Reopen() {
  const absl::Time now = absl::Now();
  if (now - last_reopen_attempt_ < kReopenInterval && !space_status_.ok()) {
    return space_status_;
  }
  last_reopen_attempt_ = now;
  const uint64_t head_before = head_.load();
  std::unique_ptr<RocksDbDatabase> closed;
  absl::Status status;
  bool writable = false;
  {
    // Readers wait while the database is swapped.
    absl::MutexLock db_lock(&db_mu_);
    if (db_ != nullptr && !db_->read_only()) {
      // A stopped writable instance holds the directory's lock: close it
      // first (it cannot flush; its data is in the synced WAL).
      db_.reset();
    }
    // A read-only instance stays open, unused, while RocksDB opens the
    // directory for writing; it deletes no file when closed.
    absl::StatusOr<std::unique_ptr<RocksDbDatabase>> opened =
        RocksDbDatabase::Open(dir_, *db_options_, options_.projection_families,
                              /*read_only=*/false);
    writable = opened.ok();
    if (!opened.ok()) {
      status = opened.status();
      // A fresh read-only view: the failed open may have changed files, as a
      // crash would have.
      opened = RocksDbDatabase::Open(dir_, *db_options_,
                                     options_.projection_families,
                                     /*read_only=*/true);
    }
    if (opened.ok()) {
      closed = std::exchange(db_, *std::move(opened));
      // The WAL may hold a write that RocksDB refused to acknowledge.
      absl::Status loaded = LoadHead();
      if (status.ok()) status = loaded;
    }
  }
  closed.reset();
  if (writable) {
    needs_resume_ = false;
    needs_reopen_ = !status.ok();
  }
  if (head_.load() != head_before) Publish(head_.load());
  if (status.code() != absl::StatusCode::kResourceExhausted) return status;
  if (!writable) return ReadOnlyError();
  return DiskFullError(status);
}

void RocksDbEventLog::SetWritesRefused(bool refused, uint64_t free_bytes) {
  writes_refused_.store(refused);
  if (refused == notified_refused_) return;
  notified_refused_ = refused;
  if (refused) {
    // Refused on another thread (AppendGroup): the writer thread then checks
    // about once a second, to notice freed space without an append.
    absl::MutexLock lock(&queue_mu_);
    check_space_ = true;
  }
  if (options_.on_space) options_.on_space(refused, free_bytes);
}

}  // namespace transpo
