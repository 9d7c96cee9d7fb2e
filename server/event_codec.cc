#include "server/event_codec.h"

#include "absl/strings/str_cat.h"
#include "server/convert.h"
#include "transpo/v1/events.pb.h"

namespace transpo {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

EventData Pack(const google::protobuf::Message& message) {
  return EventData{.type = message.GetDescriptor()->full_name(),
                   .payload = message.SerializeAsString()};
}

absl::Status Corrupt(const EventRecord& record, absl::string_view why) {
  return absl::DataLossError(absl::StrCat("event at position ", record.position,
                                          " (", record.type, "): ", why));
}

// Parses the payload into T if the record's type is T's.
template <typename T>
bool Is(const EventRecord& record, T& out, absl::Status& status) {
  if (record.type != T::descriptor()->full_name()) return false;
  if (!out.ParseFromString(record.payload))
    status = Corrupt(record, "payload does not parse");
  return true;
}

// Converts a stored value back; stored values were valid when written, so a
// failure means the log is damaged.
template <typename T>
absl::StatusOr<T> Stored(const EventRecord& record, absl::StatusOr<T> value) {
  if (!value.ok()) return Corrupt(record, value.status().message());
  return value;
}

}  // namespace

EventData Encode(const DirectiveEvent& event) {
  return std::visit(Overloaded{
                        [](const DirectiveRegistered& e) {
                          v1::DirectiveRegistered m;
                          *m.mutable_directive() = ToProto(e.directive);
                          return Pack(m);
                        },
                        [](const DirectiveUpdated& e) {
                          v1::DirectiveUpdated m;
                          *m.mutable_directive() = ToProto(e.directive);
                          return Pack(m);
                        },
                        [](const DossierAssigned& e) {
                          v1::DossierAssigned m;
                          *m.mutable_dossier() = ToProto(e.dossier);
                          return Pack(m);
                        },
                        [](const DossierUpdated& e) {
                          v1::DossierUpdated m;
                          *m.mutable_dossier() = ToProto(e.dossier);
                          return Pack(m);
                        },
                        [](const DossierStatusChanged& e) {
                          v1::DossierStatusChanged m;
                          m.set_from(ToProto(e.from));
                          m.set_to(ToProto(e.to));
                          m.set_reason(e.reason);
                          return Pack(m);
                        },
                        [](const MilestoneSet& e) {
                          v1::MilestoneSet m;
                          *m.mutable_milestone() = ToProto(e.milestone);
                          return Pack(m);
                        },
                        [](const MeasureRecorded& e) {
                          v1::MeasureRecorded m;
                          *m.mutable_measure() = ToProto(e.measure);
                          return Pack(m);
                        },
                        [](const MeasureNotified& e) {
                          v1::MeasureNotified m;
                          m.set_measure_id(e.measure_id);
                          m.set_date(FormatDate(e.date));
                          m.set_scope(ToProto(e.scope));
                          return Pack(m);
                        },
                    },
                    event);
}

EventData Encode(const ProcedureEvent& event) {
  return std::visit(
      Overloaded{
          [](const ProcedureOpened& e) {
            v1::ProcedureOpened m;
            m.set_number(e.number);
            m.set_type(ToProto(e.type));
            for (const auto& c : e.celex) m.add_celex(c);
            return Pack(m);
          },
          [](const StageRecorded& e) {
            v1::StageRecorded m;
            *m.mutable_stage() = ToProto(e.stage);
            return Pack(m);
          },
          [](const ReplyRecorded& e) {
            v1::ReplyRecorded m;
            m.set_stage_index(static_cast<uint32_t>(e.stage_index));
            m.set_date(FormatDate(e.date));
            return Pack(m);
          },
          [](const ProcedureClosed& e) {
            v1::ProcedureClosed m;
            m.set_date(FormatDate(e.date));
            m.set_reason(e.reason);
            return Pack(m);
          },
      },
      event);
}

