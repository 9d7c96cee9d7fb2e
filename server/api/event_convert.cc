#include "server/api/event_convert.h"

#include <variant>

#include "server/api/administration_convert.h"
#include "server/api/alert_convert.h"
#include "server/api/court_case_convert.h"
#include "server/api/directive_convert.h"
#include "server/api/dossier_convert.h"
#include "server/api/enum_convert.h"
#include "server/api/procedure_convert.h"
#include "server/api/values_convert.h"
#include "server/app/aggregates.h"
#include "server/app/log_events.h"
#include "server/app/proto_time.h"
#include "transpo/v1/events.pb.h"

namespace transpo::api {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// The people of a dossier, as DossierAssigned and DossierUpdated carry them.
v1::Dossier People(const domain::DossierInfo& in) {
  v1::Dossier out;
  SetPeople(in, out);
  return out;
}

void Pack(const google::protobuf::Message& message, v1::Event& out) {
  out.set_type(message.GetDescriptor()->full_name());
  out.set_payload(message.SerializeAsString());
}

void FillPayload(const domain::DirectiveEvent& event, v1::Event& out) {
  std::visit(Overloaded{
                 [&](const domain::DirectiveRegistered& e) {
                   v1::DirectiveRegistered m;
                   *m.mutable_directive() = ToProto(e.directive);
                   Pack(m, out);
                 },
                 [&](const domain::DirectiveUpdated& e) {
                   v1::DirectiveUpdated m;
                   *m.mutable_directive() = ToProto(e.directive);
                   Pack(m, out);
                 },
                 [&](const domain::DossierAssigned& e) {
                   v1::DossierAssigned m;
                   *m.mutable_dossier() = People(e.dossier);
                   Pack(m, out);
                 },
                 [&](const domain::DossierUpdated& e) {
                   v1::DossierUpdated m;
                   *m.mutable_dossier() = People(e.dossier);
                   Pack(m, out);
                 },
                 [&](const domain::DossierStatusChanged& e) {
                   v1::DossierStatusChanged m;
                   m.set_from(ToProto(e.from));
                   m.set_to(ToProto(e.to));
                   m.set_reason(e.reason);
                   Pack(m, out);
                 },
                 [&](const domain::MilestoneSet& e) {
                   v1::MilestoneSet m;
                   *m.mutable_milestone() = ToProto(e.milestone);
                   Pack(m, out);
                 },
                 [&](const domain::MeasureRecorded& e) {
                   v1::MeasureRecorded m;
                   *m.mutable_measure() = ToProto(e.measure);
                   Pack(m, out);
                 },
                 [&](const domain::MeasureNotified& e) {
                   v1::MeasureNotified m;
                   m.set_measure_id(e.measure_id);
                   m.set_date(domain::FormatDate(e.date));
                   m.set_scope(ToProto(e.scope));
                   Pack(m, out);
                 },
             },
             event);
}

void FillPayload(const domain::ProcedureEvent& event, v1::Event& out) {
  std::visit(Overloaded{
                 [&](const domain::ProcedureOpened& e) {
                   v1::ProcedureOpened m;
                   m.set_number(e.number);
                   m.set_type(ToProto(e.type));
                   for (const auto& c : e.celex) m.add_celex(c);
                   Pack(m, out);
                 },
                 [&](const domain::StageRecorded& e) {
                   v1::StageRecorded m;
                   *m.mutable_stage() = ToProto(e.stage);
                   Pack(m, out);
                 },
                 [&](const domain::ReplyRecorded& e) {
                   v1::ReplyRecorded m;
                   m.set_stage_index(static_cast<uint32_t>(e.stage_index));
                   m.set_date(domain::FormatDate(e.date));
                   Pack(m, out);
                 },
                 [&](const domain::ProcedureClosed& e) {
                   v1::ProcedureClosed m;
                   m.set_date(domain::FormatDate(e.date));
                   m.set_reason(e.reason);
                   Pack(m, out);
                 },
             },
             event);
}

void FillPayload(const domain::CourtCaseEvent& event, v1::Event& out) {
  std::visit(
      Overloaded{
          [&](const domain::CourtCaseRegistered& e) {
            v1::CourtCaseRegistered m;
            domain::CourtCaseState state;
            state.info = e.info;
            *m.mutable_court_case() = ToProtoCourtCase(state);
            m.mutable_court_case()->clear_version();
            m.mutable_court_case()->clear_audit();
            Pack(m, out);
          },
          [&](const domain::CourtDeadlineAdded& e) {
            v1::CourtDeadlineAdded m;
            m.mutable_deadline()->set_date(domain::FormatDate(e.deadline.date));
            m.mutable_deadline()->set_description(e.deadline.description);
            Pack(m, out);
          },
      },
      event);
}

void FillPayload(const domain::AdministrationEvent& event, v1::Event& out) {
  // Only the id and the names: the rest belongs to the administration's
  // other events.
  auto facts = [](const domain::AdministrationInfo& info) {
    v1::Administration a;
    a.set_id(info.id);
    a.set_name_nl(info.name_nl);
    a.set_name_fr(info.name_fr);
    return a;
  };
  const std::string id(out.stream().substr(
      sizeof(app::AdministrationAggregate::kStreamPrefix) - 1));
  std::visit(Overloaded{
                 [&](const domain::AdministrationRegistered& e) {
                   v1::AdministrationRegistered m;
                   *m.mutable_administration() = facts(e.info);
                   Pack(m, out);
                 },
                 [&](const domain::AdministrationUpdated& e) {
                   v1::AdministrationUpdated m;
                   *m.mutable_administration() = facts(e.info);
                   Pack(m, out);
                 },
                 [&](const domain::CorrespondentAdded& e) {
                   v1::CorrespondentAdded m;
                   m.set_administration_id(id);
                   *m.mutable_correspondent() = ToProto(e.correspondent);
                   Pack(m, out);
                 },
                 [&](const domain::CorrespondentUpdated& e) {
                   v1::CorrespondentUpdated m;
                   m.set_administration_id(id);
                   *m.mutable_correspondent() = ToProto(e.correspondent);
                   Pack(m, out);
                 },
             },
             event);
}

void FillPayload(const domain::AlertEvent& event, v1::Event& out) {
  // The deadline, for the ids, from the stream's name.
  const std::string deadline_id(
      out.stream().substr(sizeof(app::AlertAggregate::kStreamPrefix) - 1));
  auto id = [&](const std::string& rule_id) {
    return absl::StrCat(deadline_id, "/", rule_id);
  };
  std::visit(Overloaded{
                 [&](const domain::AlertRaised& e) {
                   v1::AlertRaised m;
                   *m.mutable_alert() = ToProtoRaised(e.deadline, e.notice);
                   Pack(m, out);
                 },
                 [&](const domain::AlertRenotified& e) {
                   v1::AlertRenotified m;
                   m.set_alert_id(id(e.rule_id));
                   Pack(m, out);
                 },
                 [&](const domain::AlertAcknowledged& e) {
                   v1::AlertAcknowledged m;
                   m.set_alert_id(id(e.rule_id));
                   m.set_comment(e.comment);
                   Pack(m, out);
                 },
                 [&](const domain::AlertResolved& e) {
                   v1::AlertResolved m;
                   m.set_alert_id(id(e.rule_id));
                   m.set_reason(e.reason);
                   Pack(m, out);
                 },
             },
             event);
}

}  // namespace

absl::Status ToProto(const EventRecord& record, v1::Event& out) {
  absl::StatusOr<app::DomainEvent> event = app::DecodeDomainEvent(record);
  if (!event.ok()) return event.status();
  out.set_position(record.position);
  out.set_stream(record.stream);  // before the payload, which may read it
  out.set_stream_version(record.version);
  out.set_event_id(record.event_id);
  app::ToProtoTime(record.record_time, *out.mutable_record_time());
  out.set_actor(record.actor);
  out.set_hash(record.hash);
  std::visit([&out](const auto& e) { FillPayload(e, out); }, *event);
  return absl::OkStatus();
}

}  // namespace transpo::api
