#include "tests/storage/fault_injection_fs.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace transpo::testing {
namespace {

bool IsWal(const std::string& name) { return absl::EndsWith(name, ".log"); }

rocksdb::IOStatus PowerCut() {
  return rocksdb::IOStatus::IOError("fault injection: the power is cut");
}

rocksdb::IOStatus DiskFull() {
  rocksdb::IOStatus status =
      rocksdb::IOStatus::NoSpace("fault injection: No space left on device");
  status.SetRetryable(true);  // as the POSIX file system says of ENOSPC
  return status;
}

}  // namespace

// A writable file whose changes go through the file system's admission and
// whose size and synced size the file system tracks.
class FaultInjectionFs::WritableFile final
    : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  WritableFile(FaultInjectionFs* fs, std::string name,
               std::unique_ptr<rocksdb::FSWritableFile> target)
      : rocksdb::FSWritableFileOwnerWrapper(std::move(target)),
        fs_(fs),
        name_(std::move(name)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data,
                           const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/true);
    if (status.ok()) status = target()->Append(data, options, dbg);
    if (status.ok()) fs_->Appended(name_, target()->GetFileSize(options, dbg));
    return status;
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data,
                           const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/true);
    if (status.ok()) status = target()->Append(data, options, info, dbg);
    if (status.ok()) fs_->Appended(name_, target()->GetFileSize(options, dbg));
    return status;
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data,
                                     uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/true);
    if (status.ok()) {
      status = target()->PositionedAppend(data, offset, options, dbg);
    }
    if (status.ok()) fs_->Appended(name_, offset + data.size());
    return status;
  }
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data,
                                     uint64_t offset,
                                     const rocksdb::IOOptions& options,
                                     const rocksdb::DataVerificationInfo& info,
                                     rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/true);
    if (status.ok()) {
      status = target()->PositionedAppend(data, offset, options, info, dbg);
    }
    if (status.ok()) fs_->Appended(name_, offset + data.size());
    return status;
  }
  rocksdb::IOStatus Truncate(uint64_t size, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/false);
    if (status.ok()) status = target()->Truncate(size, options, dbg);
    if (status.ok()) fs_->Resized(name_, size);
    return status;
  }
  rocksdb::IOStatus Allocate(uint64_t offset, uint64_t len,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/true);
    if (status.ok()) status = target()->Allocate(offset, len, options, dbg);
    return status;
  }
  rocksdb::IOStatus Flush(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/false);
    if (status.ok()) status = target()->Flush(options, dbg);
    return status;
  }
  rocksdb::IOStatus RangeSync(uint64_t offset, uint64_t nbytes,
                              const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* dbg) override {
    // Not a durability point: sync_file_range does not flush metadata.
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/false);
    if (status.ok()) status = target()->RangeSync(offset, nbytes, options, dbg);
    return status;
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                         rocksdb::IODebugContext* dbg) override {
    return fs_->SyncFile(name_, [&] { return target()->Sync(options, dbg); });
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    return fs_->SyncFile(name_, [&] { return target()->Fsync(options, dbg); });
  }
  rocksdb::IOStatus Close(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    // Closing changes no bytes (the POSIX file only trims what it
    // preallocated), but after the cut nothing succeeds.
    rocksdb::IOStatus status = target()->Close(options, dbg);
    if (fs_->power_cut()) return PowerCut();
    return status;
  }

 private:
  FaultInjectionFs* const fs_;
  const std::string name_;
};

// A directory whose fsync fails once the power is cut.
class FaultInjectionFs::Directory final : public rocksdb::FSDirectoryWrapper {
 public:
  Directory(FaultInjectionFs* fs, std::unique_ptr<rocksdb::FSDirectory> target)
      : rocksdb::FSDirectoryWrapper(std::move(target)), fs_(fs) {}

  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/false);
    if (status.ok()) status = FSDirectoryWrapper::Fsync(options, dbg);
    return status;
  }
  rocksdb::IOStatus FsyncWithDirOptions(
      const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg,
      const rocksdb::DirFsyncOptions& dir_options) override {
    rocksdb::IOStatus status = fs_->Admit(/*takes_space=*/false);
    if (status.ok()) {
      status =
          FSDirectoryWrapper::FsyncWithDirOptions(options, dbg, dir_options);
    }
    return status;
  }

 private:
  FaultInjectionFs* const fs_;
};

FaultInjectionFs::FaultInjectionFs(std::shared_ptr<rocksdb::FileSystem> base)
    : rocksdb::FileSystemWrapper(std::move(base)) {}

void FaultInjectionFs::SetNoSpace(bool no_space) {
  absl::MutexLock lock(&mu_);
  no_space_ = no_space;
  no_space_seen_ = false;
}

void FaultInjectionFs::SetFreeBytes(std::optional<uint64_t> free_bytes) {
  absl::MutexLock lock(&mu_);
  free_bytes_ = free_bytes;
}