EventData Encode(const CourtCaseEvent& event) {
  return std::visit(Overloaded{
                        [](const CourtCaseRegistered& e) {
                          v1::CourtCaseRegistered m;
                          *m.mutable_court_case() = ToProto(e.info);
                          return Pack(m);
                        },
                        [](const CourtDeadlineAdded& e) {
                          v1::CourtDeadlineAdded m;
                          *m.mutable_deadline() = ToProto(e.deadline);
                          return Pack(m);
                        },
                    },
                    event);
}

absl::StatusOr<DirectiveEvent> DecodeDirectiveEvent(const EventRecord& r) {
  absl::Status bad;
  if (v1::DirectiveRegistered m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromProto(m.directive()));
    if (!info.ok()) return info.status();
    return DirectiveRegistered{*std::move(info)};
  }
  if (v1::DirectiveUpdated m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromProto(m.directive()));
    if (!info.ok()) return info.status();
    return DirectiveUpdated{*std::move(info)};
  }
  if (v1::DossierAssigned m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromProto(m.dossier()));
    if (!info.ok()) return info.status();
    return DossierAssigned{*std::move(info)};
  }
  if (v1::DossierUpdated m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromProto(m.dossier()));
    if (!info.ok()) return info.status();
    return DossierUpdated{*std::move(info)};
  }
  if (v1::DossierStatusChanged m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto from = Stored(r, FromProto(m.from(), "from"));
    auto to = Stored(r, FromProto(m.to(), "to"));
    if (!from.ok()) return from.status();
    if (!to.ok()) return to.status();
    return DossierStatusChanged{*from, *to, m.reason()};
  }
  if (v1::MilestoneSet m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto milestone = Stored(r, FromProto(m.milestone()));
    if (!milestone.ok()) return milestone.status();
    return MilestoneSet{*milestone};
  }
  if (v1::MeasureRecorded m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto measure = Stored(r, FromProto(m.measure()));
    if (!measure.ok()) return measure.status();
    return MeasureRecorded{*std::move(measure)};
  }
  if (v1::MeasureNotified m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto date = Stored(r, FromProtoRequiredDate("date", m.date()));
    auto scope = Stored(r, FromProto(m.scope(), "scope"));
    if (!date.ok()) return date.status();
    if (!scope.ok()) return scope.status();
    return MeasureNotified{m.measure_id(), *date, *scope};
  }
  return Corrupt(r, "not an event of a directive");
}

absl::StatusOr<ProcedureEvent> DecodeProcedureEvent(const EventRecord& r) {
  absl::Status bad;
  if (v1::ProcedureOpened m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto type = Stored(r, FromProto(m.type(), "type"));
    if (!type.ok()) return type.status();
    return ProcedureOpened{
        m.number(), *type, {m.celex().begin(), m.celex().end()}};
  }
  if (v1::StageRecorded m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto stage = Stored(r, FromProto(m.stage()));
    if (!stage.ok()) return stage.status();
    return StageRecorded{*std::move(stage)};
  }
  if (v1::ReplyRecorded m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto date = Stored(r, FromProtoRequiredDate("date", m.date()));
    if (!date.ok()) return date.status();
    return ReplyRecorded{m.stage_index(), *date};
  }
  if (v1::ProcedureClosed m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto date = Stored(r, FromProtoRequiredDate("date", m.date()));
    if (!date.ok()) return date.status();
    return ProcedureClosed{*date, m.reason()};
  }
  return Corrupt(r, "not an event of an infringement procedure");
}

absl::StatusOr<CourtCaseEvent> DecodeCourtCaseEvent(const EventRecord& r) {
  absl::Status bad;
  if (v1::CourtCaseRegistered m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromProto(m.court_case()));
    if (!info.ok()) return info.status();
    return CourtCaseRegistered{*std::move(info)};
  }
  if (v1::CourtDeadlineAdded m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto deadline = Stored(r, FromProto(m.deadline()));
    if (!deadline.ok()) return deadline.status();
    return CourtDeadlineAdded{*deadline};
  }
  return Corrupt(r, "not an event of a court case");
}

}  // namespace transpo
