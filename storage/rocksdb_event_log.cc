// Opening, reading, watching and verifying the log. Writing is in
// rocksdb_event_log_write.cc.

#include "storage/rocksdb_event_log.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_convert.h"

namespace transpo {
namespace {

// The layout of the column families (not of one record): bump when they
// change incompatibly.
constexpr uint64_t kStoreFormat = 1;

bool IsCoreFamily(const std::string& name) {
  return name == rocksdb::kDefaultColumnFamilyName || name == kEventsFamily ||
         name == kStreamsFamily || name == kRequestsFamily ||
         name == kMetaFamily;
}

absl::Status RecordError(uint64_t position, const absl::Status& status) {
  return absl::DataLossError(
      absl::StrCat("event at position ", position, ": ", status.message()));
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

  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  db_options.IncreaseParallelism(2);

  std::vector<std::string> names;
  rocksdb::Status listed =
      rocksdb::DB::ListColumnFamilies(db_options, dir, &names);
  if (!listed.ok()) names.clear();  // a new database
  for (const char* core :
       {rocksdb::kDefaultColumnFamilyName.c_str(), kEventsFamily,
        kStreamsFamily, kRequestsFamily, kMetaFamily}) {
    if (std::find(names.begin(), names.end(), core) == names.end()) {
      names.push_back(core);
    }
  }
  for (const std::string& family : options.projection_families) {
    if (family.empty() || IsCoreFamily(family)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "projection family \"", family, "\": reserved or empty name"));
    }
    if (std::find(names.begin(), names.end(), family) == names.end()) {
      names.push_back(family);
    }
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions(db_options));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status opened =
      rocksdb::DB::Open(db_options, dir, descriptors, &handles, &raw_db);
  if (!opened.ok()) {
    return FromRocksDb(opened, absl::StrCat("open event log in ", dir));
  }
  std::unique_ptr<rocksdb::DB> db(raw_db);

  std::unique_ptr<RocksDbEventLog> log(
      new RocksDbEventLog(std::move(options), std::move(db), handles));
  absl::Status loaded = log->LoadHead();
  if (!loaded.ok()) return loaded;
  return log;
}

RocksDbEventLog::RocksDbEventLog(
    EventLogOptions options, std::unique_ptr<rocksdb::DB> db,
    std::vector<rocksdb::ColumnFamilyHandle*> handles)
    : options_(std::move(options)),
      db_(std::move(db)),
      handles_(std::move(handles)) {
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

RocksDbEventLog::~RocksDbEventLog() {
  if (writer_.joinable()) {
    {
      absl::MutexLock lock(&queue_mu_);
      closing_ = true;
    }
    writer_.join();
  }
  // Flushing memtables on a clean close leaves no WAL to replay at the next
  // open: start-up then does not depend on how much was written before.
  rocksdb::FlushOptions flush;
  flush.wait = true;
  db_->Flush(flush, handles_).PermitUncheckedError();
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

absl::Status RocksDbEventLog::LoadHead() {
  absl::StatusOr<std::optional<std::string>> format =
      Get(meta_, kStoreFormatKey);
  if (!format.ok()) return format.status();
  if (format->has_value()) {
    uint64_t found = DecodeBigEndian64(**format);
    if (found > kStoreFormat) {
      return absl::FailedPreconditionError(absl::StrCat(
          "event log format ", found,
          " is newer than this transpo understands (", kStoreFormat, ")"));
    }
  } else {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    absl::Status put = FromRocksDb(
        db_->Put(sync, meta_, kStoreFormatKey, EncodeBigEndian64(kStoreFormat)),
        "write event log format");
    if (!put.ok()) return put;
  }

  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), events_));
  it->SeekToLast();
  absl::Status scanned = FromRocksDb(it->status(), "read last event");
  if (!scanned.ok()) return scanned;
  uint64_t head = 0;
  {
    absl::MutexLock lock(&write_mu_);
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
  }
  head_.store(head);

  absl::StatusOr<std::optional<std::string>> checkpoint =
      Get(meta_, kCheckpointKey);
  if (!checkpoint.ok()) return checkpoint.status();
  checkpoint_.store(checkpoint->has_value() ? DecodeBigEndian64(**checkpoint)
                                            : head);
  writer_ = std::thread([this] { WriterLoop(); });
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> RocksDbEventLog::Get(
    rocksdb::ColumnFamilyHandle* family, absl::string_view key) {
  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), family, ToSlice(key), &value);
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) {
    return FromRocksDb(status, absl::StrCat("read ", family->GetName()));
  }
  return value;
}

