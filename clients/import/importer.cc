#include "clients/import/importer.h"

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <variant>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "clients/enum_names.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "transpo/v1/administrations.grpc.pb.h"
#include "transpo/v1/court_cases.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"
#include "transpo/v1/infringements.grpc.pb.h"

namespace transpo::clients {
namespace {

using google::protobuf::util::MessageDifferencer;

enum class Outcome { kCreated, kUpdated, kUnchanged };

// An error of one record: the column it concerns and why.
struct Failure {
  std::string column;
  std::string reason;
  // The server's code; OK for a failure found by the importer itself.
  grpc::StatusCode code = grpc::StatusCode::OK;
  bool Unreachable() const {
    return code == grpc::StatusCode::UNAVAILABLE ||
           code == grpc::StatusCode::DEADLINE_EXCEEDED;
  }
};

using Result = std::variant<Outcome, Failure>;

// The column of the file a server's field violation points at.
std::string ColumnOf(absl::string_view field) {
  absl::string_view name = field;
  for (absl::string_view prefix :
       {"directive.", "dossier.", "administration.", "court_case."}) {
    absl::ConsumePrefix(&name, prefix);
  }
  if (absl::StartsWith(name, "measure")) return "measures";
  if (absl::StartsWith(name, "milestone")) return "milestones";
  if (absl::StartsWith(name, "stage") || absl::StartsWith(name, "procedure")) {
    return "procedures";
  }
  if (absl::StartsWith(name, "deadlines")) return "deadline";
  if (absl::StartsWith(name, "correspondents[")) return "correspondents";
  if (absl::StartsWith(name, "involved_administrations")) {
    return "involved_administrations";
  }
  if (name == "reason") return "status_reason";
  return std::string(name.substr(0, name.find('[')));
}

Failure FromGrpc(const grpc::Status& status, absl::string_view what) {
  Failure failure{"", absl::StrCat(what, ": ", status.error_message()),
                  status.error_code()};
  google::rpc::Status details;
  if (!status.error_details().empty() &&
      details.ParseFromString(status.error_details())) {
    for (const google::protobuf::Any& any : details.details()) {
      google::rpc::BadRequest bad;
      if (any.UnpackTo(&bad) && !bad.field_violations().empty()) {
        failure.column = ColumnOf(bad.field_violations(0).field());
      }
    }
  }
  return failure;
}

// FNV-1a, 64 bits: a stable digest for request ids (not a security measure).
uint64_t Fnv1a(absl::string_view data, uint64_t hash = 14695981039346656037u) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211u;
  }
  return hash;
}

bool Same(const google::protobuf::Message& a,
          const google::protobuf::Message& b) {
  return MessageDifferencer::Equals(a, b);
}

bool SameList(const google::protobuf::RepeatedPtrField<std::string>& a,
              const google::protobuf::RepeatedPtrField<std::string>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

bool Notified(v1::DossierStatus s) {
  return s == v1::DOSSIER_STATUS_PARTIALLY_NOTIFIED ||
         s == v1::DOSSIER_STATUS_NOTIFIED || s == v1::DOSSIER_STATUS_CLOSED;
}

v1::Measure WithoutNotification(v1::Measure m) {
  m.clear_notification_date();
  m.clear_notification_scope();
  return m;
}

const v1::Measure* FindMeasure(const v1::Dossier& d, const std::string& id) {
  for (const v1::Measure& m : d.measures()) {
    if (m.id() == id) return &m;
  }
  return nullptr;
}

}  // namespace

class Importer::Impl {
 public:
  Impl(const std::shared_ptr<grpc::Channel>& channel, ImportOptions options)
      : options_(std::move(options)),
        administrations_(v1::AdministrationService::NewStub(channel)),
        directives_(v1::DirectiveService::NewStub(channel)),
        dossiers_(v1::DossierService::NewStub(channel)),
        procedures_(v1::InfringementService::NewStub(channel)),
        court_cases_(v1::CourtCaseService::NewStub(channel)) {}

  ImportSummary Run(const ParsedFile& file);

