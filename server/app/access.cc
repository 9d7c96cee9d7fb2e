#include "server/app/access.h"

#include <algorithm>
#include <array>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace transpo::app {
namespace {

using enum Access;

// Every RPC of transpo.v1. Correspondents write dossiers (assignment of
// experts, milestones, ETA, delay cause, status, measures and notification)
// and acknowledge alerts; directives, procedures, court cases,
// administrations and the clock are the coordinator's. Services (the
// Alertmanager bridge, log consumers) read alerts, the administrations
// (whom alerts are mailed to), the clock and the event log.
constexpr std::array<std::pair<absl::string_view, Access>, 41> kTable = {{
    {"/transpo.v1.AdministrationService/CreateAdministration", kCoordinator},
    {"/transpo.v1.AdministrationService/GetAdministration", kReadWithServices},
    {"/transpo.v1.AdministrationService/ListAdministrations",
     kReadWithServices},
    {"/transpo.v1.AdministrationService/UpdateAdministration", kCoordinator},
    {"/transpo.v1.AdministrationService/AddCorrespondent", kCoordinator},
    {"/transpo.v1.AdministrationService/UpdateCorrespondent", kCoordinator},
    {"/transpo.v1.AlertService/GetAlertPolicy", kReadWithServices},
    {"/transpo.v1.AlertService/ListAlerts", kReadWithServices},
    {"/transpo.v1.AlertService/AcknowledgeAlert", kScopedWrite},
    {"/transpo.v1.AlertService/ForecastAlerts", kRead},
    {"/transpo.v1.AlertService/WatchAlerts", kReadWithServices},
    {"/transpo.v1.ClockService/GetTime", kReadWithServices},
    {"/transpo.v1.ClockService/SetTime", kCoordinator},
    {"/transpo.v1.CourtCaseService/CreateCourtCase", kCoordinator},
    {"/transpo.v1.CourtCaseService/GetCourtCase", kRead},
    {"/transpo.v1.CourtCaseService/ListCourtCases", kRead},
    {"/transpo.v1.CourtCaseService/AddCourtDeadline", kCoordinator},
    {"/transpo.v1.DirectiveService/CreateDirective", kCoordinator},
    {"/transpo.v1.DirectiveService/GetDirective", kRead},
    {"/transpo.v1.DirectiveService/ListDirectives", kRead},
    {"/transpo.v1.DirectiveService/UpdateDirective", kCoordinator},
    {"/transpo.v1.DossierService/GetDossier", kRead},
    {"/transpo.v1.DossierService/ListDossiers", kRead},
    {"/transpo.v1.DossierService/UpdateDossier", kScopedWrite},
    {"/transpo.v1.DossierService/AssignDossier", kScopedWrite},
    {"/transpo.v1.DossierService/ChangeDossierStatus", kScopedWrite},
    {"/transpo.v1.DossierService/SetMilestone", kScopedWrite},
    {"/transpo.v1.DossierService/RecordMeasure", kScopedWrite},
    {"/transpo.v1.DossierService/NotifyMeasure", kScopedWrite},
    {"/transpo.v1.EventLogService/ReadEvents", kReadWithServices},
    {"/transpo.v1.EventLogService/ReadStream", kReadWithServices},
    {"/transpo.v1.EventLogService/Subscribe", kReadWithServices},
    {"/transpo.v1.InfringementService/OpenProcedure", kCoordinator},
    {"/transpo.v1.InfringementService/GetProcedure", kRead},
    {"/transpo.v1.InfringementService/ListProcedures", kRead},
    {"/transpo.v1.InfringementService/RecordStage", kCoordinator},
    {"/transpo.v1.InfringementService/RecordReply", kCoordinator},
    {"/transpo.v1.InfringementService/CloseProcedure", kCoordinator},
    {"/transpo.v1.ReportService/GetNote", kRead},
    {"/transpo.v1.ReportService/GetYearlyReport", kRead},
    {"/transpo.v1.ServerService/GetServerInfo", kReadWithServices},
}};

absl::string_view Needs(Access access) {
  switch (access) {
    case kRead:
      return "coordinator, correspondent or viewer";
    case kReadWithServices:
      return "coordinator, correspondent, viewer or service";
    case kScopedWrite:
      return "coordinator or correspondent";
    case kCoordinator:
      return "coordinator";
  }
  return "coordinator";
}

}  // namespace

absl::Span<const std::pair<absl::string_view, Access>> AccessTable() {
  return kTable;
}

bool Allows(Access access, Role role) {
  switch (access) {
    case kRead:
      return role != Role::kService;
    case kReadWithServices:
      return true;
    case kScopedWrite:
      return role == Role::kCoordinator || role == Role::kCorrespondent;
    case kCoordinator:
      return role == Role::kCoordinator;
  }
  return false;
}

absl::Status Authorize(const Principal& principal, absl::string_view method) {
  // Built once from kTable: a lookup per call, not a scan.
  static const auto* const rules =
      new absl::flat_hash_map<absl::string_view, Access>(kTable.begin(),
                                                         kTable.end());
  auto rule = rules->find(method);
  if (rule == rules->end()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "principal \"", principal.id, "\" (", RoleName(principal.role),
        ") may not call ", method, ": no access rule names it"));
  }
  if (Allows(rule->second, principal.role)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "principal \"", principal.id, "\" (", RoleName(principal.role),
      ") may not call ", method, ": it needs the role ", Needs(rule->second)));
}

absl::StatusOr<std::vector<std::string>> AlertScope(
    const Principal& principal, const std::string& requested) {
  std::vector<std::string> wanted;
  if (!requested.empty()) wanted.push_back(requested);
  auto scope = principal.scope();
  if (!scope.has_value()) return wanted;
  if (requested.empty()) return *scope;
  if (std::find(scope->begin(), scope->end(), requested) != scope->end()) {
    return wanted;
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "principal \"", principal.id, "\" (correspondent of ",
      absl::StrJoin(*scope, ", "),
      ") may not see the alerts of administration \"", requested, "\""));
}

absl::Status OutOfScopeError(const std::string& principal,
                             const std::vector<std::string>& scope,
                             absl::string_view what,
                             const std::vector<std::string>& administrations) {
  return absl::PermissionDeniedError(absl::StrCat(
      "principal \"", principal, "\" (correspondent of ",
      absl::StrJoin(scope, ", "), ") may not write ", what, ": it concerns ",
      administrations.empty() ? "no administration"
                              : absl::StrJoin(administrations, ", "),
      "; only the coordinator may"));
}

}  // namespace transpo::app
