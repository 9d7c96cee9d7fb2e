#include "storage/rocksdb_convert.h"

#include "absl/strings/str_cat.h"

namespace transpo {

absl::Status FromRocksDb(const rocksdb::Status& status,
                         absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(context, ": ", status.ToString());
  if (status.IsCorruption()) return absl::DataLossError(message);
  // A full disk is an I/O error with a subcode: test it first.
  if (status.IsNoSpace()) return absl::ResourceExhaustedError(message);
  if (status.IsIOError() || status.IsBusy() || status.IsTimedOut() ||
      status.IsTryAgain()) {
    // RocksDB reports a data directory locked by another process as an I/O
    // error on the LOCK file.
    if (status.ToString().find("lock") != std::string::npos) {
      return absl::FailedPreconditionError(message);
    }
    return absl::UnavailableError(message);
  }
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsInvalidArgument() || status.IsNotSupported()) {
    return absl::FailedPreconditionError(message);
  }
  return absl::InternalError(message);
}

}  // namespace transpo
