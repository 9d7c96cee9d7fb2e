// Importer::Impl::Dossier: a directive and its dossier, whose status is
// reached by the moves its lifecycle allows.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clients/enum_names.h"
#include "clients/import/importer_impl.h"

namespace transpo::clients {

using import_detail::FindMeasure;
using import_detail::FromGrpc;
using import_detail::Notified;
using import_detail::Same;
using import_detail::SameList;
using import_detail::WithoutNotification;

Importer::Impl::Result Importer::Impl::Dossier(const SourceRecord& r) {
  const v1::Directive& want = r.record.dossier().directive();
  v1::GetDirectiveRequest get;
  get.set_celex(want.celex());
  v1::GetDirectiveResponse got;
  grpc::Status status =
      Read(*directives_, &v1::DirectiveService::Stub::GetDirective, get, &got);
  bool created = false;
  bool changed = false;
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    created = true;
    if (options_.dry_run) return Outcome::kCreated;
    v1::CreateDirectiveRequest create;
    *create.mutable_directive() = want;
    create.mutable_directive()->clear_version();
    create.mutable_directive()->clear_audit();
    if (create.directive().competence() == v1::COMPETENCE_UNSPECIFIED) {
      create.mutable_directive()->set_competence(
          v1::COMPETENCE_TO_BE_DETERMINED);
    }
    v1::CreateDirectiveResponse response;
    if (auto f =
            Write(*directives_, &v1::DirectiveService::Stub::CreateDirective,
                  create, 0, "create directive", &response)) {
      return *f;
    }
  } else if (!status.ok()) {
    return FromGrpc(status, "read directive");
  } else if (LeaveAlone(got.directive().audit())) {
    return Outcome::kUnchanged;
  } else {
    const v1::Directive& have = got.directive();
    v1::UpdateDirectiveRequest update;
    v1::Directive& d = *update.mutable_directive();
    d.set_celex(want.celex());
    auto field = [&](const char* column, const char* path, bool differs,
                     auto set) {
      if (!r.Has(column) || !differs) return;
      set();
      update.mutable_update_mask()->add_paths(path);
    };
    field("short_title", "short_title",
          have.short_title() != want.short_title(),
          [&] { d.set_short_title(want.short_title()); });
    field("title", "title", have.title() != want.title(),
          [&] { d.set_title(want.title()); });
    field("oj_reference", "oj_reference",
          have.oj_reference() != want.oj_reference(),
          [&] { d.set_oj_reference(want.oj_reference()); });
    field("adoption_date", "adoption_date",
          have.adoption_date() != want.adoption_date(),
          [&] { d.set_adoption_date(want.adoption_date()); });
    field("policy_area", "policy_area",
          have.policy_area() != want.policy_area(),
          [&] { d.set_policy_area(want.policy_area()); });
    field("competence", "competence", have.competence() != want.competence(),
          [&] { d.set_competence(want.competence()); });
    // Without an other_deadlines column, the file speaks of the first
    // deadline only: the server's others stay.
    google::protobuf::RepeatedPtrField<v1::TranspositionDeadline> deadlines =
        want.deadlines();
    if (!r.Has("other_deadlines")) {
      for (int i = 1; i < have.deadlines_size(); ++i) {
        *deadlines.Add() = have.deadlines(i);
      }
    }
    bool same_deadlines = have.deadlines_size() == deadlines.size();
    for (int i = 0; same_deadlines && i < deadlines.size(); ++i) {
      same_deadlines = Same(have.deadlines(i), deadlines[i]);
    }
    field("deadline", "deadlines", !same_deadlines,
          [&] { *d.mutable_deadlines() = deadlines; });
    if (!update.update_mask().paths().empty()) {
      changed = true;
      if (!options_.dry_run) {
        v1::UpdateDirectiveResponse response;
        if (auto f = Write(*directives_,
                           &v1::DirectiveService::Stub::UpdateDirective, update,
                           have.version(), "update directive", &response)) {
          return *f;
        }
      }
    }
  }
  v1::GetDossierRequest get_dossier;
  get_dossier.set_celex(want.celex());
  v1::GetDossierResponse dossier;
  status = Read(*dossiers_, &v1::DossierService::Stub::GetDossier, get_dossier,
                &dossier);
  if (!status.ok()) return FromGrpc(status, "read dossier");
  v1::Dossier current = dossier.dossier();
  bool dossier_changed = false;
  if (auto f = DossierChanges(r, current, &dossier_changed)) return *f;
  if (created) return Outcome::kCreated;
  return changed || dossier_changed ? Outcome::kUpdated : Outcome::kUnchanged;
}