void FaultInjectionFs::CutPower() {
  absl::MutexLock lock(&mu_);
  cut_ = true;
}

void FaultInjectionFs::CutPowerAfter(uint64_t operations) {
  absl::MutexLock lock(&mu_);
  operations_until_cut_ = std::max<uint64_t>(operations, 1);
}

bool FaultInjectionFs::power_cut() const {
  absl::MutexLock lock(&mu_);
  return cut_;
}

absl::StatusOr<uint64_t> FaultInjectionFs::DropUnsyncedData() {
  absl::MutexLock lock(&mu_);
  uint64_t dropped = 0;
  for (const auto& [name, state] : files_) {
    if (state.synced >= state.size) continue;
    // The POSIX file system does not implement FileSystem::Truncate.
    if (::truncate(name.c_str(), static_cast<off_t>(state.synced)) != 0) {
      return absl::InternalError(
          absl::StrCat("truncate ", name, ": ", std::strerror(errno)));
    }
    dropped += state.size - state.synced;
  }
  return dropped;
}

int64_t FaultInjectionFs::wal_syncs() const {
  absl::MutexLock lock(&mu_);
  return wal_syncs_;
}

void FaultInjectionFs::FailNextWalSync() {
  absl::MutexLock lock(&mu_);
  fail_next_sync_ = true;
}

void FaultInjectionFs::HoldNextWalSync() {
  absl::MutexLock lock(&mu_);
  hold_next_sync_ = true;
}

void FaultInjectionFs::WaitUntilWalSyncHeld() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(&sync_held_));
}

void FaultInjectionFs::ReleaseWalSync() {
  absl::MutexLock lock(&mu_);
  sync_released_ = true;
}

rocksdb::IOStatus FaultInjectionFs::Admit(bool takes_space) {
  absl::MutexLock lock(&mu_);
  return AdmitLocked(takes_space);
}

rocksdb::IOStatus FaultInjectionFs::AdmitLocked(bool takes_space) {
  if (operations_until_cut_ > 0 && --operations_until_cut_ == 0) cut_ = true;
  if (cut_) return PowerCut();
  if (takes_space && no_space_) {
    no_space_seen_ = true;
    return DiskFull();
  }
  return rocksdb::IOStatus::OK();
}

void FaultInjectionFs::Track(const std::string& name, FileState state,
                             std::unique_ptr<rocksdb::FSWritableFile>* result) {
  {
    absl::MutexLock lock(&mu_);
    files_[name] = state;
  }
  *result = std::make_unique<WritableFile>(this, name, std::move(*result));
}

void FaultInjectionFs::Appended(const std::string& name, uint64_t end) {
  absl::MutexLock lock(&mu_);
  FileState& state = files_[name];
  state.size = std::max(state.size, end);
}

void FaultInjectionFs::Resized(const std::string& name, uint64_t size) {
  absl::MutexLock lock(&mu_);
  FileState& state = files_[name];
  state.size = size;
  state.synced = std::min(state.synced, size);
}

template <typename SyncFn>
rocksdb::IOStatus FaultInjectionFs::SyncFile(const std::string& name,
                                             SyncFn sync) {
  uint64_t size = 0;
  {
    absl::MutexLock lock(&mu_);
    rocksdb::IOStatus admitted = AdmitLocked(/*takes_space=*/true);
    if (!admitted.ok()) return admitted;
    if (IsWal(name)) {
      ++wal_syncs_;
      if (fail_next_sync_) {
        fail_next_sync_ = false;
        return rocksdb::IOStatus::IOError("injected fsync failure");
      }
      if (hold_next_sync_) {
        hold_next_sync_ = false;
        sync_held_ = true;
        mu_.Await(absl::Condition(&sync_released_));
        sync_held_ = false;
        sync_released_ = false;
      }
    }
    size = files_[name].size;
  }
  rocksdb::IOStatus status = sync();
  if (!status.ok()) return status;
  absl::MutexLock lock(&mu_);
  // A cut during the sync came first: the sync never finished.
  if (cut_) return PowerCut();
  FileState& state = files_[name];
  state.synced = std::max(state.synced, size);
  return rocksdb::IOStatus::OK();
}

rocksdb::IOStatus FaultInjectionFs::NewWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result,
    rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/true);
  if (status.ok())
    status = target()->NewWritableFile(name, options, result, dbg);
  if (status.ok()) Track(name, FileState{}, result);
  return status;
}

rocksdb::IOStatus FaultInjectionFs::ReopenWritableFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result,
    rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/false);
  if (!status.ok()) return status;
  std::optional<FileState> known;
  {
    absl::MutexLock lock(&mu_);
    if (auto it = files_.find(name); it != files_.end()) known = it->second;
  }
  uint64_t size = 0;
  if (!known.has_value()) {
    // Written before this file system: durable as it is.
    status = target()->GetFileSize(name, rocksdb::IOOptions(), &size, dbg);
    if (status.IsNotFound() || status.IsPathNotFound()) status = {};
    if (!status.ok()) return status;
  }
  status = target()->ReopenWritableFile(name, options, result, dbg);
  if (status.ok()) Track(name, known.value_or(FileState{size, size}), result);
  return status;
}

