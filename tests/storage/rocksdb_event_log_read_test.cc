// The read side of RocksDbEventLog (rocksdb_event_log_read.cc): pages of
// events bounded by count and bytes, and what Verify and Open report about a
// damaged record.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_event_log.h"
#include "tests/storage/event_log_test_support.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::transpo::testing::kNow;
using ::transpo::testing::OverwriteStoredRecord;
using ::transpo::testing::ReadStoredRecord;
using ::transpo::testing::Request;
using ::transpo::testing::StatusIs;
using ::transpo::testing::TempDir;

class ReadTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  EventLogOptions Options() {
    EventLogOptions options;
    options.clock = [] { return kNow; };
    options.max_payload_bytes = size_t{2} << 20;
    return options;
  }

  void Reopen() {
    log_.reset();
    auto log = RocksDbEventLog::Open(dir_.path(), Options());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
  }

  // Appends events "E1".."E<count>" to stream "s", one per append.
  void AppendEvents(int count) {
    for (int i = 1; i <= count; ++i) {
      ASSERT_OK(log_->Append(Request("s", ExpectedVersion::Any(),
                                     {absl::StrCat("E", i)}))
                    .status());
    }
  }

  // Flips one bit of the payload of the stored record at `position`, leaving
  // its stored hash as it was.
  void FlipPayloadBit(uint64_t position) {
    log_.reset();
    std::string bytes = ReadStoredRecord(dir_.path(), position);
    const size_t at = bytes.find("payload-of-");
    ASSERT_NE(at, std::string::npos);
    bytes[at] ^= 1;
    OverwriteStoredRecord(dir_.path(), position, bytes);
    Reopen();
  }

  AppendRequest WithPayload(size_t bytes) {
    AppendRequest request = Request("big", ExpectedVersion::Any(), {"Big"});
    request.events[0].payload = std::string(bytes, 'p');
    return request;
  }

  TempDir dir_;
  std::unique_ptr<RocksDbEventLog> log_;
};

TEST_F(ReadTest, ReadsStreamsAndPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK(log_->Append(Request("a", ExpectedVersion::Any(),
                                   {absl::StrCat("A", i)}))
                  .status());
    ASSERT_OK(log_->Append(Request("ab", ExpectedVersion::Any(),
                                   {absl::StrCat("B", i)}))
                  .status());
  }
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> a,
                       log_->ReadStream("a", 3, 10));
  std::vector<std::string> types;
  for (const auto& r : a) types.push_back(r.type);
  EXPECT_THAT(types, ElementsAre("A2", "A3", "A4"));  // not "ab"'s events
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> limited,
                       log_->ReadStream("ab", 1, 2));
  ASSERT_EQ(limited.size(), 2u);
  EXPECT_EQ(limited[1].type, "B1");
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> none,
                       log_->ReadStream("zz", 1, 10));
  EXPECT_TRUE(none.empty());

  std::vector<uint64_t> positions;
  for (uint64_t from = 1;;) {
    ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> page, log_->ReadAll(from, 3));
    if (page.empty()) break;
    EXPECT_LE(page.size(), 3u);
    for (const auto& r : page) positions.push_back(r.position);
    from = page.back().position + 1;
  }
  EXPECT_THAT(positions, ElementsAre(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
}

TEST_F(ReadTest, APageStopsBeforeTheEventThatWouldGoOverMaxBytes) {
  // Six events of 1 MiB: a page of a gRPC client's default 4 MiB holds three.
  for (int i = 0; i < 6; ++i) {
    ASSERT_OK(log_->Append(WithPayload(1 << 20)).status());
  }
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> first, log_->ReadAll(1, 1));
  const size_t each = EventRecordBytes(first[0]);
  EXPECT_EQ(each, (1u << 20) + 3 /* "big" */ + 3 /* "Big" */ +
                      16 /* "euro-coordinator" */ + 36 /* a UUID */ + 64);
  const size_t four_mib = 4 << 20;

  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> all,
                       log_->ReadAll(1, 100, four_mib));
  EXPECT_EQ(all.size(), 3u);
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> stream,
                       log_->ReadStream("big", 1, 100, four_mib));
  EXPECT_EQ(stream.size(), 3u);

  // Exactly three events' worth fits three; one byte less, two.
  ASSERT_OK_AND_ASSIGN(all, log_->ReadAll(1, 100, 3 * each));
  EXPECT_EQ(all.size(), 3u);
  ASSERT_OK_AND_ASSIGN(all, log_->ReadAll(1, 100, 3 * each - 1));
  EXPECT_EQ(all.size(), 2u);
  ASSERT_OK_AND_ASSIGN(stream, log_->ReadStream("big", 2, 100, 3 * each - 1));
  ASSERT_EQ(stream.size(), 2u);
  EXPECT_EQ(stream[0].version, 2u);

  // `max` still counts, and the forms without max_bytes are not bounded.
  ASSERT_OK_AND_ASSIGN(all, log_->ReadAll(1, 2, four_mib));
  EXPECT_EQ(all.size(), 2u);
  ASSERT_OK_AND_ASSIGN(all, log_->ReadAll(1, 100));
  EXPECT_EQ(all.size(), 6u);
  ASSERT_OK_AND_ASSIGN(stream, log_->ReadStream("big", 1, 100));
  EXPECT_EQ(stream.size(), 6u);

  // Paging by bytes reaches every event.
  std::vector<uint64_t> positions;
  for (uint64_t from = 1;;) {
    ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> page,
                         log_->ReadAll(from, 100, four_mib));
    if (page.empty()) break;
    for (const auto& r : page) positions.push_back(r.position);
    from = page.back().position + 1;
  }
  EXPECT_THAT(positions, ElementsAre(1, 2, 3, 4, 5, 6));
}

