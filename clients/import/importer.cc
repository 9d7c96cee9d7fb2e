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
#include "absl/strings/strip.h"
#include "clients/import/importer_impl.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace transpo::clients {
namespace import_detail {

using google::protobuf::util::MessageDifferencer;

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

uint64_t Fnv1a(absl::string_view data, uint64_t hash) {
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

}  // namespace import_detail

using import_detail::FromGrpc;

std::optional<Importer::Impl::Failure> Importer::Impl::SetActive(
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

std::optional<Importer::Impl::Failure> Importer::Impl::ReactivateIfInactive(
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
