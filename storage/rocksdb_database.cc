#include "storage/rocksdb_database.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "storage/quote.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_convert.h"

namespace transpo {
namespace {

bool IsCoreFamily(const std::string& name) {
  return name == rocksdb::kDefaultColumnFamilyName || name == kEventsFamily ||
         name == kStreamsFamily || name == kRequestsFamily ||
         name == kMetaFamily;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDbDatabase>> RocksDbDatabase::Open(
    const std::string& dir, const rocksdb::Options& options,
    const std::vector<std::string>& projection_families, bool read_only) {
  for (const std::string& family : projection_families) {
    if (family.empty() || IsCoreFamily(family)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "projection family ", Quote(family), ": reserved or empty name"));
    }
  }
  std::vector<std::string> names;
  rocksdb::Status listed =
      rocksdb::DB::ListColumnFamilies(options, dir, &names);
  if (!listed.ok()) names.clear();  // a new database
  if (!read_only) {
    std::vector<std::string> wanted = {rocksdb::kDefaultColumnFamilyName,
                                       kEventsFamily, kStreamsFamily,
                                       kRequestsFamily, kMetaFamily};
    wanted.insert(wanted.end(), projection_families.begin(),
                  projection_families.end());
    for (const std::string& name : wanted) {
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(name);
      }
    }
  } else if (names.empty()) {
    return FromRocksDb(listed,
                       absl::StrCat("open event log in ", dir, " read-only"));
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.reserve(names.size());
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions(options));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status opened =
      read_only
          ? rocksdb::DB::OpenForReadOnly(options, dir, descriptors, &handles,
                                         &raw_db)
          : rocksdb::DB::Open(options, dir, descriptors, &handles, &raw_db);
  if (!opened.ok()) {
    return FromRocksDb(opened, absl::StrCat("open event log in ", dir,
                                            read_only ? " read-only" : ""));
  }
  std::unique_ptr<RocksDbDatabase> database(new RocksDbDatabase(
      std::unique_ptr<rocksdb::DB>(raw_db), std::move(handles), read_only));
  if (database->events_ == nullptr || database->streams_ == nullptr ||
      database->requests_ == nullptr || database->meta_ == nullptr) {
    return absl::DataLossError(absl::StrCat(
        "event log in ", dir, ": a core column family is missing"));
  }
  return database;
}

RocksDbDatabase::RocksDbDatabase(
    std::unique_ptr<rocksdb::DB> db,
    std::vector<rocksdb::ColumnFamilyHandle*> handles, bool read_only)
    : db_(std::move(db)), handles_(std::move(handles)), read_only_(read_only) {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    const std::string& name = handle->GetName();
    if (name == kEventsFamily) {
      events_ = handle;
    } else if (name == kStreamsFamily) {
      streams_ = handle;
    } else if (name == kRequestsFamily) {
      requests_ = handle;
    } else if (name == kMetaFamily) {
      meta_ = handle;
    } else if (!IsCoreFamily(name)) {
      projections_.emplace(name, handle);
    }
  }
}

RocksDbDatabase::~RocksDbDatabase() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

absl::Status RocksDbDatabase::Flush() {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  return FromRocksDb(db_->Flush(flush, handles_), "flush");
}

rocksdb::ColumnFamilyHandle* RocksDbDatabase::projection(
    absl::string_view name) const {
  auto it = projections_.find(name);
  return it == projections_.end() ? nullptr : it->second;
}

}  // namespace transpo
