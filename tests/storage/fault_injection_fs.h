// FaultInjectionFs wraps a rocksdb::FileSystem (EventLogOptions::file_system)
// and does to the event log what disks and power supplies do:
//
//  - A full disk: while SetNoSpace(true), creating, appending to, allocating
//    and syncing files fail with IOStatus::NoSpace(), as ENOSPC does, and
//    once one has failed, GetFreeSpace reports 0 (before, the disk looked
//    fine: as if another process filled it between a check and a write).
//    SetFreeBytes() fixes what GetFreeSpace reports (otherwise statvfs).
//  - A power cut: after CutPower() (or CutPowerAfter(n) more operations that
//    change files), every operation that would change a file fails, so
//    nothing after the cut reaches the disk. Once the log is destroyed,
//    DropUnsyncedData() truncates every file written through this file
//    system to its size at its last successful Sync/Fsync (0 if never
//    synced): what the disk would have kept. Files that existed before are
//    taken as durable. Directory entries are not modelled.
//  - Group commit, seen at the disk: wal_syncs() counts Sync/Fsync calls on
//    WAL files (*.log); HoldNextWalSync() makes the next one wait, before
//    syncing, until ReleaseWalSync().
//
// Thread-safety: all methods may be called from any thread.
//
// Example:
//   auto fs = std::make_shared<FaultInjectionFs>();
//   auto log = RocksDbEventLog::Open(dir, {.file_system = fs});
//   fs->SetNoSpace(true);
//   (*log)->Append(request);  // ResourceExhausted

#ifndef TRANSPO_TESTS_STORAGE_FAULT_INJECTION_FS_H_
#define TRANSPO_TESTS_STORAGE_FAULT_INJECTION_FS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace transpo::testing {

class FaultInjectionFs final : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultInjectionFs(std::shared_ptr<rocksdb::FileSystem> base =
                                rocksdb::FileSystem::Default());

  static const char* kClassName() { return "FaultInjectionFs"; }
  const char* Name() const override { return kClassName(); }

  // While true, operations that take space fail with IOStatus::NoSpace(),
  // and after the first such failure GetFreeSpace reports 0.
  void SetNoSpace(bool no_space);
  // What GetFreeSpace reports, whatever SetNoSpace says; nullopt: the real
  // free space (statvfs, f_bavail * f_frsize) or 0 as above.
  void SetFreeBytes(std::optional<uint64_t> free_bytes);

  // Cuts the power now.
  void CutPower();
  // Cuts the power at the `operations`-th operation that changes a file from
  // now (that operation fails already); 1: the next one.
  void CutPowerAfter(uint64_t operations);
  bool power_cut() const;
  // Truncates every file written through this file system to its last
  // synced size (0 if never synced), with truncate(2): the base file system
  // must be a local one. Call once the log using it is destroyed. Returns
  // the bytes dropped; Internal if a file cannot be truncated.
  absl::StatusOr<uint64_t> DropUnsyncedData();

  // Sync and Fsync calls admitted on WAL files (*.log) so far.
  int64_t wal_syncs() const;
  // The next WAL sync waits, counted but before syncing, until
  // ReleaseWalSync().
  void HoldNextWalSync();
  // The next WAL sync fails with IOStatus::IOError after the data reached the
  // file (what an fsync error after a successful write leaves).
  void FailNextWalSync();
  // Blocks until a WAL sync is held.
  void WaitUntilWalSyncHeld();
  void ReleaseWalSync();

  // rocksdb::FileSystem
  rocksdb::IOStatus NewWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReopenWritableFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus ReuseWritableFile(
      const std::string& name, const std::string& old_name,
      const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSWritableFile>* result,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewRandomRWFile(
      const std::string& name, const rocksdb::FileOptions& options,
      std::unique_ptr<rocksdb::FSRandomRWFile>* result,
      rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus NewDirectory(const std::string& name,
                                 const rocksdb::IOOptions& options,
                                 std::unique_ptr<rocksdb::FSDirectory>* result,
                                 rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteFile(const std::string& name,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus Truncate(const std::string& name, size_t size,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus RenameFile(const std::string& from, const std::string& to,
                               const rocksdb::IOOptions& options,
                               rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus LinkFile(const std::string& from, const std::string& to,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDir(const std::string& name,
                              const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus CreateDirIfMissing(const std::string& name,
                                       const rocksdb::IOOptions& options,
                                       rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus DeleteDir(const std::string& name,
                              const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override;
  rocksdb::IOStatus GetFreeSpace(const std::string& path,
                                 const rocksdb::IOOptions& options,
                                 uint64_t* free_bytes,
                                 rocksdb::IODebugContext* dbg) override;

 private:
  class WritableFile;
  class Directory;
  struct FileState {
    uint64_t size = 0;    // bytes appended
    uint64_t synced = 0;  // bytes on disk at the last sync
  };

  // Admits one operation that changes a file: an error once the power is
  // cut (this operation may be the one that cuts it) and, for one that
  // `takes_space`, while the disk is full.
  rocksdb::IOStatus Admit(bool takes_space);
  rocksdb::IOStatus AdmitLocked(bool takes_space)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Wraps a writable file that RocksDB opened; `state` is its initial state.
  void Track(const std::string& name, FileState state,
             std::unique_ptr<rocksdb::FSWritableFile>* result);
  void Appended(const std::string& name, uint64_t end);
  void Resized(const std::string& name, uint64_t size);
  // Syncs with `sync` (the file's Sync or Fsync) and records the synced size.
  template <typename SyncFn>
  rocksdb::IOStatus SyncFile(const std::string& name, SyncFn sync);

  mutable absl::Mutex mu_;
  bool no_space_ ABSL_GUARDED_BY(mu_) = false;
  bool no_space_seen_ ABSL_GUARDED_BY(mu_) = false;  // a NoSpace was returned
  std::optional<uint64_t> free_bytes_ ABSL_GUARDED_BY(mu_);
  bool cut_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t operations_until_cut_ ABSL_GUARDED_BY(mu_) = 0;  // 0: no plan
  std::map<std::string, FileState> files_ ABSL_GUARDED_BY(mu_);
  int64_t wal_syncs_ ABSL_GUARDED_BY(mu_) = 0;
  bool hold_next_sync_ ABSL_GUARDED_BY(mu_) = false;
  bool fail_next_sync_ ABSL_GUARDED_BY(mu_) = false;
  bool sync_held_ ABSL_GUARDED_BY(mu_) = false;
  bool sync_released_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_STORAGE_FAULT_INJECTION_FS_H_
