// The read side: lookups, pages of events, projection rows and Verify. Every
// read holds db_mu_ shared, so the database is never swapped under it.

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "storage/quote.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_convert.h"
#include "storage/rocksdb_database.h"
#include "storage/rocksdb_event_log.h"

namespace transpo {

absl::Status RocksDbEventLog::CheckOpen() const {
  if (db_ != nullptr) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(
      "event log in ", dir_,
      " is not open: it could not be reopened after the disk was full; it "
      "retries by itself"));
}

absl::StatusOr<std::optional<std::string>> RocksDbEventLog::Get(
    rocksdb::ColumnFamilyHandle* family, absl::string_view key) {
  std::string value;
  rocksdb::Status status =
      db_->db()->Get(rocksdb::ReadOptions(), family, ToSlice(key), &value);
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) {
    return FromRocksDb(status, absl::StrCat("read ", family->GetName()));
  }
  return value;
}

absl::StatusOr<std::optional<AppendResult>> RocksDbEventLog::LookupRequest(
    absl::string_view request_id, absl::string_view request_key) {
  if (request_id.empty()) return std::nullopt;
  absl::ReaderMutexLock db_lock(&db_mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  absl::StatusOr<std::optional<std::string>> stored =
      Get(db_->requests(), request_id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::nullopt;
  absl::StatusOr<StoredRequest> decoded = DecodeRequest(**stored);
  if (!decoded.ok()) return decoded.status();
  if (decoded->keyed && !request_key.empty() &&
      decoded->fingerprint != KeyFingerprint(request_key)) {
    return absl::AlreadyExistsError(
        absl::StrCat("request_id ", Quote(request_id),
                     ": already used for a different request"));
  }
  AppendResult result = decoded->result;
  result.replayed = true;
  return result;
}

absl::StatusOr<uint64_t> RocksDbEventLog::StreamVersion(
    absl::string_view stream) {
  absl::ReaderMutexLock db_lock(&db_mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return StreamVersionLocked(stream);
}

absl::StatusOr<uint64_t> RocksDbEventLog::StreamVersionLocked(
    absl::string_view stream) {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(rocksdb::ReadOptions(), db_->streams()));
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
    absl::string_view stream, uint64_t from_version, size_t max,
    size_t max_bytes) {
  absl::ReaderMutexLock db_lock(&db_mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  std::vector<EventRecord> records;
  std::vector<std::string> positions;
  {
    std::string end = StreamEndKey(stream);
    rocksdb::Slice upper(end);
    rocksdb::ReadOptions read;
    read.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->db()->NewIterator(read, db_->streams()));
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
  size_t bytes = 0;
  for (const std::string& key : positions) {
    const uint64_t position = DecodeBigEndian64(key);
    absl::StatusOr<std::optional<std::string>> stored = Get(db_->events(), key);
    if (!stored.ok()) return RecordError(position, stored.status());
    if (!stored->has_value()) {
      return RecordError(position, absl::DataLossError("missing"));
    }
    absl::StatusOr<EventRecord> record = DecodeRecord(**stored);
    if (!record.ok()) return RecordError(position, record.status());
    bytes += EventRecordBytes(*record);
    if (!records.empty() && bytes > max_bytes) break;
    records.push_back(*std::move(record));
  }
  return records;
}

absl::StatusOr<std::vector<EventRecord>> RocksDbEventLog::ReadAll(
    uint64_t from_position, size_t max, size_t max_bytes) {
  absl::ReaderMutexLock db_lock(&db_mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  return ReadAllLocked(from_position, max, max_bytes);
}

absl::StatusOr<std::vector<EventRecord>> RocksDbEventLog::ReadAllLocked(
    uint64_t from_position, size_t max, size_t max_bytes) {
  std::vector<EventRecord> records;
  const uint64_t from = std::max<uint64_t>(from_position, 1);
  const uint64_t head = head_.load();
  if (from > head || max == 0) return records;
  const uint64_t last = from + std::min<uint64_t>(head - from, max - 1);
  std::string end = PositionKey(last + 1);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(read, db_->events()));
  uint64_t expected = from;
  size_t bytes = 0;
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
    bytes += EventRecordBytes(*record);
    if (!records.empty() && bytes > max_bytes) return records;
    records.push_back(*std::move(record));
  }
  absl::Status status = FromRocksDb(it->status(), "read events");
  if (!status.ok()) return RecordError(expected, status);
  if (expected != last + 1) {
    return RecordError(expected, absl::DataLossError("missing"));
  }
  return records;
}

absl::StatusOr<VerifyReport> RocksDbEventLog::Verify() {
  absl::ReaderMutexLock db_lock(&db_mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  VerifyReport report;
  report.head = head_.load();
  std::string previous_hash = GenesisHash();
  absl::flat_hash_map<std::string, uint64_t> stream_versions;
  std::string end = PositionKey(report.head + 1);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->db()->NewIterator(read, db_->events()));
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
      return broken(position, absl::StrCat("stream ", Quote(record->stream),
                                           " version ", record->version,
                                           " follows version ", version));
    }
    version = record->version;
    absl::StatusOr<std::optional<std::string>> indexed =
        Get(db_->streams(), StreamKey(record->stream, record->version));
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
  return db_->projection(name);
}

absl::StatusOr<std::optional<std::string>> RocksDbEventLog::GetProjection(
    absl::string_view family, absl::string_view key) {
  absl::ReaderMutexLock db_lock(&db_mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  rocksdb::ColumnFamilyHandle* handle = ProjectionFamily(family);
  if (handle == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("projection family ", Quote(family), ": not opened"));
  }
  return Get(handle, key);
}

absl::Status RocksDbEventLog::ScanProjectionRange(
    absl::string_view family, absl::string_view begin, absl::string_view end,
    const std::function<bool(absl::string_view, absl::string_view)>& visit,
    ScanCache cache) {
  absl::ReaderMutexLock db_lock(&db_mu_);
  if (absl::Status open = CheckOpen(); !open.ok()) return open;
  rocksdb::ColumnFamilyHandle* handle = ProjectionFamily(family);
  if (handle == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("projection family ", Quote(family), ": not opened"));
  }
  const rocksdb::Slice upper = ToSlice(end);
  rocksdb::ReadOptions read;
  read.fill_cache = cache == ScanCache::kFill;
  if (!end.empty()) read.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->db()->NewIterator(read, handle));
  for (it->Seek(ToSlice(begin)); it->Valid(); it->Next()) {
    if (!visit(View(it->key()), View(it->value()))) break;
  }
  return FromRocksDb(it->status(), absl::StrCat("scan ", family));
}

}  // namespace transpo
