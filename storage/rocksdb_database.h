// RocksDbDatabase is one open RocksDB instance holding an event log, with its
// column family handles: "events", "streams", "requests", "meta" and the
// projection families. It is opened for writing (creating what is missing) or
// read-only (only what exists). Destroying it destroys the handles and closes
// the database, without flushing.
//
// Thread-safety: the handles do not change after Open; rocksdb::DB may be
// used from any thread.
//
// Example:
//   absl::StatusOr<std::unique_ptr<RocksDbDatabase>> db =
//       RocksDbDatabase::Open(dir, options, {"dossiers"}, /*read_only=*/false);
//   if (!db.ok()) return db.status();
//   (*db)->db()->Get(rocksdb::ReadOptions(), (*db)->meta(), key, &value);

#ifndef TRANSPO_STORAGE_ROCKSDB_DATABASE_H_
#define TRANSPO_STORAGE_ROCKSDB_DATABASE_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"

namespace transpo {

class RocksDbDatabase {
 public:
  // Opens the database in `dir` with `options`. For writing: every column
  // family found in `dir`, the core ones and `projection_families`, created
  // if missing. Read-only: the column families found in `dir` only (a
  // projection family that does not exist yet is not opened). Errors:
  // InvalidArgument for an empty or reserved projection family name;
  // otherwise RocksDB's, converted by FromRocksDb (ResourceExhausted for lack
  // of space, FailedPrecondition for a directory locked by another process,
  // NotFound or FailedPrecondition for a read-only open of a missing log).
  static absl::StatusOr<std::unique_ptr<RocksDbDatabase>> Open(
      const std::string& dir, const rocksdb::Options& options,
      const std::vector<std::string>& projection_families, bool read_only);

  ~RocksDbDatabase();
  RocksDbDatabase(const RocksDbDatabase&) = delete;
  RocksDbDatabase& operator=(const RocksDbDatabase&) = delete;

  // Writes every memtable to SST files and waits, so that the next open has
  // no WAL to replay. Errors: RocksDB's, converted by FromRocksDb
  // (FailedPrecondition when read-only, ResourceExhausted on a full disk).
  absl::Status Flush();

  rocksdb::DB* db() const { return db_.get(); }
  bool read_only() const { return read_only_; }
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles() const {
    return handles_;
  }
  rocksdb::ColumnFamilyHandle* events() const { return events_; }
  rocksdb::ColumnFamilyHandle* streams() const { return streams_; }
  rocksdb::ColumnFamilyHandle* requests() const { return requests_; }
  rocksdb::ColumnFamilyHandle* meta() const { return meta_; }
  // The projection family `name`; nullptr if it is not open.
  rocksdb::ColumnFamilyHandle* projection(absl::string_view name) const;
  const std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>>&
  projections() const {
    return projections_;
  }

 private:
  RocksDbDatabase(std::unique_ptr<rocksdb::DB> db,
                  std::vector<rocksdb::ColumnFamilyHandle*> handles,
                  bool read_only);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned
  bool read_only_ = false;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* requests_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> projections_;
};

}  // namespace transpo

#endif  // TRANSPO_STORAGE_ROCKSDB_DATABASE_H_