 private:
  // create_only: a resource someone else changed last is left as it is;
  // one the importer itself wrote last (an earlier, interrupted run) is
  // brought to the file's state.
  bool LeaveAlone(const v1::Audit& audit) const {
    return options_.create_only && audit.updated_by() != options_.actor;
  }

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
    if (!options_.actor.empty()) {
      context->AddMetadata("transpo-actor", options_.actor);
    }
    return context;
  }

  template <typename Stub, typename Request, typename Response>
  grpc::Status Read(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*),
                    const Request& request, Response* response) {
    return (stub.*method)(Context().get(), request, response);
  }

  // A write over `version` (the resource's, as read; 0 for a creation),
  // expected by the server, with a request id derived from `step`, the
  // request and `version`; sent again with it while the server is
  // UNAVAILABLE.
  template <typename Stub, typename Request, typename Response>
  std::optional<Failure> Write(
      Stub& stub,
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      Request request, uint64_t version, absl::string_view step,
      Response* response) {
    if constexpr (requires { request.set_expected_version(version); }) {
      request.set_expected_version(version);
    }
    const uint64_t digest = Fnv1a(
        absl::StrCat(version), Fnv1a(request.SerializeAsString(), Fnv1a(step)));
    request.set_request_id(absl::StrFormat("import-%016x", digest));
    grpc::Status status;
    for (int attempt = 0; attempt < 3; ++attempt) {
      status = (stub.*method)(Context().get(), request, response);
      if (status.error_code() != grpc::StatusCode::UNAVAILABLE) break;
    }
    if (status.ok()) return std::nullopt;
    return FromGrpc(status, step);
  }

  Result Administration(const SourceRecord& r);
  Result Dossier(const SourceRecord& r);
  Result Procedure(const SourceRecord& r);
  Result CourtCase(const SourceRecord& r);
  std::optional<Failure> DossierChanges(const SourceRecord& r,
                                        v1::Dossier& current, bool* changed);
  std::vector<RowError> Check(const ParsedFile& file, bool* unreachable);
  // Marks a correspondent active or not; the administration as it is then
  // in `*after` (if not null).
  std::optional<Failure> SetActive(const std::string& administration,
                                   const std::string& id, bool active,
                                   v1::Administration* after);
  // Makes `id` active if one of `administrations` lists it as inactive, and
  // notes it in `reactivated`.
  std::optional<Failure> ReactivateIfInactive(
      const std::vector<std::string>& administrations, const std::string& id,
      std::vector<std::pair<std::string, std::string>>& reactivated);

  const ImportOptions options_;
  std::unique_ptr<v1::AdministrationService::Stub> administrations_;
  std::unique_ptr<v1::DirectiveService::Stub> directives_;
  std::unique_ptr<v1::DossierService::Stub> dossiers_;
  std::unique_ptr<v1::InfringementService::Stub> procedures_;
  std::unique_ptr<v1::CourtCaseService::Stub> court_cases_;
};

