// Byte layouts of everything the event log keeps in RocksDB.
//
// Event record, value of column family "events" under key BE64(position).
// Format 1:
//   u8       format (= 1)
//   fixed64  position
//   fixed64  stream version
//   fixed64  record time, microseconds since the Unix epoch (signed)
//   varstr   stream
//   varstr   event id
//   varstr   type
//   varstr   actor
//   varstr   payload
//   [32]     hash = SHA-256(previous record's hash || all bytes above)
// fixed64 is little-endian; varstr is a varint32 length and the bytes. The
// first record's previous hash is 32 zero bytes. A later format adds fields by
// taking the next format number; decoders keep reading every older format.
//
// Stream index, column family "streams":
//   key   stream || 0x00 || BE64(version)      value BE64(position)
// Big-endian numbers keep RocksDB's bytewise order equal to numeric order;
// stream names never contain 0x00.
//
// Request record, column family "requests", key = request id:
//   fixed64 first position, fixed64 first version, fixed32 count,
//   [32] fingerprint = SHA-256 of the request's stream, types and payloads,
//        or, for a request with a request key, of "request-key" 0x00 key;
//   [1]  0x01 when the fingerprint is of a request key (absent before).
//
// Thread-safety: pure functions.

#ifndef TRANSPO_STORAGE_RECORD_CODEC_H_
#define TRANSPO_STORAGE_RECORD_CODEC_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/event_log.h"

namespace transpo {

// Column families and meta keys.
inline constexpr char kEventsFamily[] = "events";
inline constexpr char kStreamsFamily[] = "streams";
inline constexpr char kRequestsFamily[] = "requests";
inline constexpr char kMetaFamily[] = "meta";
// meta: BE64 format of the column-family layout (not of one record).
inline constexpr char kStoreFormatKey[] = "format";
// meta: BE64 position up to which projection rows are current.
inline constexpr char kCheckpointKey[] = "projection_checkpoint";
// meta: BE64 owner's format of the projection rows
// (EventLogOptions::projection_format); absent: format 0.
inline constexpr char kProjectionFormatKey[] = "projection_format";

inline constexpr uint8_t kRecordFormat = 1;
inline constexpr size_t kHashSize = 32;

// The hash before the first record.
std::string GenesisHash();

// Encodes `record` (its hash field is ignored) and computes its hash from
// `previous_hash`; stores the hash in record.hash too.
std::string EncodeRecord(EventRecord& record, absl::string_view previous_hash);

// Decodes a record. DataLoss if the bytes are not a record of a known format.
absl::StatusOr<EventRecord> DecodeRecord(absl::string_view bytes);

// DataLoss about the record at `position`: "event at position <position>:
// <status's message>".
absl::Status RecordError(uint64_t position, const absl::Status& status);

// The hash `bytes` (an encoded record) should carry after `previous_hash`.
std::string ComputeRecordHash(absl::string_view bytes,
                              absl::string_view previous_hash);

std::string PositionKey(uint64_t position);
// 0 if `key` is not 8 bytes.
uint64_t DecodePositionKey(absl::string_view key);

std::string StreamKey(absl::string_view stream, uint64_t version);
// The key just past every version of `stream`.
std::string StreamEndKey(absl::string_view stream);
// Version in a stream key; 0 if malformed.
uint64_t DecodeStreamKeyVersion(absl::string_view key);

struct StoredRequest {
  AppendResult result;
  std::string fingerprint;
  // The fingerprint is of the caller's request key.
  bool keyed = false;
};
// The fingerprint of a request key (RequestFingerprint of a keyed request).
std::string KeyFingerprint(absl::string_view request_key);
std::string RequestFingerprint(const AppendRequest& request);
std::string EncodeRequest(const StoredRequest& request);
absl::StatusOr<StoredRequest> DecodeRequest(absl::string_view bytes);

std::string EncodeBigEndian64(uint64_t value);
uint64_t DecodeBigEndian64(absl::string_view bytes);

}  // namespace transpo

#endif  // TRANSPO_STORAGE_RECORD_CODEC_H_