absl::StatusOr<std::optional<AppendResult>> RocksDbEventLog::LookupRequest(
    absl::string_view request_id) {
  if (request_id.empty()) return std::nullopt;
  absl::StatusOr<std::optional<std::string>> stored =
      Get(requests_, request_id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::nullopt;
  absl::StatusOr<StoredRequest> decoded = DecodeRequest(**stored);
  if (!decoded.ok()) return decoded.status();
  AppendResult result = decoded->result;
  result.replayed = true;
  return result;
}

absl::StatusOr<uint64_t> RocksDbEventLog::StreamVersion(
    absl::string_view stream) {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), streams_));
  std::string end = StreamEndKey(stream);
  it->SeekForPrev(end);
  absl::Status status = FromRocksDb(it->status(), "read stream index");
  if (!status.ok()) return status;
  if (!it->Valid()) return 0;
  absl::string_view key = View(it->key());
  std::string prefix = StreamKey(stream, 0).substr(0, stream.size() + 1);
  if (!absl::StartsWith(key, prefix) || key.size() != prefix.size() + 8) {
    return 0;
  }
  return DecodeStreamKeyVersion(key);
}

absl::StatusOr<std::vector<EventRecord>> RocksDbEventLog::ReadStream(
    absl::string_view stream, uint64_t from_version, size_t max) {
  std::vector<EventRecord> records;
  std::vector<std::string> positions;
  {
    std::string end = StreamEndKey(stream);
    rocksdb::Slice upper(end);
    rocksdb::ReadOptions read;
    read.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, streams_));
    const uint64_t head = head_.load();
    for (it->Seek(StreamKey(stream, std::max<uint64_t>(from_version, 1)));
         it->Valid() && positions.size() < max; it->Next()) {
      if (it->key().size() != stream.size() + 9) continue;  // longer name
      std::string position = it->value().ToString();
      if (DecodeBigEndian64(position) > head) break;  // not yet committed
      positions.push_back(std::move(position));
    }
    absl::Status status = FromRocksDb(it->status(), "read stream index");
    if (!status.ok()) return status;
  }
  for (const std::string& key : positions) {
    const uint64_t position = DecodeBigEndian64(key);
    absl::StatusOr<std::optional<std::string>> bytes = Get(events_, key);
    if (!bytes.ok()) return RecordError(position, bytes.status());
    if (!bytes->has_value()) {
      return RecordError(position, absl::DataLossError("missing"));
    }
    absl::StatusOr<EventRecord> record = DecodeRecord(**bytes);
    if (!record.ok()) return RecordError(position, record.status());
    records.push_back(*std::move(record));
  }
  return records;
}

absl::StatusOr<std::vector<EventRecord>> RocksDbEventLog::ReadAll(
    uint64_t from_position, size_t max) {
  std::vector<EventRecord> records;
  const uint64_t from = std::max<uint64_t>(from_position, 1);
  const uint64_t head = head_.load();
  if (from > head || max == 0) return records;
  const uint64_t last = std::min<uint64_t>(head, from + max - 1);
  std::string end = PositionKey(last + 1);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, events_));
  uint64_t expected = from;
  for (it->Seek(PositionKey(from)); it->Valid(); it->Next(), ++expected) {
    const uint64_t position = DecodePositionKey(View(it->key()));
    if (position != expected) {
      return RecordError(expected, absl::DataLossError("missing"));
    }
    absl::StatusOr<EventRecord> record = DecodeRecord(View(it->value()));
    if (!record.ok()) return RecordError(position, record.status());
    if (record->position != position) {
      return RecordError(
          position, absl::DataLossError(absl::StrCat("record says position ",
                                                     record->position)));
    }
    records.push_back(*std::move(record));
  }
  absl::Status status = FromRocksDb(it->status(), "read events");
  if (!status.ok()) return RecordError(expected, status);
  if (expected != last + 1) {
    return RecordError(expected, absl::DataLossError("missing"));
  }
  return records;
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