Result Importer::Impl::Administration(const SourceRecord& r) {
  const v1::Administration& want = r.record.administration();
  v1::GetAdministrationRequest get;
  get.set_id(want.id());
  v1::GetAdministrationResponse got;
  grpc::Status status =
      Read(*administrations_,
           &v1::AdministrationService::Stub::GetAdministration, get, &got);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    if (options_.dry_run) return Outcome::kCreated;
    v1::CreateAdministrationRequest create;
    v1::Administration& a = *create.mutable_administration();
    a.set_id(want.id());
    a.set_name_nl(want.name_nl());
    a.set_name_fr(want.name_fr());
    *a.mutable_correspondents() = want.correspondents();
    v1::CreateAdministrationResponse created;
    if (auto f = Write(*administrations_,
                       &v1::AdministrationService::Stub::CreateAdministration,
                       create, 0, "create administration", &created)) {
      return *f;
    }
    // Correspondents are created active: those who left are marked so.
    for (const v1::Correspondent& c : want.correspondents()) {
      if (c.active()) continue;
      if (auto f = SetActive(want.id(), c.id(), false, nullptr)) return *f;
    }
    return Outcome::kCreated;
  }
  if (!status.ok()) return FromGrpc(status, "read administration");
  if (LeaveAlone(got.administration().audit())) return Outcome::kUnchanged;
  v1::Administration current = got.administration();
  bool changed = false;
  v1::UpdateAdministrationRequest update;
  update.mutable_administration()->set_id(want.id());
  if (r.Has("name_nl") && current.name_nl() != want.name_nl()) {
    update.mutable_administration()->set_name_nl(want.name_nl());
    update.mutable_update_mask()->add_paths("name_nl");
  }
  if (r.Has("name_fr") && current.name_fr() != want.name_fr()) {
    update.mutable_administration()->set_name_fr(want.name_fr());
    update.mutable_update_mask()->add_paths("name_fr");
  }
  if (!update.update_mask().paths().empty()) {
    changed = true;
    if (!options_.dry_run) {
      v1::UpdateAdministrationResponse response;
      if (auto f = Write(*administrations_,
                         &v1::AdministrationService::Stub::UpdateAdministration,
                         update, current.version(), "update administration",
                         &response)) {
        return *f;
      }
      current = response.administration();
    }
  }
  v1::AdministrationService::Stub& stub = *administrations_;
  for (const v1::Correspondent& c : want.correspondents()) {
    const v1::Correspondent* have = nullptr;
    for (const v1::Correspondent& h : current.correspondents()) {
      if (h.id() == c.id()) have = &h;
    }
    if (have == nullptr) {
      changed = true;
      if (options_.dry_run) continue;
      v1::AddCorrespondentRequest add;
      add.set_administration_id(want.id());
      *add.mutable_correspondent() = c;
      v1::AddCorrespondentResponse response;
      if (auto f =
              Write(stub, &v1::AdministrationService::Stub::AddCorrespondent,
                    add, current.version(), "add correspondent", &response)) {
        return *f;
      }
      current = response.administration();
      if (!c.active()) {
        if (auto f = SetActive(want.id(), c.id(), false, &current)) return *f;
      }
      continue;
    }
    // The fields of the columns the file has, where they differ.
    v1::UpdateCorrespondentRequest update_c;
    update_c.set_administration_id(want.id());
    *update_c.mutable_correspondent() = c;
    auto& mask = *update_c.mutable_update_mask();
    if (r.Has(c.id(), "correspondent_name") && have->name() != c.name()) {
      mask.add_paths("name");
    }
    if (r.Has(c.id(), "email") && have->email() != c.email()) {
      mask.add_paths("email");
    }
    if (r.Has(c.id(), "language") && have->language() != c.language()) {
      mask.add_paths("language");
    }
    if (r.Has(c.id(), "active") && have->active() != c.active()) {
      mask.add_paths("active");
    }
    if (mask.paths().empty()) continue;
    changed = true;
    if (options_.dry_run) continue;
    v1::UpdateCorrespondentResponse response;
    if (auto f = Write(
            stub, &v1::AdministrationService::Stub::UpdateCorrespondent,
            update_c, current.version(), "update correspondent", &response)) {
      return *f;
    }
    current = response.administration();
  }
  return changed ? Outcome::kUpdated : Outcome::kUnchanged;
}

std::optional<Failure> Importer::Impl::SetActive(
    const std::string& administration, const std::string& id, bool active,
    v1::Administration* after) {
  v1::GetAdministrationRequest get;
  get.set_id(administration);
  v1::GetAdministrationResponse got;
  grpc::Status status =
      Read(*administrations_,
           &v1::AdministrationService::Stub::GetAdministration, get, &got);
  if (!status.ok()) return FromGrpc(status, "read administration");
  v1::UpdateCorrespondentRequest update;
  update.set_administration_id(administration);
  update.mutable_correspondent()->set_id(id);
  update.mutable_correspondent()->set_active(active);
  update.mutable_update_mask()->add_paths("active");
  v1::UpdateCorrespondentResponse response;
  std::optional<Failure> failure = Write(
      *administrations_, &v1::AdministrationService::Stub::UpdateCorrespondent,
      update, got.administration().version(),
      active ? "reactivate correspondent" : "deactivate correspondent",
      &response);
  if (!failure && after != nullptr) *after = response.administration();
  return failure;
}