rocksdb::IOStatus FaultInjectionFs::ReuseWritableFile(
    const std::string& name, const std::string& old_name,
    const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSWritableFile>* result,
    rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/true);
  if (status.ok()) {
    status = target()->ReuseWritableFile(name, old_name, options, result, dbg);
  }
  if (status.ok()) {
    {
      absl::MutexLock lock(&mu_);
      files_.erase(old_name);
    }
    Track(name, FileState{}, result);
  }
  return status;
}

rocksdb::IOStatus FaultInjectionFs::NewRandomRWFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSRandomRWFile>* result,
    rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/true);
  if (status.ok())
    status = target()->NewRandomRWFile(name, options, result, dbg);
  return status;
}

rocksdb::IOStatus FaultInjectionFs::NewDirectory(
    const std::string& name, const rocksdb::IOOptions& options,
    std::unique_ptr<rocksdb::FSDirectory>* result,
    rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = target()->NewDirectory(name, options, result, dbg);
  if (status.ok())
    *result = std::make_unique<Directory>(this, std::move(*result));
  return status;
}

rocksdb::IOStatus FaultInjectionFs::DeleteFile(
    const std::string& name, const rocksdb::IOOptions& options,
    rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/false);
  if (status.ok()) status = target()->DeleteFile(name, options, dbg);
  if (status.ok()) {
    absl::MutexLock lock(&mu_);
    files_.erase(name);
  }
  return status;
}

rocksdb::IOStatus FaultInjectionFs::Truncate(const std::string& name,
                                             size_t size,
                                             const rocksdb::IOOptions& options,
                                             rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/false);
  if (status.ok()) status = target()->Truncate(name, size, options, dbg);
  if (status.ok()) {
    absl::MutexLock lock(&mu_);
    if (auto it = files_.find(name); it != files_.end()) {
      it->second.size = size;
      it->second.synced = std::min<uint64_t>(it->second.synced, size);
    }
  }
  return status;
}

rocksdb::IOStatus FaultInjectionFs::RenameFile(
    const std::string& from, const std::string& to,
    const rocksdb::IOOptions& options, rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/false);
  if (status.ok()) status = target()->RenameFile(from, to, options, dbg);
  if (status.ok()) {
    absl::MutexLock lock(&mu_);
    auto it = files_.find(from);
    if (it != files_.end()) {
      files_[to] = it->second;
      files_.erase(from);
    } else {
      files_.erase(to);  // the renamed file was durable as it was
    }
  }
  return status;
}

rocksdb::IOStatus FaultInjectionFs::LinkFile(const std::string& from,
                                             const std::string& to,
                                             const rocksdb::IOOptions& options,
                                             rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/false);
  if (status.ok()) status = target()->LinkFile(from, to, options, dbg);
  return status;
}

rocksdb::IOStatus FaultInjectionFs::CreateDir(const std::string& name,
                                              const rocksdb::IOOptions& options,
                                              rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/true);
  if (status.ok()) status = target()->CreateDir(name, options, dbg);
  return status;
}

rocksdb::IOStatus FaultInjectionFs::CreateDirIfMissing(
    const std::string& name, const rocksdb::IOOptions& options,
    rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/false);
  if (status.ok()) status = target()->CreateDirIfMissing(name, options, dbg);
  return status;
}

rocksdb::IOStatus FaultInjectionFs::DeleteDir(const std::string& name,
                                              const rocksdb::IOOptions& options,
                                              rocksdb::IODebugContext* dbg) {
  rocksdb::IOStatus status = Admit(/*takes_space=*/false);
  if (status.ok()) status = target()->DeleteDir(name, options, dbg);
  return status;
}

rocksdb::IOStatus FaultInjectionFs::GetFreeSpace(
    const std::string& path, const rocksdb::IOOptions& options,
    uint64_t* free_bytes, rocksdb::IODebugContext* dbg) {
  {
    absl::MutexLock lock(&mu_);
    if (free_bytes_.has_value() || (no_space_ && no_space_seen_)) {
      *free_bytes = free_bytes_.value_or(0);
      return rocksdb::IOStatus::OK();
    }
  }
  struct statvfs stats;
  if (statvfs(path.c_str(), &stats) != 0) {
    return rocksdb::IOStatus::IOError(
        absl::StrCat("statvfs ", path, ": ", std::strerror(errno)));
  }
  *free_bytes = uint64_t{stats.f_bavail} * stats.f_frsize;
  return rocksdb::IOStatus::OK();
}

}  // namespace transpo::testing