absl::StatusOr<VerifyReport> RocksDbEventLog::Verify() {
  VerifyReport report;
  report.head = head_.load();
  std::string previous_hash = GenesisHash();
  absl::flat_hash_map<std::string, uint64_t> stream_versions;
  std::string end = PositionKey(report.head + 1);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, events_));
  auto broken = [&report](uint64_t position, std::string problem) {
    report.first_broken_position = position;
    report.problem = std::move(problem);
    return report;
  };
  uint64_t expected = 1;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    const uint64_t position = DecodePositionKey(View(it->key()));
    if (position != expected) return broken(expected, "record missing");
    absl::string_view bytes = View(it->value());
    absl::StatusOr<EventRecord> record = DecodeRecord(bytes);
    if (!record.ok()) return broken(position, record.status().ToString());
    if (record->position != position) {
      return broken(position,
                    absl::StrCat("record says position ", record->position));
    }
    if (ComputeRecordHash(bytes, previous_hash) != record->hash) {
      return broken(position,
                    "hash does not match the previous record and "
                    "this record's content");
    }
    uint64_t& version = stream_versions[record->stream];
    if (record->version != version + 1) {
      return broken(position, absl::StrCat("stream \"", record->stream,
                                           "\" version ", record->version,
                                           " follows version ", version));
    }
    version = record->version;
    absl::StatusOr<std::optional<std::string>> indexed =
        Get(streams_, StreamKey(record->stream, record->version));
    if (!indexed.ok()) return indexed.status();
    if (!indexed->has_value() || DecodeBigEndian64(**indexed) != position) {
      return broken(position, "stream index does not point to this record");
    }
    previous_hash = std::move(record->hash);
    ++report.events_checked;
  }
  absl::Status status = FromRocksDb(it->status(), "verify events");
  if (!status.ok()) return status;
  if (expected != report.head + 1) return broken(expected, "record missing");
  return report;
}

rocksdb::ColumnFamilyHandle* RocksDbEventLog::ProjectionFamily(
    absl::string_view name) const {
  auto it = projections_.find(name);
  return it == projections_.end() ? nullptr : it->second;
}

absl::StatusOr<std::optional<std::string>> RocksDbEventLog::GetProjection(
    absl::string_view family, absl::string_view key) {
  rocksdb::ColumnFamilyHandle* handle = ProjectionFamily(family);
  if (handle == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("projection family \"", family, "\": not opened"));
  }
  return Get(handle, key);
}

absl::Status RocksDbEventLog::ScanProjection(
    absl::string_view family, absl::string_view prefix,
    const std::function<bool(absl::string_view, absl::string_view)>& visit) {
  rocksdb::ColumnFamilyHandle* handle = ProjectionFamily(family);
  if (handle == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("projection family \"", family, "\": not opened"));
  }
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handle));
  for (it->Seek(ToSlice(prefix));
       it->Valid() && it->key().starts_with(ToSlice(prefix)); it->Next()) {
    if (!visit(View(it->key()), View(it->value()))) break;
  }
  return FromRocksDb(it->status(), absl::StrCat("scan ", family));
}

uint64_t RocksDbEventLog::ApproximateSizeBytes() {
  uint64_t total = 0;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    uint64_t size = 0;
    if (db_->GetIntProperty(handle, rocksdb::DB::Properties::kTotalSstFilesSize,
                            &size)) {
      total += size;
    }
    if (db_->GetIntProperty(
            handle, rocksdb::DB::Properties::kCurSizeAllMemTables, &size)) {
      total += size;
    }
  }
  return total;
}

}  // namespace transpo
