#include "server/app/event_codec.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/app/stored_administration.h"
#include "server/app/stored_alert.h"
#include "server/app/stored_values.h"
#include "transpo/internal/v1/events.pb.h"

namespace transpo::app {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// Package of the payloads written before format 2.
constexpr absl::string_view kLegacyPackage = "transpo.v1.";

EventData Pack(const google::protobuf::Message& message) {
  return EventData{.type = message.GetDescriptor()->full_name(),
                   .payload = message.SerializeAsString()};
}

absl::Status Corrupt(const EventRecord& record, absl::string_view why) {
  return absl::DataLossError(absl::StrCat("event at position ", record.position,
                                          " (", record.type, "): ", why));
}

// Whether the record is a T (under its name or its name before format 2);
// parses the payload into `out` if so, setting `status` if it does not parse.
template <typename T>
bool Is(const EventRecord& record, T& out, absl::Status& status) {
  const std::string& name = T::descriptor()->full_name();
  if (record.type != name &&
      !(absl::StartsWith(record.type, kLegacyPackage) &&
        record.type.substr(kLegacyPackage.size()) == T::descriptor()->name())) {
    return false;
  }
  if (!out.ParseFromString(record.payload)) {
    status = Corrupt(record, "payload does not parse");
  }
  return true;
}

// A stored value converted back; it was valid when written, so a failure
// means the log is damaged.
template <typename T>
absl::StatusOr<T> Stored(const EventRecord& record, absl::StatusOr<T> value) {
  if (!value.ok()) return Corrupt(record, value.status().message());
  return value;
}

}  // namespace

EventData Encode(const domain::DirectiveEvent& event) {
  return std::visit(Overloaded{
                        [](const domain::DirectiveRegistered& e) {
                          stored::DirectiveRegistered m;
                          *m.mutable_directive() = ToStored(e.directive);
                          return Pack(m);
                        },
                        [](const domain::DirectiveUpdated& e) {
                          stored::DirectiveUpdated m;
                          *m.mutable_directive() = ToStored(e.directive);
                          return Pack(m);
                        },
                        [](const domain::DossierAssigned& e) {
                          stored::DossierAssigned m;
                          *m.mutable_dossier() = ToStored(e.dossier);
                          return Pack(m);
                        },
                        [](const domain::DossierUpdated& e) {
                          stored::DossierUpdated m;
                          *m.mutable_dossier() = ToStored(e.dossier);
                          return Pack(m);
                        },
                        [](const domain::DossierStatusChanged& e) {
                          stored::DossierStatusChanged m;
                          m.set_from(ToStored(e.from));
                          m.set_to(ToStored(e.to));
                          m.set_reason(e.reason);
                          return Pack(m);
                        },
                        [](const domain::MilestoneSet& e) {
                          stored::MilestoneSet m;
                          *m.mutable_milestone() = ToStored(e.milestone);
                          return Pack(m);
                        },
                        [](const domain::MeasureRecorded& e) {
                          stored::MeasureRecorded m;
                          *m.mutable_measure() = ToStored(e.measure);
                          return Pack(m);
                        },
                        [](const domain::MeasureNotified& e) {
                          stored::MeasureNotified m;
                          m.set_measure_id(e.measure_id);
                          m.set_date(ToStoredDate(e.date));
                          m.set_scope(ToStored(e.scope));
                          return Pack(m);
                        },
                    },
                    event);
}

EventData Encode(const domain::ProcedureEvent& event) {
  return std::visit(
      Overloaded{
          [](const domain::ProcedureOpened& e) {
            stored::ProcedureOpened m;
            m.set_number(e.number);
            m.set_type(ToStored(e.type));
            for (const auto& c : e.celex) m.add_celex(c);
            return Pack(m);
          },
          [](const domain::StageRecorded& e) {
            stored::StageRecorded m;
            *m.mutable_stage() = ToStored(e.stage);
            return Pack(m);
          },
          [](const domain::ReplyRecorded& e) {
            stored::ReplyRecorded m;
            m.set_stage_index(static_cast<uint32_t>(e.stage_index));
            m.set_date(ToStoredDate(e.date));
            return Pack(m);
          },
          [](const domain::ProcedureClosed& e) {
            stored::ProcedureClosed m;
            m.set_date(ToStoredDate(e.date));
            m.set_reason(e.reason);
            return Pack(m);
          },
      },
      event);
}