std::optional<Failure> Importer::Impl::ReactivateIfInactive(
    const std::vector<std::string>& administrations, const std::string& id,
    std::vector<std::pair<std::string, std::string>>& reactivated) {
  for (const std::string& a : administrations) {
    if (a.empty()) continue;
    v1::GetAdministrationRequest get;
    get.set_id(a);
    v1::GetAdministrationResponse got;
    if (!Read(*administrations_,
              &v1::AdministrationService::Stub::GetAdministration, get, &got)
             .ok()) {
      continue;  // an unknown administration: the write will say so
    }
    for (const v1::Correspondent& c : got.administration().correspondents()) {
      if (c.id() != id) continue;
      if (c.active()) return std::nullopt;
      if (auto f = SetActive(a, id, true, nullptr)) return f;
      reactivated.emplace_back(a, id);
      return std::nullopt;
    }
  }
  return std::nullopt;
}

Result Importer::Impl::Dossier(const SourceRecord& r) {
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

std::optional<Failure> Importer::Impl::DossierChanges(const SourceRecord& r,
                                                      v1::Dossier& current,
                                                      bool* changed) {
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

Result Importer::Impl::Procedure(const SourceRecord& r) {
  const v1::InfringementProcedure& want = r.record.procedure();
  v1::InfringementService::Stub& stub = *procedures_;
  v1::GetProcedureRequest get;
  get.set_number(want.number());
  v1::GetProcedureResponse got;
  grpc::Status status =
      Read(stub, &v1::InfringementService::Stub::GetProcedure, get, &got);
  bool created = false;
  v1::InfringementProcedure current;
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    created = true;
    if (options_.dry_run) return Outcome::kCreated;
    v1::OpenProcedureRequest open;
    open.set_number(want.number());
    open.set_type(want.type());
    *open.mutable_celex() = want.celex();
    v1::OpenProcedureResponse response;
    if (auto f = Write(stub, &v1::InfringementService::Stub::OpenProcedure,
                       open, 0, "open procedure", &response)) {
      return *f;
    }
    current = response.procedure();
  } else if (!status.ok()) {
    return FromGrpc(status, "read procedure");
  } else if (LeaveAlone(got.procedure().audit())) {
    return Outcome::kUnchanged;
  } else {
    current = got.procedure();
  }
  bool changed = false;
  for (int i = 0; i < want.stages_size(); ++i) {
    v1::Stage stage = want.stages(i);
    const std::string reply = stage.reply_date();
    stage.clear_reply_date();
    if (i < current.stages_size()) {
      v1::Stage have = current.stages(i);
      const std::string had_reply = have.reply_date();
      have.clear_reply_date();
      // Left out, the reply due date is the server's default.
      if (stage.reply_due_date().empty()) have.clear_reply_due_date();
      if (!Same(have, stage)) {
        return Failure{
            "procedures",
            absl::StrCat("procedure ", want.number(), ": stage ", i + 1,
                         " differs from the server's (", have.date(),
                         "); stages are never rewritten")};
      }
      if (reply.empty() || !had_reply.empty()) continue;
    } else {
      changed = true;
      if (options_.dry_run) break;
      v1::RecordStageRequest record;
      record.set_number(want.number());
      *record.mutable_stage() = stage;
      v1::RecordStageResponse response;
      if (auto f =
              Write(stub, &v1::InfringementService::Stub::RecordStage, record,
                    current.version(), "record stage", &response)) {
        return *f;
      }
      current = response.procedure();
      if (reply.empty()) continue;
    }
    changed = true;
    if (options_.dry_run) break;
    v1::RecordReplyRequest record;
    record.set_number(want.number());
    record.set_stage(stage.kind());
    record.set_reply_date(reply);
    v1::RecordReplyResponse response;
    if (auto f = Write(stub, &v1::InfringementService::Stub::RecordReply,
                       record, current.version(), "record reply", &response)) {
      return *f;
    }
    current = response.procedure();
  }
  if (want.closed() && !current.closed()) {
    changed = true;
    if (!options_.dry_run) {
      v1::CloseProcedureRequest close;
      close.set_number(want.number());
      close.set_closure_date(want.closure_date());
      close.set_reason(want.closure_reason());
      v1::CloseProcedureResponse response;
      if (auto f =
              Write(stub, &v1::InfringementService::Stub::CloseProcedure, close,
                    current.version(), "close procedure", &response)) {
        return *f;
      }
    }
  }
  if (created) return Outcome::kCreated;
  return changed ? Outcome::kUpdated : Outcome::kUnchanged;
}

Result Importer::Impl::CourtCase(const SourceRecord& r) {
  const v1::CourtCase& want = r.record.court_case();
  v1::CourtCaseService::Stub& stub = *court_cases_;
  v1::GetCourtCaseRequest get;
  get.set_number(want.number());
  v1::GetCourtCaseResponse got;
  grpc::Status status =
      Read(stub, &v1::CourtCaseService::Stub::GetCourtCase, get, &got);
  bool created = false;
  v1::CourtCase current;
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    created = true;
    if (options_.dry_run) return Outcome::kCreated;
    v1::CreateCourtCaseRequest create;
    v1::CourtCase& c = *create.mutable_court_case();
    c.set_number(want.number());
    c.set_kind(want.kind());
    c.set_title(want.title());
    *c.mutable_celex() = want.celex();
    v1::CreateCourtCaseResponse response;
    if (auto f = Write(stub, &v1::CourtCaseService::Stub::CreateCourtCase,
                       create, 0, "create court case", &response)) {
      return *f;
    }
    current = response.court_case();
  } else if (!status.ok()) {
    return FromGrpc(status, "read court case");
  } else if (LeaveAlone(got.court_case().audit())) {
    return Outcome::kUnchanged;
  } else {
    current = got.court_case();
  }
  bool changed = false;
  for (const v1::CourtDeadline& deadline : want.deadlines()) {
    bool have = false;
    for (const v1::CourtDeadline& h : current.deadlines()) {
      have = have || Same(h, deadline);
    }
    if (have) continue;
    changed = true;
    if (options_.dry_run) break;
    v1::AddCourtDeadlineRequest add;
    add.set_number(want.number());
    *add.mutable_deadline() = deadline;
    v1::AddCourtDeadlineResponse response;
    if (auto f = Write(stub, &v1::CourtCaseService::Stub::AddCourtDeadline, add,
                       current.version(), "add court deadline", &response)) {
      return *f;
    }
    current = response.court_case();
  }
  if (created) return Outcome::kCreated;
  return changed ? Outcome::kUpdated : Outcome::kUnchanged;
}