std::optional<Importer::Impl::Failure> Importer::Impl::DossierChanges(
    const SourceRecord& r, v1::Dossier& current, bool* changed) {
  const v1::Dossier& want = r.record.dossier().dossier();
  v1::DossierService::Stub& stub = *dossiers_;
  auto apply = [&](const v1::Dossier& after) { current = after; };

  // People. AssignDossier moves a registered dossier to assigned: it is
  // used for that move only; otherwise an update sets the fields that
  // differ.
  const v1::DossierStatus target =
      r.Has("status") ? want.status() : current.status();
  v1::UpdateDossierRequest people;
  v1::Dossier& d = *people.mutable_dossier();
  d.set_celex(want.celex());
  auto& mask = *people.mutable_update_mask();
  if (r.Has("lead_administration") &&
      current.lead_administration() != want.lead_administration()) {
    d.set_lead_administration(want.lead_administration());
    mask.add_paths("lead_administration");
  }
  if (r.Has("involved_administrations") &&
      !SameList(current.involved_administrations(),
                want.involved_administrations())) {
    *d.mutable_involved_administrations() = want.involved_administrations();
    mask.add_paths("involved_administrations");
  }
  if (r.Has("correspondents") &&
      !SameList(current.correspondents(), want.correspondents())) {
    *d.mutable_correspondents() = want.correspondents();
    mask.add_paths("correspondents");
  }
  if (r.Has("experts") && !SameList(current.experts(), want.experts())) {
    *d.mutable_experts() = want.experts();
    mask.add_paths("experts");
  }
  if (r.Has("responsible_minister") &&
      current.responsible_minister() != want.responsible_minister()) {
    d.set_responsible_minister(want.responsible_minister());
    mask.add_paths("responsible_minister");
  }
  auto pick = [&](const char* path, const auto& wanted, const auto& had) {
    for (const std::string& p : mask.paths()) {
      if (p == path) return wanted;
    }
    return had;
  };
  const std::string lead = pick("lead_administration", d.lead_administration(),
                                current.lead_administration());
  const bool assign = current.status() == v1::DOSSIER_STATUS_REGISTERED &&
                      target != v1::DOSSIER_STATUS_REGISTERED && !lead.empty();
  if (!mask.paths().empty() || assign) {
    *changed = true;
    if (options_.dry_run) return std::nullopt;
    const auto correspondents =
        assign || pick("correspondents", true, false)
            ? pick("correspondents", d.correspondents(),
                   current.correspondents())
            : google::protobuf::RepeatedPtrField<std::string>();
    std::vector<std::string> administrations = {lead};
    for (const std::string& a :
         pick("involved_administrations", d.involved_administrations(),
              current.involved_administrations())) {
      administrations.push_back(a);
    }
    // Only active correspondents may be named: those who have left are
    // active for this write, then inactive again.
    std::vector<std::pair<std::string, std::string>> reactivated;
    auto deactivate_again = [&]() -> std::optional<Failure> {
      std::optional<Failure> failure;
      for (const auto& [a, id] : reactivated) {
        if (auto f = SetActive(a, id, false, nullptr)) {
          failure = Failure{
              "correspondents",
              absl::StrCat(f->reason, " (", id, " of ", a,
                           " is left active: import the administrations "
                           "again)"),
              f->code};
        }
      }
      return failure;
    };
    for (const std::string& id : correspondents) {
      if (auto f = ReactivateIfInactive(administrations, id, reactivated)) {
        (void)deactivate_again();
        return f;
      }
    }
    std::optional<Failure> failure;
    if (assign) {
      v1::AssignDossierRequest request;
      request.set_celex(want.celex());
      request.set_lead_administration(lead);
      *request.mutable_involved_administrations() =
          pick("involved_administrations", d.involved_administrations(),
               current.involved_administrations());
      *request.mutable_correspondents() =
          pick("correspondents", d.correspondents(), current.correspondents());
      *request.mutable_experts() =
          pick("experts", d.experts(), current.experts());
      request.set_responsible_minister(pick("responsible_minister",
                                            d.responsible_minister(),
                                            current.responsible_minister()));
      v1::AssignDossierResponse response;
      failure = Write(stub, &v1::DossierService::Stub::AssignDossier, request,
                      current.version(), "assign dossier", &response);
      if (!failure) apply(response.dossier());
    } else {
      v1::UpdateDossierResponse response;
      failure = Write(stub, &v1::DossierService::Stub::UpdateDossier, people,
                      current.version(), "update dossier", &response);
      if (!failure) apply(response.dossier());
    }
    std::optional<Failure> left_active = deactivate_again();
    if (failure) return failure;
    if (left_active) return left_active;
  }

  // Expected completion and delay cause.
  {
    v1::UpdateDossierRequest update;
    v1::Dossier& d = *update.mutable_dossier();
    d.set_celex(want.celex());
    if (r.Has("expected_completion_date") &&
        current.expected_completion_date() != want.expected_completion_date()) {
      d.set_expected_completion_date(want.expected_completion_date());
      update.mutable_update_mask()->add_paths("expected_completion_date");
    }
    if (r.Has("delay_cause") && current.delay_cause() != want.delay_cause()) {
      d.set_delay_cause(want.delay_cause());
      update.mutable_update_mask()->add_paths("delay_cause");
    }
    if (!update.update_mask().paths().empty()) {
      *changed = true;
      if (options_.dry_run) return std::nullopt;
      v1::UpdateDossierResponse response;
      if (auto f = Write(stub, &v1::DossierService::Stub::UpdateDossier, update,
                         current.version(), "update dossier", &response)) {
        return f;
      }
      apply(response.dossier());
    }
  }

  // Milestones and measures (before any status that ends the dossier).
  if (r.Has("milestones")) {
    for (const v1::Milestone& m : want.milestones()) {
      bool same = false;
      for (const v1::Milestone& h : current.milestones()) {
        same = same || Same(h, m);
      }
      if (same) continue;
      *changed = true;
      if (options_.dry_run) return std::nullopt;
      v1::SetMilestoneRequest set;
      set.set_celex(want.celex());
      *set.mutable_milestone() = m;
      v1::SetMilestoneResponse response;
      if (auto f = Write(stub, &v1::DossierService::Stub::SetMilestone, set,
                         current.version(), "set milestone", &response)) {
        return f;
      }
      apply(response.dossier());
    }
  }
  std::vector<const v1::Measure*> to_notify;
  if (r.Has("measures")) {
    for (const v1::Measure& m : want.measures()) {
      const v1::Measure* have = FindMeasure(current, m.id());
      if (have == nullptr ||
          !Same(WithoutNotification(*have), WithoutNotification(m))) {
        *changed = true;
        if (options_.dry_run) return std::nullopt;
        v1::RecordMeasureRequest record;
        record.set_celex(want.celex());
        *record.mutable_measure() = WithoutNotification(m);
        v1::RecordMeasureResponse response;
        if (auto f =
                Write(stub, &v1::DossierService::Stub::RecordMeasure, record,
                      current.version(), "record measure", &response)) {
          return f;
        }
        apply(response.dossier());
        have = FindMeasure(current, m.id());
      }
      if (!m.notification_date().empty() && have != nullptr &&
          have->notification_date().empty()) {
        to_notify.push_back(&m);
      }
    }
  }
  // Notifications in date order, partial before full on the same day.
  std::sort(
      to_notify.begin(), to_notify.end(),
      [](const v1::Measure* a, const v1::Measure* b) {
        return std::make_pair(a->notification_date(), a->notification_scope()) <
               std::make_pair(b->notification_date(), b->notification_scope());
      });

  const bool has_status = r.Has("status");
  auto change = [&](v1::DossierStatus to) -> std::optional<Failure> {
    v1::ChangeDossierStatusRequest request;
    request.set_celex(want.celex());
    request.set_status(to);
    if (to == target) request.set_reason(want.status_reason());
    v1::ChangeDossierStatusResponse response;
    if (auto f = Write(stub, &v1::DossierService::Stub::ChangeDossierStatus,
                       request, current.version(),
                       absl::StrCat("change status to ", ShortName(to)),
                       &response)) {
      return f;
    }
    apply(response.dossier());
    return std::nullopt;
  };
  // Every notification the file holds, whatever the status it ends in (a
  // partially notified dossier may go back to drafting).
  if (!to_notify.empty()) {
    *changed = true;
    if (options_.dry_run) return std::nullopt;
    for (const v1::Measure* m : to_notify) {
      v1::NotifyMeasureRequest notify;
      notify.set_celex(want.celex());
      notify.set_measure_id(m->id());
      notify.set_notification_date(m->notification_date());
      notify.set_scope(m->notification_scope());
      v1::NotifyMeasureResponse response;
      if (auto f = Write(stub, &v1::DossierService::Stub::NotifyMeasure, notify,
                         current.version(), "notify measure", &response)) {
        return f;
      }
      apply(response.dossier());
    }
  }
  if (!has_status) return std::nullopt;
  // The moves of the lifecycle from the current status to the target.
  using S = v1::DossierStatus;
  for (int moves = 0; current.status() != target; ++moves) {
    *changed = true;
    if (options_.dry_run) return std::nullopt;
    const S from = current.status();
    std::optional<S> next;
    switch (target) {
      case v1::DOSSIER_STATUS_NOT_APPLICABLE:
        if (from == v1::DOSSIER_STATUS_REGISTERED ||
            from == v1::DOSSIER_STATUS_ASSIGNED ||
            from == v1::DOSSIER_STATUS_DRAFTING) {
          next = target;
        } else if (from == v1::DOSSIER_STATUS_PARTIALLY_NOTIFIED) {
          next = v1::DOSSIER_STATUS_DRAFTING;
        }
        break;
      case v1::DOSSIER_STATUS_REGISTERED:
        if (from == v1::DOSSIER_STATUS_NOT_APPLICABLE) next = target;
        break;
      case v1::DOSSIER_STATUS_DRAFTING:
        if (from == v1::DOSSIER_STATUS_ASSIGNED ||
            from == v1::DOSSIER_STATUS_PARTIALLY_NOTIFIED) {
          next = target;
        }
        break;
      case v1::DOSSIER_STATUS_ADOPTED:
        if (from == v1::DOSSIER_STATUS_ASSIGNED) {
          next = v1::DOSSIER_STATUS_DRAFTING;
        } else if (from == v1::DOSSIER_STATUS_DRAFTING ||
                   from == v1::DOSSIER_STATUS_PARTIALLY_NOTIFIED) {
          next = target;
        }
        break;
      case v1::DOSSIER_STATUS_CLOSED:
        if (from == v1::DOSSIER_STATUS_NOTIFIED) next = target;
        break;
      default:
        break;
    }
    if (!next || moves > 2) {
      return Failure{
          "status",
          absl::StrCat("the dossier is ", ShortName(from), " on the server: ",
                       "it cannot be brought to ", ShortName(target),
                       target == v1::DOSSIER_STATUS_ASSIGNED
                           ? " (give a lead_administration)"
                       : Notified(target)
                           ? " (give the measures and their notifications)"
                           : "")};
    }
    if (auto f = change(*next)) return f;
  }
  return std::nullopt;
}

}  // namespace transpo::clients