EventData Encode(const domain::CourtCaseEvent& event) {
  return std::visit(Overloaded{
                        [](const domain::CourtCaseRegistered& e) {
                          stored::CourtCaseRegistered m;
                          *m.mutable_court_case() = ToStored(e.info);
                          return Pack(m);
                        },
                        [](const domain::CourtDeadlineAdded& e) {
                          stored::CourtDeadlineAdded m;
                          *m.mutable_deadline() = ToStored(e.deadline);
                          return Pack(m);
                        },
                    },
                    event);
}

EventData Encode(const domain::AdministrationEvent& event) {
  return std::visit(
      Overloaded{
          [](const domain::AdministrationRegistered& e) {
            stored::AdministrationRegistered m;
            *m.mutable_administration() = ToStored(e.info);
            return Pack(m);
          },
          [](const domain::AdministrationUpdated& e) {
            stored::AdministrationUpdated m;
            *m.mutable_administration() = ToStored(e.info);
            return Pack(m);
          },
          [](const domain::CorrespondentAdded& e) {
            stored::CorrespondentAdded m;
            *m.mutable_correspondent() = ToStored(e.correspondent);
            return Pack(m);
          },
          [](const domain::CorrespondentUpdated& e) {
            stored::CorrespondentUpdated m;
            *m.mutable_correspondent() = ToStored(e.correspondent);
            return Pack(m);
          },
      },
      event);
}

absl::StatusOr<domain::DirectiveEvent> DecodeDirectiveEvent(
    const EventRecord& r) {
  absl::Status bad;
  if (stored::DirectiveRegistered m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromStored(m.directive()));
    if (!info.ok()) return info.status();
    return domain::DirectiveRegistered{*std::move(info)};
  }
  if (stored::DirectiveUpdated m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromStored(m.directive()));
    if (!info.ok()) return info.status();
    return domain::DirectiveUpdated{*std::move(info)};
  }
  if (stored::DossierAssigned m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromStored(m.dossier()));
    if (!info.ok()) return info.status();
    return domain::DossierAssigned{*std::move(info)};
  }
  if (stored::DossierUpdated m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromStored(m.dossier()));
    if (!info.ok()) return info.status();
    return domain::DossierUpdated{*std::move(info)};
  }
  if (stored::DossierStatusChanged m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto from = Stored(r, FromStored(m.from()));
    if (!from.ok()) return from.status();
    auto to = Stored(r, FromStored(m.to()));
    if (!to.ok()) return to.status();
    return domain::DossierStatusChanged{*from, *to, m.reason()};
  }
  if (stored::MilestoneSet m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto milestone = Stored(r, FromStored(m.milestone()));
    if (!milestone.ok()) return milestone.status();
    return domain::MilestoneSet{*milestone};
  }
  if (stored::MeasureRecorded m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto measure = Stored(r, FromStored(m.measure()));
    if (!measure.ok()) return measure.status();
    return domain::MeasureRecorded{*std::move(measure)};
  }
  if (stored::MeasureNotified m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto date = Stored(r, FromStoredRequiredDate("date", m.date()));
    if (!date.ok()) return date.status();
    auto scope = Stored(r, FromStored(m.scope()));
    if (!scope.ok()) return scope.status();
    return domain::MeasureNotified{m.measure_id(), *date, *scope};
  }
  return Corrupt(r, "not an event of a directive");
}