TEST_F(ReadTest, AnEventLargerThanMaxBytesStillComesAloneInItsPage) {
  ASSERT_OK(log_->Append(WithPayload(2 << 20)).status());
  ASSERT_OK(log_->Append(WithPayload(10)).status());
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> all,
                       log_->ReadAll(1, 100, 1 << 20));
  ASSERT_EQ(all.size(), 1u);  // not zero: a reader would never get past it
  EXPECT_EQ(all[0].payload.size(), size_t{2} << 20);
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> stream,
                       log_->ReadStream("big", 1, 100, 1));
  ASSERT_EQ(stream.size(), 1u);
  EXPECT_EQ(stream[0].version, 1u);
}

// A record altered on disk without recomputing its hash: Verify names its
// position and says the hash does not match. Open succeeds (the record still
// decodes) and reads go on: only Verify checks the chain.
TEST_F(ReadTest, VerifyNamesATamperedFirstRecord) {
  AppendEvents(5);
  FlipPayloadBit(1);
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log_->Verify());
  EXPECT_EQ(report.first_broken_position, 1u);
  EXPECT_THAT(report.problem, HasSubstr("hash does not match"));
  EXPECT_EQ(report.events_checked, 0u);
}

TEST_F(ReadTest, VerifyNamesATamperedMiddleRecord) {
  AppendEvents(5);
  FlipPayloadBit(3);
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log_->Verify());
  EXPECT_EQ(report.first_broken_position, 3u);
  EXPECT_THAT(report.problem, HasSubstr("hash does not match"));
  EXPECT_EQ(report.events_checked, 2u);
}

TEST_F(ReadTest, VerifyNamesATamperedNewestRecord) {
  AppendEvents(5);
  FlipPayloadBit(5);
  EXPECT_EQ(log_->head(), 5u);
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log_->Verify());
  EXPECT_EQ(report.first_broken_position, 5u);
  EXPECT_THAT(report.problem, HasSubstr("hash does not match"));
  EXPECT_EQ(report.events_checked, 4u);
}

// A record rewritten with a hash of its own (from the genesis hash, as a
// forger of the first record would): it is consistent in itself, so the
// break shows at the next record, whose hash no longer follows.
TEST_F(ReadTest, VerifyFindsTheBrokenLinkAfterAForgedRecord) {
  AppendEvents(5);
  for (uint64_t forged_at : {1, 3}) {
    SCOPED_TRACE(::testing::Message() << "forged record " << forged_at);
    ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> records,
                         log_->ReadAll(forged_at, 1));
    EventRecord forged = records[0];
    forged.payload = "forged";
    log_.reset();
    const std::string original = ReadStoredRecord(dir_.path(), forged_at);
    OverwriteStoredRecord(dir_.path(), forged_at,
                          EncodeRecord(forged, GenesisHash()));
    Reopen();
    ASSERT_OK_AND_ASSIGN(VerifyReport report, log_->Verify());
    // The first record's previous hash is the genesis hash: the forgery of
    // record 1 holds, and record 2's link breaks. Record 3's does not hold.
    EXPECT_EQ(report.first_broken_position, forged_at == 1 ? 2u : 3u);
    EXPECT_THAT(report.problem, HasSubstr("hash does not match"));
    log_.reset();
    OverwriteStoredRecord(dir_.path(), forged_at, original);
    Reopen();
  }
}

// The newest record's bytes cut short (a torn write): Open reads the newest
// record to continue the chain, so it fails with DataLoss naming the position,
// wherever the cut falls.
TEST_F(ReadTest, ATruncatedNewestRecordIsDataLossAtOpenNamingItsPosition) {
  AppendEvents(5);
  log_.reset();
  const std::string whole = ReadStoredRecord(dir_.path(), 5);
  for (size_t cut : {size_t{1}, kHashSize, whole.size() / 2}) {
    SCOPED_TRACE(::testing::Message() << "cut " << cut << " bytes");
    OverwriteStoredRecord(dir_.path(), 5, whole.substr(0, whole.size() - cut));
    EXPECT_THAT(RocksDbEventLog::Open(dir_.path(), Options()),
                StatusIs(absl::StatusCode::kDataLoss,
                         HasSubstr("event at position 5: truncated")));
  }
  OverwriteStoredRecord(dir_.path(), 5, whole);
  Reopen();
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log_->Verify());
  EXPECT_TRUE(report.ok()) << report.problem;
}

TEST_F(ReadTest, CorruptRecordIsDataLossNamingItsPosition) {
  AppendEvents(3);
  log_.reset();
  OverwriteStoredRecord(dir_.path(), 2, "garbage");
  Reopen();
  EXPECT_THAT(log_->ReadAll(1, 10),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("position 2")));
  EXPECT_THAT(log_->ReadStream("s", 1, 10),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("position 2")));
  ASSERT_OK_AND_ASSIGN(VerifyReport report, log_->Verify());
  EXPECT_EQ(report.first_broken_position, 2u);

  log_.reset();
  OverwriteStoredRecord(dir_.path(), 3, std::string(1, '\x01') + "truncated");
  EXPECT_THAT(RocksDbEventLog::Open(dir_.path(), Options()),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("position 3")));
}

TEST_F(ReadTest, UnknownRecordFormatIsDataLoss) {
  AppendEvents(1);
  ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> records, log_->ReadAll(1, 1));
  std::string bytes = EncodeRecord(records[0], GenesisHash());
  ASSERT_OK(DecodeRecord(bytes).status());
  bytes[0] = 9;
  EXPECT_THAT(DecodeRecord(bytes),
              StatusIs(absl::StatusCode::kDataLoss,
                       HasSubstr("unknown event record format 9")));
}

}  // namespace
}  // namespace transpo