// --atomic: the administrations dossiers name must be in the file or on
// the server.
std::vector<RowError> Importer::Impl::Check(const ParsedFile& file,
                                            bool* unreachable) {
  std::vector<RowError> errors = file.errors;
  std::set<std::string> known;
  for (const SourceRecord& r : file.records) {
    if (r.record.has_administration()) {
      known.insert(r.record.administration().id());
    }
  }
  std::map<std::string, bool> on_server;
  auto exists = [&](const std::string& id) {
    if (known.count(id) > 0) return true;
    auto [it, added] = on_server.emplace(id, false);
    if (added) {
      v1::GetAdministrationRequest get;
      get.set_id(id);
      v1::GetAdministrationResponse got;
      const grpc::Status status =
          Read(*administrations_,
               &v1::AdministrationService::Stub::GetAdministration, get, &got);
      it->second = status.ok();
      if (!status.ok() && status.error_code() != grpc::StatusCode::NOT_FOUND) {
        *unreachable = true;
        errors.push_back(
            {0, "", id, FromGrpc(status, "read administration").reason});
      }
    }
    return it->second;
  };
  for (const SourceRecord& r : file.records) {
    if (*unreachable) break;
    if (!r.record.has_dossier()) continue;
    const v1::Dossier& d = r.record.dossier().dossier();
    if (!d.lead_administration().empty() && !exists(d.lead_administration())) {
      errors.push_back({r.line, "lead_administration", d.lead_administration(),
                        "no such administration in the file or on the "
                        "server"});
    }
    for (const std::string& id : d.involved_administrations()) {
      if (!exists(id)) {
        errors.push_back({r.line, "involved_administrations", id,
                          "no such administration in the file or on the "
                          "server"});
      }
    }
  }
  std::sort(
      errors.begin(), errors.end(),
      [](const RowError& a, const RowError& b) { return a.line < b.line; });
  return errors;
}

