#include "storage/record_codec.h"

#include <openssl/evp.h>

#include <initializer_list>

#include "absl/strings/str_cat.h"

namespace transpo {
namespace {

void PutFixed64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>(value >> (8 * i)));
  }
}

void PutFixed32(std::string& out, uint32_t value) {
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<char>(value >> (8 * i)));
  }
}

void PutVarint32(std::string& out, uint32_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void PutVarString(std::string& out, absl::string_view s) {
  PutVarint32(out, static_cast<uint32_t>(s.size()));
  out.append(s.data(), s.size());
}

// Reads from the front of `in`, consuming what it reads; false if `in` is too
// short or malformed.
bool GetFixed64(absl::string_view& in, uint64_t& value) {
  if (in.size() < 8) return false;
  value = 0;
  for (int i = 0; i < 8; ++i) {
    value |= static_cast<uint64_t>(static_cast<uint8_t>(in[i])) << (8 * i);
  }
  in.remove_prefix(8);
  return true;
}

bool GetFixed32(absl::string_view& in, uint32_t& value) {
  if (in.size() < 4) return false;
  value = 0;
  for (int i = 0; i < 4; ++i) {
    value |= static_cast<uint32_t>(static_cast<uint8_t>(in[i])) << (8 * i);
  }
  in.remove_prefix(4);
  return true;
}

bool GetVarint32(absl::string_view& in, uint32_t& value) {
  value = 0;
  for (int shift = 0; shift <= 28 && !in.empty(); shift += 7) {
    uint32_t byte = static_cast<uint8_t>(in[0]);
    in.remove_prefix(1);
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool GetVarString(absl::string_view& in, std::string& s) {
  uint32_t size = 0;
  if (!GetVarint32(in, size) || in.size() < size) return false;
  s.assign(in.data(), size);
  in.remove_prefix(size);
  return true;
}

std::string Sha256(std::initializer_list<absl::string_view> parts) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (absl::string_view part : parts) {
    EVP_DigestUpdate(ctx, part.data(), part.size());
  }
  EVP_DigestFinal_ex(ctx, digest, &size);
  EVP_MD_CTX_free(ctx);
  return std::string(reinterpret_cast<char*>(digest), size);
}

}  // namespace

std::string GenesisHash() { return std::string(kHashSize, '\0'); }

std::string ComputeRecordHash(absl::string_view bytes,
                              absl::string_view previous_hash) {
  if (bytes.size() >= kHashSize) bytes.remove_suffix(kHashSize);
  return Sha256({previous_hash, bytes});
}

std::string EncodeRecord(EventRecord& record, absl::string_view previous_hash) {
  std::string out;
  out.reserve(64 + record.stream.size() + record.event_id.size() +
              record.type.size() + record.actor.size() + record.payload.size() +
              kHashSize);
  out.push_back(static_cast<char>(kRecordFormat));
  PutFixed64(out, record.position);
  PutFixed64(out, record.version);
  PutFixed64(out,
             static_cast<uint64_t>(absl::ToUnixMicros(record.record_time)));
  PutVarString(out, record.stream);
  PutVarString(out, record.event_id);
  PutVarString(out, record.type);
  PutVarString(out, record.actor);
  PutVarString(out, record.payload);
  record.hash = Sha256({previous_hash, out});
  out.append(record.hash);
  return out;
}

absl::StatusOr<EventRecord> DecodeRecord(absl::string_view bytes) {
  if (bytes.empty()) return absl::DataLossError("empty event record");
  const uint8_t format = static_cast<uint8_t>(bytes[0]);
  if (format != kRecordFormat) {
    return absl::DataLossError(
        absl::StrCat("unknown event record format ", format));
  }
  absl::string_view in = bytes.substr(1);
  EventRecord record;
  uint64_t micros = 0;
  if (!GetFixed64(in, record.position) || !GetFixed64(in, record.version) ||
      !GetFixed64(in, micros) || !GetVarString(in, record.stream) ||
      !GetVarString(in, record.event_id) || !GetVarString(in, record.type) ||
      !GetVarString(in, record.actor) || !GetVarString(in, record.payload) ||
      in.size() != kHashSize) {
    return absl::DataLossError("truncated or malformed event record");
  }
  record.record_time = absl::FromUnixMicros(static_cast<int64_t>(micros));
  record.hash = std::string(in);
  return record;
}

absl::Status RecordError(uint64_t position, const absl::Status& status) {
  return absl::DataLossError(
      absl::StrCat("event at position ", position, ": ", status.message()));
}

std::string EncodeBigEndian64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

uint64_t DecodeBigEndian64(absl::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8 && i < bytes.size(); ++i) {
    value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  }
  return value;
}

std::string PositionKey(uint64_t position) {
  return EncodeBigEndian64(position);
}

uint64_t DecodePositionKey(absl::string_view key) {
  return key.size() == 8 ? DecodeBigEndian64(key) : 0;
}

std::string StreamKey(absl::string_view stream, uint64_t version) {
  return absl::StrCat(stream, absl::string_view("\0", 1),
                      EncodeBigEndian64(version));
}

std::string StreamEndKey(absl::string_view stream) {
  return absl::StrCat(stream, absl::string_view("\1", 1));
}

uint64_t DecodeStreamKeyVersion(absl::string_view key) {
  if (key.size() < 9 || key[key.size() - 9] != '\0') return 0;
  return DecodeBigEndian64(key.substr(key.size() - 8));
}

std::string KeyFingerprint(absl::string_view request_key) {
  std::string canonical("request-key", 11);
  canonical.push_back('\0');
  canonical.append(request_key.data(), request_key.size());
  return Sha256({canonical});
}

std::string RequestFingerprint(const AppendRequest& request) {
  if (!request.request_key.empty()) return KeyFingerprint(request.request_key);
  std::string canonical;
  PutVarString(canonical, request.stream);
  for (const EventData& event : request.events) {
    PutVarString(canonical, event.type);
    PutVarString(canonical, event.payload);
  }
  return Sha256({canonical});
}

std::string EncodeRequest(const StoredRequest& request) {
  std::string out;
  PutFixed64(out, request.result.first_position);
  PutFixed64(out, request.result.first_version);
  PutFixed32(out, request.result.count);
  out.append(request.fingerprint);
  if (request.keyed) out.push_back('\x01');
  return out;
}

absl::StatusOr<StoredRequest> DecodeRequest(absl::string_view bytes) {
  StoredRequest request;
  if (!GetFixed64(bytes, request.result.first_position) ||
      !GetFixed64(bytes, request.result.first_version) ||
      !GetFixed32(bytes, request.result.count) ||
      !(bytes.size() == kHashSize ||
        (bytes.size() == kHashSize + 1 && bytes.back() == '\x01'))) {
    return absl::DataLossError("malformed request record");
  }
  request.keyed = bytes.size() == kHashSize + 1;
  request.fingerprint = std::string(bytes.substr(0, kHashSize));
  return request;
}

}  // namespace transpo
