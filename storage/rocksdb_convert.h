// Conversions between RocksDB's types and absl's, at the one place where they
// meet.
//
// FromRocksDb converts a rocksdb::Status by what the caller does next:
// Corruption -> DataLoss; a full disk (IsNoSpace) -> ResourceExhausted (wait
// for space to be freed); other I/O errors, Busy, TimedOut, TryAgain ->
// Unavailable (retry later); a held lock -> FailedPrecondition; NotFound ->
// NotFound; InvalidArgument, NotSupported -> FailedPrecondition; the rest ->
// Internal. `context` prefixes the message.

#ifndef TRANSPO_STORAGE_ROCKSDB_CONVERT_H_
#define TRANSPO_STORAGE_ROCKSDB_CONVERT_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace transpo {

absl::Status FromRocksDb(const rocksdb::Status& status,
                         absl::string_view context);

inline absl::string_view View(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

inline rocksdb::Slice ToSlice(absl::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}

}  // namespace transpo

#endif  // TRANSPO_STORAGE_ROCKSDB_CONVERT_H_
