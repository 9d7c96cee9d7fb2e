// Helpers shared by the event log tests: a request with given event types,
// and direct access to the stored bytes of a record, to damage them.
//
// Example:
//   log->Append(Request("dossier-a", ExpectedVersion::Any(), {"Registered"}));
//   log.reset();  // the log must be closed
//   std::string bytes = ReadStoredRecord(dir, 3);
//   OverwriteStoredRecord(dir, 3, bytes.substr(0, 10));

#ifndef TRANSPO_TESTS_STORAGE_EVENT_LOG_TEST_SUPPORT_H_
#define TRANSPO_TESTS_STORAGE_EVENT_LOG_TEST_SUPPORT_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/event_log.h"
#include "storage/record_codec.h"

namespace transpo::testing {

inline const absl::Time kNow = absl::FromCivil(
    absl::CivilSecond(2026, 1, 5, 9, 0, 0), absl::UTCTimeZone());

inline AppendRequest Request(std::string stream, ExpectedVersion expected,
                             std::vector<std::string> types,
                             std::string request_id = "") {
  AppendRequest request;
  request.stream = std::move(stream);
  request.expected = expected;
  request.request_id = std::move(request_id);
  request.actor = "euro-coordinator";
  for (std::string& type : types) {
    request.events.push_back({.type = type, .payload = "payload-of-" + type});
  }
  return request;
}

// Calls `use` with the log's RocksDB database in `dir` (the log closed) and
// its "events" column family.
inline void WithEventsFamily(
    const std::string& dir,
    const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>&
        use) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies({}, dir, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open({}, dir, descriptors, &handles, &db).ok());
  for (auto* handle : handles) {
    if (handle->GetName() == kEventsFamily) use(db, handle);
  }
  for (auto* handle : handles) {
    ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  }
  delete db;
}

// The stored bytes of the record at `position`.
inline std::string ReadStoredRecord(const std::string& dir, uint64_t position) {
  std::string bytes;
  WithEventsFamily(dir, [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    ASSERT_TRUE(db->Get({}, cf, PositionKey(position), &bytes).ok());
  });
  return bytes;
}

// Replaces the stored bytes of the record at `position`.
inline void OverwriteStoredRecord(const std::string& dir, uint64_t position,
                                  const std::string& bytes) {
  WithEventsFamily(dir, [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
    ASSERT_TRUE(db->Put({}, cf, PositionKey(position), bytes).ok());
  });
}

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_STORAGE_EVENT_LOG_TEST_SUPPORT_H_
