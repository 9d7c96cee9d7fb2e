// The write path: the writer thread, group commit, validation, and the
// projection rebuild (which excludes commits while it runs). The free-space
// checks the writer makes are in rocksdb_event_log_space.cc.

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/notification.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/quote.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_convert.h"
#include "storage/rocksdb_database.h"
#include "storage/rocksdb_event_log.h"
#include "storage/version_conflict.h"

namespace transpo {
namespace {

constexpr size_t kMaxNameBytes = 256;
constexpr size_t kMaxRequestIdBytes = 128;
constexpr size_t kRebuildChunk = 1000;

// Printable ASCII without space: safe in keys, logs and metrics.
bool IsName(absl::string_view s) {
  if (s.empty() || s.size() > kMaxNameBytes) return false;
  for (char c : s) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

absl::Status BadName(absl::string_view field, absl::string_view value) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, " ", Quote(value), ": must be 1 to ", kMaxNameBytes,
                   " printable ASCII characters without space"));
}

absl::Status NotAProjectionFamily(absl::string_view family) {
  return absl::InvalidArgumentError(
      absl::StrCat("projections: family ", Quote(family),
                   " is not a projection family of this log"));
}

}  // namespace

// Stream versions and request ids decided earlier in the same batch.
struct RocksDbEventLog::Staged {
  uint64_t head = 0;
  std::string head_hash;
  absl::flat_hash_map<std::string, uint64_t> stream_versions;
  absl::flat_hash_map<std::string, StoredRequest> requests;
  size_t events = 0;
};

