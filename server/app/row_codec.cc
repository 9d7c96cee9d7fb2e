#include "server/app/row_codec.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "server/app/proto_time.h"
#include "server/app/stored_administration.h"
#include "server/app/stored_alert.h"
#include "server/app/stored_values.h"
#include "transpo/internal/v1/rows.pb.h"

namespace transpo::app {
namespace {

// Deterministic bytes: the same state always gives the same row.
std::string Serialize(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&out);
  }
  return bytes;
}

void ToStored(const domain::Change& in, stored::Change& out) {
  if (in.time != absl::InfinitePast()) {
    ToProtoTime(in.time, *out.mutable_time());
  }
  out.set_actor(in.actor);
}

domain::Change FromStored(const stored::Change& in) {
  domain::Change out;
  if (in.has_time()) out.time = FromProtoTime(in.time());
  out.actor = in.actor();
  return out;
}

template <typename Row>
absl::Status Parse(absl::string_view bytes, Row& row) {
  if (!row.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat(
        Row::descriptor()->name(), ": ", bytes.size(), " bytes do not parse"));
  }
  return absl::OkStatus();
}

absl::Status Damaged(absl::string_view row, const absl::Status& status) {
  return absl::DataLossError(absl::StrCat(row, ": ", status.message()));
}

void ToStoredTime(absl::Time in, google::protobuf::Timestamp& out) {
  if (in != absl::InfinitePast()) ToProtoTime(in, out);
}

absl::Time FromStoredTime(bool has, const google::protobuf::Timestamp& in) {
  return has ? FromProtoTime(in) : absl::InfinitePast();
}

}  // namespace

std::string EncodeRow(const domain::DirectiveState& s) {
  stored::DirectiveRow row;
  row.set_version(s.version);
  *row.mutable_directive() = ToStored(s.directive);
  ToStored(s.created, *row.mutable_created());
  ToStored(s.directive_changed, *row.mutable_directive_changed());
  row.set_status(ToStored(s.status));
  row.set_status_reason(s.status_reason);
  *row.mutable_dossier() = ToStored(s.dossier);
  for (const domain::Milestone& m : s.milestones) {
    *row.add_milestones() = ToStored(m);
  }
  for (const domain::Measure& m : s.measures) *row.add_measures() = ToStored(m);
  ToStored(s.dossier_changed, *row.mutable_dossier_changed());
  return Serialize(row);
}

absl::StatusOr<domain::DirectiveState> DecodeDirectiveRow(
    absl::string_view bytes) {
  // The reads as of a day decode every directive: the row's parts live in
  // an arena on the stack, not in as many allocations.
  alignas(8) char block[16384];
  google::protobuf::ArenaOptions options;
  options.initial_block = block;
  options.initial_block_size = sizeof(block);
  google::protobuf::Arena arena(options);
  stored::DirectiveRow& row =
      *google::protobuf::Arena::CreateMessage<stored::DirectiveRow>(&arena);
  absl::Status parsed = Parse(bytes, row);
  if (!parsed.ok()) return parsed;
  domain::DirectiveState s;
  s.version = row.version();
  auto directive = app::FromStored(row.directive());
  if (!directive.ok()) return Damaged("DirectiveRow", directive.status());
  s.directive = *std::move(directive);
  s.created = FromStored(row.created());
  s.directive_changed = FromStored(row.directive_changed());
  auto status = app::FromStored(row.status());
  if (!status.ok()) return Damaged("DirectiveRow", status.status());
  s.status = *status;
  s.status_reason = row.status_reason();
  auto dossier = app::FromStored(row.dossier());
  if (!dossier.ok()) return Damaged("DirectiveRow", dossier.status());
  s.dossier = *std::move(dossier);
  for (const stored::Milestone& m : row.milestones()) {
    auto milestone = app::FromStored(m);
    if (!milestone.ok()) return Damaged("DirectiveRow", milestone.status());
    s.milestones.push_back(*milestone);
  }
  for (const stored::Measure& m : row.measures()) {
    auto measure = app::FromStored(m);
    if (!measure.ok()) return Damaged("DirectiveRow", measure.status());
    s.measures.push_back(*std::move(measure));
  }
  s.dossier_changed = FromStored(row.dossier_changed());
  return s;
}

std::string EncodeRow(const domain::ProcedureState& s) {
  stored::ProcedureRow row;
  row.set_version(s.version);
  row.set_number(s.number);
  row.set_type(ToStored(s.type));
  for (const std::string& c : s.celex) row.add_celex(c);
  for (const domain::Stage& stage : s.stages) {
    *row.add_stages() = ToStored(stage);
  }
  row.set_closure_date(ToStoredDate(s.closed_on));
  row.set_closure_reason(s.closure_reason);
  ToStored(s.opened, *row.mutable_opened());
  ToStored(s.changed, *row.mutable_changed());
  return Serialize(row);
}

