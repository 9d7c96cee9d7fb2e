#include "storage/record_codec.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

EventRecord SampleRecord() {
  EventRecord record;
  record.position = 42;
  record.stream = "dossier-32019L1937";
  record.version = 7;
  record.event_id = "0b1e6c1e-0000-4000-8000-000000000001";
  record.type = "transpo.v1.DossierAssigned";
  record.record_time = absl::FromUnixMicros(1'700'000'000'123'456);
  record.actor = "euro-coordinator";
  record.payload = std::string("\0\1binary\xff", 9);
  return record;
}

TEST(RecordCodecTest, RoundTripsEveryField) {
  EventRecord record = SampleRecord();
  const std::string bytes = EncodeRecord(record, GenesisHash());
  ASSERT_OK_AND_ASSIGN(EventRecord decoded, DecodeRecord(bytes));
  EXPECT_EQ(decoded.position, 42u);
  EXPECT_EQ(decoded.stream, record.stream);
  EXPECT_EQ(decoded.version, 7u);
  EXPECT_EQ(decoded.event_id, record.event_id);
  EXPECT_EQ(decoded.type, record.type);
  EXPECT_EQ(decoded.record_time, record.record_time);
  EXPECT_EQ(decoded.actor, record.actor);
  EXPECT_EQ(decoded.payload, record.payload);
  EXPECT_EQ(decoded.hash, record.hash);
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]), kRecordFormat);
}

TEST(RecordCodecTest, HashChainsToThePreviousRecord) {
  EventRecord record = SampleRecord();
  const std::string after_genesis = EncodeRecord(record, GenesisHash());
  const std::string genesis_hash = record.hash;
  const std::string after_other = EncodeRecord(record, std::string(32, 'x'));
  EXPECT_NE(record.hash, genesis_hash);
  EXPECT_EQ(ComputeRecordHash(after_genesis, GenesisHash()), genesis_hash);
  EXPECT_EQ(ComputeRecordHash(after_other, std::string(32, 'x')), record.hash);
}

TEST(RecordCodecTest, EveryTruncationIsDataLoss) {
  EventRecord record = SampleRecord();
  const std::string bytes = EncodeRecord(record, GenesisHash());
  for (size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_THAT(DecodeRecord(bytes.substr(0, size)),
                StatusIs(absl::StatusCode::kDataLoss, ::testing::_))
        << "size " << size;
  }
  EXPECT_THAT(DecodeRecord(bytes + "x"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("malformed")));
}

TEST(RecordCodecTest, KeysSortNumerically) {
  EXPECT_LT(PositionKey(255), PositionKey(256));
  EXPECT_LT(PositionKey(1), PositionKey(uint64_t{1} << 40));
  EXPECT_EQ(DecodePositionKey(PositionKey(123456789)), 123456789u);
  EXPECT_LT(StreamKey("a", 9), StreamKey("a", 10));
  EXPECT_LT(StreamKey("a", ~uint64_t{0}), StreamEndKey("a"));
  EXPECT_LT(StreamEndKey("a"), StreamKey("a!", 1));
  EXPECT_EQ(DecodeStreamKeyVersion(StreamKey("dossier", 77)), 77u);
}

TEST(RecordCodecTest, RequestRecordRoundTrips) {
  AppendRequest request;
  request.stream = "s";
  request.events.push_back({.type = "A", .payload = "p"});
  StoredRequest stored{{.first_position = 10, .first_version = 3, .count = 2},
                       RequestFingerprint(request)};
  ASSERT_OK_AND_ASSIGN(StoredRequest decoded,
                       DecodeRequest(EncodeRequest(stored)));
  EXPECT_EQ(decoded.result.first_position, 10u);
  EXPECT_EQ(decoded.result.first_version, 3u);
  EXPECT_EQ(decoded.result.count, 2u);
  EXPECT_EQ(decoded.fingerprint, stored.fingerprint);

  AppendRequest other = request;
  other.events[0].payload = "q";
  EXPECT_NE(RequestFingerprint(other), stored.fingerprint);
}

}  // namespace
}  // namespace transpo