ImportSummary Importer::Impl::Run(const ParsedFile& file) {
  ImportSummary summary;
  // Rows, not errors: a row may have several.
  auto rows = [](const std::vector<RowError>& errors) {
    std::set<int> lines;
    for (const RowError& e : errors) lines.insert(e.line);
    return static_cast<int>(lines.size());
  };
  if (options_.atomic) {
    summary.errors = Check(file, &summary.unreachable);
    if (summary.unreachable) return summary;
    if (!summary.errors.empty()) {
      summary.refused = true;
      summary.failed = rows(summary.errors);
      return summary;
    }
  } else {
    summary.errors = file.errors;
    summary.failed = rows(file.errors);
  }
  // Administrations, dossiers, procedures (each number once), court cases.
  std::vector<const SourceRecord*> order;
  for (int kind = 1; kind <= 4; ++kind) {
    std::set<std::string> procedures;
    for (const SourceRecord& r : file.records) {
      if (r.record.record_case() != kind) continue;
      if (r.record.has_procedure() &&
          !procedures.insert(r.record.procedure().number()).second) {
        continue;
      }
      order.push_back(&r);
    }
  }
  int done = 0;
  for (const SourceRecord* r : order) {
    Result outcome;
    std::string id;
    switch (r->record.record_case()) {
      case v1::ExportRecord::kAdministration:
        id = r->record.administration().id();
        outcome = Administration(*r);
        break;
      case v1::ExportRecord::kDossier:
        id = r->record.dossier().directive().celex();
        outcome = Dossier(*r);
        break;
      case v1::ExportRecord::kProcedure:
        id = r->record.procedure().number();
        outcome = Procedure(*r);
        break;
      case v1::ExportRecord::kCourtCase:
        id = r->record.court_case().number();
        outcome = CourtCase(*r);
        break;
      case v1::ExportRecord::RECORD_NOT_SET:
        continue;
    }
    std::string what;
    const Outcome* done_as = std::get_if<Outcome>(&outcome);
    if (done_as != nullptr) {
      switch (*done_as) {
        case Outcome::kCreated:
          ++summary.created;
          what = "created";
          break;
        case Outcome::kUpdated:
          ++summary.updated;
          what = "updated";
          break;
        case Outcome::kUnchanged:
          ++summary.unchanged;
          what = "unchanged";
          break;
      }
    } else {
      ++summary.failed;
      what = "failed";
      const Failure& f = std::get<Failure>(outcome);
      summary.errors.push_back({r->line, f.column, id, f.reason});
      summary.unreachable = f.Unreachable();
    }
    if (options_.record_done) options_.record_done(what, id);
    if (options_.progress) options_.progress(++done, order.size());
    if (done_as == nullptr && (options_.atomic || summary.unreachable)) {
      break;  // nothing more is written
    }
  }
  std::stable_sort(
      summary.errors.begin(), summary.errors.end(),
      [](const RowError& a, const RowError& b) { return a.line < b.line; });
  return summary;
}

Importer::Importer(const std::shared_ptr<grpc::Channel>& channel,
                   ImportOptions options)
    : impl_(std::make_unique<Impl>(channel, std::move(options))) {}

Importer::~Importer() = default;

ImportSummary Importer::Run(const ParsedFile& file) { return impl_->Run(file); }

}  // namespace transpo::clients