absl::StatusOr<domain::ProcedureState> DecodeProcedureRow(
    absl::string_view bytes) {
  stored::ProcedureRow row;
  absl::Status parsed = Parse(bytes, row);
  if (!parsed.ok()) return parsed;
  domain::ProcedureState s;
  s.version = row.version();
  s.number = row.number();
  auto type = app::FromStored(row.type());
  if (!type.ok()) return Damaged("ProcedureRow", type.status());
  s.type = *type;
  s.celex.assign(row.celex().begin(), row.celex().end());
  for (const stored::Stage& st : row.stages()) {
    auto stage = app::FromStored(st);
    if (!stage.ok()) return Damaged("ProcedureRow", stage.status());
    s.stages.push_back(*std::move(stage));
  }
  auto closed = FromStoredDate("closure_date", row.closure_date());
  if (!closed.ok()) return Damaged("ProcedureRow", closed.status());
  s.closed_on = *closed;
  s.closure_reason = row.closure_reason();
  s.opened = FromStored(row.opened());
  s.changed = FromStored(row.changed());
  return s;
}

std::string EncodeRow(const domain::CourtCaseState& s) {
  stored::CourtCaseRow row;
  row.set_version(s.version);
  *row.mutable_court_case() = ToStored(s.info);
  for (const domain::CourtDeadline& d : s.deadlines) {
    *row.add_deadlines() = ToStored(d);
  }
  ToStored(s.created, *row.mutable_created());
  ToStored(s.changed, *row.mutable_changed());
  return Serialize(row);
}

absl::StatusOr<domain::CourtCaseState> DecodeCourtCaseRow(
    absl::string_view bytes) {
  stored::CourtCaseRow row;
  absl::Status parsed = Parse(bytes, row);
  if (!parsed.ok()) return parsed;
  domain::CourtCaseState s;
  s.version = row.version();
  auto info = app::FromStored(row.court_case());
  if (!info.ok()) return Damaged("CourtCaseRow", info.status());
  s.info = *std::move(info);
  for (const stored::CourtDeadline& d : row.deadlines()) {
    auto deadline = app::FromStored(d);
    if (!deadline.ok()) return Damaged("CourtCaseRow", deadline.status());
    s.deadlines.push_back(*deadline);
  }
  s.created = FromStored(row.created());
  s.changed = FromStored(row.changed());
  return s;
}

std::string EncodeRow(const domain::AdministrationState& s) {
  stored::AdministrationRow row;
  row.set_version(s.version);
  *row.mutable_administration() = ToStored(s.info);
  for (const domain::Correspondent& c : s.correspondents) {
    *row.add_correspondents() = ToStored(c);
  }
  ToStored(s.created, *row.mutable_created());
  ToStored(s.changed, *row.mutable_changed());
  return Serialize(row);
}

absl::StatusOr<domain::AdministrationState> DecodeAdministrationRow(
    absl::string_view bytes) {
  stored::AdministrationRow row;
  absl::Status parsed = Parse(bytes, row);
  if (!parsed.ok()) return parsed;
  domain::AdministrationState s;
  s.version = row.version();
  s.info = app::FromStored(row.administration());
  for (const stored::Correspondent& c : row.correspondents()) {
    auto correspondent = app::FromStored(c);
    if (!correspondent.ok()) {
      return Damaged("AdministrationRow", correspondent.status());
    }
    s.correspondents.push_back(*std::move(correspondent));
  }
  s.created = FromStored(row.created());
  s.changed = FromStored(row.changed());
  return s;
}

std::string EncodeRow(const domain::DeadlineAlertsState& s) {
  stored::DeadlineAlertsRow row;
  row.set_version(s.version);
  *row.mutable_deadline() = ToStored(s.deadline);
  for (const std::string& rule : s.raised_rules) row.add_raised_rules(rule);
  *row.mutable_current() = ToStored(s.current);
  row.set_status(ToStored(s.status));
  ToStoredTime(s.raised_at, *row.mutable_raised_at());
  ToStoredTime(s.notified_at, *row.mutable_notified_at());
  row.set_notifications(s.notifications);
  ToStored(s.acknowledged, *row.mutable_acknowledged());
  row.set_comment(s.comment);
  row.set_resolution(s.resolution);
  ToStored(s.created, *row.mutable_created());
  ToStored(s.changed, *row.mutable_changed());
  return Serialize(row);
}