absl::StatusOr<AppendResult> EventLog::Append(AppendRequest request) {
  absl::Notification done;
  absl::StatusOr<AppendResult> result;
  AppendAsync(std::move(request), [&](absl::StatusOr<AppendResult> r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

void RocksDbEventLog::AppendAsync(AppendRequest request, AppendCallback done) {
  {
    absl::MutexLock lock(&queue_mu_);
    if (!closing_) {
      queue_.push_back(Pending{std::move(request), std::move(done)});
      return;
    }
  }
  std::move(done)(absl::UnavailableError("event log is closing"));
}

std::vector<absl::StatusOr<AppendResult>> RocksDbEventLog::AppendGroup(
    std::vector<AppendRequest> requests) {
  std::vector<absl::StatusOr<AppendResult>> results(
      requests.size(), absl::UnavailableError("event log is closing"));
  {
    absl::MutexLock lock(&queue_mu_);
    if (closing_) return results;
  }
  std::vector<Pending> batch;
  batch.reserve(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    batch.push_back(Pending{std::move(requests[i]),
                            [&results, i](absl::StatusOr<AppendResult> r) {
                              results[i] = std::move(r);
                            }});
  }
  // As the writer thread does, in its place: no hand-off to it and back.
  absl::MutexLock write_lock(&write_mu_);
  absl::Status space = CheckSpace();
  if (space.ok()) {
    Commit(batch);
  } else {
    Refuse(batch, space);
  }
  return results;
}

void RocksDbEventLog::WriterLoop() {
  {
    // A log opened read-only refuses writes from the start: say so.
    absl::MutexLock write_lock(&write_mu_);
    CheckSpace().IgnoreError();
  }
  std::vector<Pending> batch;
  for (;;) {
    {
      absl::MutexLock lock(&queue_mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(queue_mu_) {
        return !queue_.empty() || closing_ || check_space_;
      };
      if (writes_refused_.load()) {
        // Notice freed space without waiting for an append.
        queue_mu_.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(1));
      } else {
        queue_mu_.Await(absl::Condition(&ready));
      }
      if (queue_.empty() && closing_) return;  // nothing left to commit
      check_space_ = false;
    }
    // Take write_mu_ before draining: what queues while a rebuild or the
    // previous commit holds it goes into this one batch.
    absl::MutexLock write_lock(&write_mu_);
    {
      absl::MutexLock lock(&queue_mu_);
      const size_t take =
          std::min(queue_.size(), options_.max_appends_per_commit);
      if (take == queue_.size()) {
        batch.swap(queue_);
      } else {
        auto split = queue_.begin() + take;
        batch.assign(std::make_move_iterator(queue_.begin()),
                     std::make_move_iterator(split));
        queue_.erase(queue_.begin(), split);
      }
    }
    absl::Status space = CheckSpace();
    if (batch.empty()) continue;  // only a check of free space
    if (space.ok()) {
      Commit(batch);
    } else {
      Refuse(batch, space);
    }
    batch.clear();
  }
}

void RocksDbEventLog::Refuse(std::vector<Pending>& batch,
                             const absl::Status& status) {
  CommitInfo info;
  info.rejected = batch.size();
  if (options_.on_commit) options_.on_commit(info);
  for (Pending& pending : batch) std::move(pending.done)(status);
}

void RocksDbEventLog::Commit(std::vector<Pending>& batch) {
  Staged staged;
  staged.head = head_.load();
  staged.head_hash = head_hash_;
  rocksdb::WriteBatch write;
  std::vector<absl::StatusOr<AppendResult>> results;
  results.reserve(batch.size());
  CommitInfo info;
  bool published = false;
  {
    absl::ReaderMutexLock db_lock(&db_mu_);
    for (Pending& pending : batch) {
      results.push_back(Stage(pending.request, staged, write));
      if (!results.back().ok()) {
        ++info.rejected;
      } else if (!results.back()->replayed) {
        ++info.appends;
      }
    }
    if (staged.head != head_.load()) {
      // Projections stay current only if they were current before this
      // batch.
      if (checkpoint_.load() == head_.load()) {
        write.Put(db_->meta(), kCheckpointKey, PositionKey(staged.head))
            .PermitUncheckedError();
      }
      info.events = staged.events;
      info.bytes = write.GetDataSize();
      const absl::Time start = absl::Now();
      absl::Status written = WriteSynced(write);
      info.write_duration = absl::Now() - start;
      if (!written.ok()) {
        for (auto& result : results) {
          if (result.ok()) result = written;
        }
        info.appends = info.events = 0;
        info.rejected = batch.size();
      } else {
        head_hash_ = std::move(staged.head_hash);
        if (checkpoint_.load() == head_.load()) checkpoint_.store(staged.head);
        published = true;
      }
    }
  }
  if (published) Publish(staged.head);
  if (options_.on_commit) options_.on_commit(info);
  for (size_t i = 0; i < batch.size(); ++i) {
    std::move(batch[i].done)(std::move(results[i]));
  }
}

absl::Status RocksDbEventLog::WriteSynced(rocksdb::WriteBatch& batch) {
  rocksdb::WriteOptions options;
  options.sync = true;
  absl::Status written =
      FromRocksDb(db_->db()->Write(options, &batch), "append");
  if (written.code() == absl::StatusCode::kResourceExhausted) {
    // RocksDB stops writing after a full disk until resumed: CheckSpace
    // resumes it before the next write, once there is room again.
    needs_resume_ = true;
    written = DiskFullError(written);
    space_status_ = written;
    absl::MutexLock lock(&queue_mu_);
    check_space_ = true;
  } else if (!written.ok()) {
    // Any other I/O error (an fsync that failed after the write) leaves the
    // WAL's content unknown and RocksDB stopped: the next commit reopens the
    // database, which reads the log back from the disk (the write either is
    // there, in full, or is not) and goes on from its head.
    needs_reopen_ = true;
  }
  return written;
}

absl::Status RocksDbEventLog::Validate(const AppendRequest& request) const {
  if (!IsName(request.stream)) return BadName("stream", request.stream);
  switch (request.expected.kind) {
    case ExpectedVersion::Kind::kAny:
    case ExpectedVersion::Kind::kNoStream:
    case ExpectedVersion::Kind::kExact:
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "expected_version kind ", static_cast<int>(request.expected.kind),
          ": unknown (any, no stream or exact)"));
  }
  if (request.events.empty()) {
    return absl::InvalidArgumentError("events: at least one event is required");
  }
  if (request.events.size() > options_.max_events_per_append) {
    return absl::InvalidArgumentError(
        absl::StrCat("events: ", request.events.size(), " events, at most ",
                     options_.max_events_per_append, " per append"));
  }
  if (request.request_key.size() > kMaxNameBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("request_key: ", request.request_key.size(),
                     " bytes, at most ", kMaxNameBytes));
  }
  if (request.request_id.size() > kMaxRequestIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("request_id: ", request.request_id.size(),
                     " bytes, at most ", kMaxRequestIdBytes));
  }
  if (request.actor.size() > kMaxNameBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "actor: ", request.actor.size(), " bytes, at most ", kMaxNameBytes));
  }
  for (size_t i = 0; i < request.events.size(); ++i) {
    const EventData& event = request.events[i];
    if (!IsName(event.type)) {
      return BadName(absl::StrCat("events[", i, "].type"), event.type);
    }
    if (!event.event_id.empty() && !IsName(event.event_id)) {
      return BadName(absl::StrCat("events[", i, "].event_id"), event.event_id);
    }
    if (event.payload.size() > options_.max_payload_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("events[", i, "].payload: ", event.payload.size(),
                       " bytes, at most ", options_.max_payload_bytes));
    }
  }
  for (const ProjectionWrite& write : request.projections) {
    if (ProjectionFamily(write.family) == nullptr) {
      return NotAProjectionFamily(write.family);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<AppendResult> RocksDbEventLog::Stage(
    AppendRequest& request, Staged& staged, rocksdb::WriteBatch& batch) {
  absl::Status valid = Validate(request);
  if (!valid.ok()) return valid;

  std::string fingerprint;
  if (!request.request_id.empty()) {
    fingerprint = RequestFingerprint(request);
    std::optional<StoredRequest> seen;
    if (auto it = staged.requests.find(request.request_id);
        it != staged.requests.end()) {
      seen = it->second;
    } else {
      absl::StatusOr<std::optional<std::string>> stored =
          Get(db_->requests(), request.request_id);
      if (!stored.ok()) return stored.status();
      if (stored->has_value()) {
        absl::StatusOr<StoredRequest> decoded = DecodeRequest(**stored);
        if (!decoded.ok()) return decoded.status();
        seen = *std::move(decoded);
      }
    }
    if (seen.has_value()) {
      if (seen->fingerprint != fingerprint) {
        return absl::AlreadyExistsError(
            absl::StrCat("request_id ", Quote(request.request_id),
                         ": already used for a different request"));
      }
      AppendResult replay = seen->result;
      replay.replayed = true;
      return replay;
    }
  }

  uint64_t current = 0;
  if (auto it = staged.stream_versions.find(request.stream);
      it != staged.stream_versions.end()) {
    current = it->second;
  } else {
    absl::StatusOr<uint64_t> stored = StreamVersionLocked(request.stream);
    if (!stored.ok()) return stored.status();
    current = *stored;
  }
  const ExpectedVersion& expected = request.expected;
  if ((expected.kind == ExpectedVersion::Kind::kNoStream && current != 0) ||
      (expected.kind == ExpectedVersion::Kind::kExact &&
       expected.version != current)) {
    return VersionConflict{request.stream, expected, current}.ToStatus();
  }

  AppendResult result;
  result.first_position = staged.head + 1;
  result.first_version = current + 1;
  result.count = static_cast<uint32_t>(request.events.size());
  const absl::Time now = request.record_time.value_or(options_.clock());
  for (EventData& event : request.events) {
    EventRecord record;
    record.position = ++staged.head;
    record.stream = request.stream;
    record.version = ++current;
    record.event_id =
        event.event_id.empty() ? NewEventId() : std::move(event.event_id);
    record.type = std::move(event.type);
    record.record_time = now;
    record.actor = request.actor;
    record.payload = std::move(event.payload);
    const std::string key = PositionKey(record.position);
    const std::string value = EncodeRecord(record, staged.head_hash);
    staged.head_hash = std::move(record.hash);
    batch.Put(db_->events(), key, value).PermitUncheckedError();
    batch.Put(db_->streams(), StreamKey(record.stream, record.version), key)
        .PermitUncheckedError();
  }
  staged.events += request.events.size();
  staged.stream_versions[request.stream] = current;
  for (const ProjectionWrite& write : request.projections) {
    absl::Status put = PutProjection(batch, write);
    if (!put.ok()) return put;
  }
  if (!request.request_id.empty()) {
    StoredRequest stored{result, std::move(fingerprint),
                         /*keyed=*/!request.request_key.empty()};
    batch.Put(db_->requests(), request.request_id, EncodeRequest(stored))
        .PermitUncheckedError();
    staged.requests.emplace(request.request_id, std::move(stored));
  }
  return result;
}

absl::Status RocksDbEventLog::PutProjection(rocksdb::WriteBatch& batch,
                                            const ProjectionWrite& write) {
  rocksdb::ColumnFamilyHandle* family = ProjectionFamily(write.family);
  if (family == nullptr) return NotAProjectionFamily(write.family);
  rocksdb::Status status =
      write.value.has_value()
          ? batch.Put(family, ToSlice(write.key), ToSlice(*write.value))
          : batch.Delete(family, ToSlice(write.key));
  return FromRocksDb(status, "stage projection row");
}

std::string RocksDbEventLog::NewEventId() {
  // A random (version 4) UUID.
  uint64_t high = absl::Uniform<uint64_t>(random_);
  uint64_t low = absl::Uniform<uint64_t>(random_);
  high = (high & ~uint64_t{0xf000}) | 0x4000;
  low = (low & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", high >> 32,
                         (high >> 16) & 0xffff, high & 0xffff, low >> 48,
                         low & 0xffffffffffffULL);
}

absl::Status RocksDbEventLog::RebuildProjections(Projector& projector) {
  absl::MutexLock write_lock(&write_mu_);
  if (!space_status_.ok()) return space_status_;
  const uint64_t head = head_.load();
  {
    // Clear every family and mark the projections as not current, durably,
    // so that an interrupted rebuild is seen at the next open.
    absl::ReaderMutexLock db_lock(&db_mu_);
    if (db_ == nullptr || db_->read_only()) return ReadOnlyError();
    rocksdb::WriteBatch clear;
    for (const auto& [name, family] : db_->projections()) {
      std::unique_ptr<rocksdb::Iterator> it(
          db_->db()->NewIterator(rocksdb::ReadOptions(), family));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        clear.Delete(family, it->key()).PermitUncheckedError();
      }
      absl::Status scanned = FromRocksDb(it->status(), "clear " + name);
      if (!scanned.ok()) return scanned;
    }
    clear.Put(db_->meta(), kCheckpointKey, PositionKey(0))
        .PermitUncheckedError();
    if (head == 0) {
      // Nothing to project: the rows are current in the owner's format.
      clear
          .Put(db_->meta(), kProjectionFormatKey,
               EncodeBigEndian64(options_.projection_format))
          .PermitUncheckedError();
    }
    absl::Status cleared = WriteSynced(clear);
    if (!cleared.ok()) return cleared;
    checkpoint_.store(0);
  }

  std::vector<ProjectionWrite> rows;
  for (uint64_t from = 1; from <= head; from += kRebuildChunk) {
    absl::StatusOr<std::vector<EventRecord>> events =
        ReadAll(from, kRebuildChunk);
    if (!events.ok()) return events.status();
    // The projector runs without db_mu_: it may read the log.
    rows.clear();
    for (const EventRecord& event : *events) {
      absl::Status projected = projector.Project(event, rows);
      if (!projected.ok()) return projected;
    }
    absl::ReaderMutexLock db_lock(&db_mu_);
    rocksdb::WriteBatch chunk;
    for (const ProjectionWrite& row : rows) {
      absl::Status put = PutProjection(chunk, row);
      if (!put.ok()) return put;
    }
    const uint64_t last = events->empty() ? from : events->back().position;
    chunk.Put(db_->meta(), kCheckpointKey, PositionKey(last))
        .PermitUncheckedError();
    if (last == head) {
      // Complete: from now on the rows are in the owner's format.
      chunk
          .Put(db_->meta(), kProjectionFormatKey,
               EncodeBigEndian64(options_.projection_format))
          .PermitUncheckedError();
    }
    absl::Status written = WriteSynced(chunk);
    if (!written.ok()) return written;
    checkpoint_.store(last);
  }
  return absl::OkStatus();
}

}  // namespace transpo