absl::StatusOr<domain::ProcedureEvent> DecodeProcedureEvent(
    const EventRecord& r) {
  absl::Status bad;
  if (stored::ProcedureOpened m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto type = Stored(r, FromStored(m.type()));
    if (!type.ok()) return type.status();
    return domain::ProcedureOpened{
        m.number(), *type, {m.celex().begin(), m.celex().end()}};
  }
  if (stored::StageRecorded m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto stage = Stored(r, FromStored(m.stage()));
    if (!stage.ok()) return stage.status();
    return domain::StageRecorded{*std::move(stage)};
  }
  if (stored::ReplyRecorded m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto date = Stored(r, FromStoredRequiredDate("date", m.date()));
    if (!date.ok()) return date.status();
    return domain::ReplyRecorded{m.stage_index(), *date};
  }
  if (stored::ProcedureClosed m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto date = Stored(r, FromStoredRequiredDate("date", m.date()));
    if (!date.ok()) return date.status();
    return domain::ProcedureClosed{*date, m.reason()};
  }
  return Corrupt(r, "not an event of an infringement procedure");
}

absl::StatusOr<domain::CourtCaseEvent> DecodeCourtCaseEvent(
    const EventRecord& r) {
  absl::Status bad;
  if (stored::CourtCaseRegistered m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto info = Stored(r, FromStored(m.court_case()));
    if (!info.ok()) return info.status();
    return domain::CourtCaseRegistered{*std::move(info)};
  }
  if (stored::CourtDeadlineAdded m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto deadline = Stored(r, FromStored(m.deadline()));
    if (!deadline.ok()) return deadline.status();
    return domain::CourtDeadlineAdded{*deadline};
  }
  return Corrupt(r, "not an event of a court case");
}

absl::StatusOr<domain::AdministrationEvent> DecodeAdministrationEvent(
    const EventRecord& r) {
  absl::Status bad;
  if (stored::AdministrationRegistered m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    return domain::AdministrationRegistered{FromStored(m.administration())};
  }
  if (stored::AdministrationUpdated m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    return domain::AdministrationUpdated{FromStored(m.administration())};
  }
  if (stored::CorrespondentAdded m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto c = Stored(r, FromStored(m.correspondent()));
    if (!c.ok()) return c.status();
    return domain::CorrespondentAdded{*std::move(c)};
  }
  if (stored::CorrespondentUpdated m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto c = Stored(r, FromStored(m.correspondent()));
    if (!c.ok()) return c.status();
    return domain::CorrespondentUpdated{*std::move(c)};
  }
  return Corrupt(r, "not an event of an administration");
}

EventData Encode(const domain::AlertEvent& event) {
  return std::visit(Overloaded{
                        [](const domain::AlertRaised& e) {
                          stored::AlertRaised m;
                          *m.mutable_deadline() = ToStored(e.deadline);
                          *m.mutable_notice() = ToStored(e.notice);
                          return Pack(m);
                        },
                        [](const domain::AlertRenotified& e) {
                          stored::AlertRenotified m;
                          m.set_rule_id(e.rule_id);
                          return Pack(m);
                        },
                        [](const domain::AlertAcknowledged& e) {
                          stored::AlertAcknowledged m;
                          m.set_rule_id(e.rule_id);
                          m.set_comment(e.comment);
                          return Pack(m);
                        },
                        [](const domain::AlertResolved& e) {
                          stored::AlertResolved m;
                          m.set_rule_id(e.rule_id);
                          m.set_reason(e.reason);
                          return Pack(m);
                        },
                    },
                    event);
}

absl::StatusOr<domain::AlertEvent> DecodeAlertEvent(const EventRecord& r) {
  absl::Status bad;
  if (stored::AlertRaised m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    auto deadline = Stored(r, FromStored(m.deadline()));
    if (!deadline.ok()) return deadline.status();
    auto notice = Stored(r, FromStored(m.notice()));
    if (!notice.ok()) return notice.status();
    return domain::AlertRaised{*std::move(deadline), *std::move(notice)};
  }
  if (stored::AlertRenotified m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    return domain::AlertRenotified{m.rule_id()};
  }
  if (stored::AlertAcknowledged m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    return domain::AlertAcknowledged{m.rule_id(), m.comment()};
  }
  if (stored::AlertResolved m; Is(r, m, bad)) {
    if (!bad.ok()) return bad;
    return domain::AlertResolved{m.rule_id(), m.reason()};
  }
  return Corrupt(r, "not an event of an alert");
}

}  // namespace transpo::app