absl::StatusOr<domain::DeadlineAlertsState> DecodeDeadlineAlertsRow(
    absl::string_view bytes) {
  stored::DeadlineAlertsRow row;
  absl::Status parsed = Parse(bytes, row);
  if (!parsed.ok()) return parsed;
  domain::DeadlineAlertsState s;
  s.version = row.version();
  auto deadline = app::FromStored(row.deadline());
  if (!deadline.ok()) return Damaged("DeadlineAlertsRow", deadline.status());
  s.deadline = *std::move(deadline);
  s.raised_rules.assign(row.raised_rules().begin(), row.raised_rules().end());
  auto current = app::FromStored(row.current());
  if (!current.ok()) return Damaged("DeadlineAlertsRow", current.status());
  s.current = *std::move(current);
  auto status = app::FromStored(row.status());
  if (!status.ok()) return Damaged("DeadlineAlertsRow", status.status());
  s.status = *status;
  s.raised_at = FromStoredTime(row.has_raised_at(), row.raised_at());
  s.notified_at = FromStoredTime(row.has_notified_at(), row.notified_at());
  s.notifications = row.notifications();
  s.acknowledged = FromStored(row.acknowledged());
  s.comment = row.comment();
  s.resolution = row.resolution();
  s.created = FromStored(row.created());
  s.changed = FromStored(row.changed());
  return s;
}

namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

// Reads the length of a length-delimited field and limits `in` to it; false
// if the length runs past what is left (a damaged row).
bool PushLength(CodedInputStream& in, int left,
                CodedInputStream::Limit& limit) {
  uint32_t size = 0;
  if (!in.ReadVarint32(&size)) return false;
  const int until = in.BytesUntilLimit();
  if (size > static_cast<uint32_t>(until >= 0 ? until : left)) return false;
  limit = in.PushLimit(static_cast<int>(size));
  return true;
}

bool IsField(uint32_t tag, int number, WireFormatLite::WireType type) {
  return WireFormatLite::GetTagFieldNumber(tag) == number &&
         WireFormatLite::GetTagWireType(tag) == type;
}

// The time of a Change message (field 1, a Timestamp of seconds 1, nanos 2);
// nullopt when it has none. False if the message does not parse.
bool ReadChangeTime(CodedInputStream& in, int left,
                    std::optional<absl::Time>& time) {
  for (uint32_t tag; (tag = in.ReadTag()) != 0;) {
    if (!IsField(tag, 1, WireFormatLite::WIRETYPE_LENGTH_DELIMITED)) {
      if (!WireFormatLite::SkipField(&in, tag)) return false;
      continue;
    }
    CodedInputStream::Limit limit;
    if (!PushLength(in, left, limit)) return false;
    uint64_t seconds = 0;
    uint64_t nanos = 0;
    for (uint32_t t; (t = in.ReadTag()) != 0;) {
      if (IsField(t, 1, WireFormatLite::WIRETYPE_VARINT)) {
        if (!in.ReadVarint64(&seconds)) return false;
      } else if (IsField(t, 2, WireFormatLite::WIRETYPE_VARINT)) {
        if (!in.ReadVarint64(&nanos)) return false;
      } else if (!WireFormatLite::SkipField(&in, t)) {
        return false;
      }
    }
    if (!in.ConsumedEntireMessage()) return false;
    in.PopLimit(limit);
    time = absl::FromUnixSeconds(static_cast<int64_t>(seconds)) +
           absl::Nanoseconds(static_cast<int32_t>(nanos));
  }
  return in.ConsumedEntireMessage();
}

}  // namespace

absl::StatusOr<absl::Time> RowChangeTime(
    absl::string_view bytes, std::initializer_list<int> change_fields) {
  const int size = static_cast<int>(bytes.size());
  CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()), size);
  absl::Time latest = absl::InfinitePast();
  bool parsed = true;
  for (uint32_t tag; parsed && (tag = in.ReadTag()) != 0;) {
    const int field = WireFormatLite::GetTagFieldNumber(tag);
    if (std::find(change_fields.begin(), change_fields.end(), field) ==
            change_fields.end() ||
        WireFormatLite::GetTagWireType(tag) !=
            WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      parsed = WireFormatLite::SkipField(&in, tag);
      continue;
    }
    CodedInputStream::Limit limit;
    std::optional<absl::Time> time;
    parsed = PushLength(in, size - in.CurrentPosition(), limit) &&
             ReadChangeTime(in, size - in.CurrentPosition(), time);
    if (!parsed) break;
    in.PopLimit(limit);
    if (time.has_value()) latest = std::max(latest, *time);
  }
  if (!parsed || !in.ConsumedEntireMessage() || in.CurrentPosition() != size) {
    return absl::DataLossError("row does not parse");
  }
  return latest;
}

}  // namespace transpo::app
