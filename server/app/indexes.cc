#include "server/app/indexes.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace transpo::app {
namespace {

// Big-endian: keys of versions sort in version order.
std::string BigEndian64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::string Joined(absl::string_view name, absl::string_view id) {
  std::string key(name);
  key.push_back('\0');
  key.append(id.data(), id.size());
  return key;
}

}  // namespace

std::vector<std::string> IndexFamilies() {
  return {
      kDossiersByStatus,   kDossiersByAdministration, kDossiersByArea,
      kDossiersByDeadline, kDossiersByOpenDeadline,   kProceduresByCelexFamily,
      kProceduresOpen,     kProceduresOpenByStage,    kAlertsOpen,
      kRowVersions};
}

bool IndexRow::operator<(const IndexRow& other) const {
  const int families = std::strcmp(family, other.family);
  if (families != 0) return families < 0;
  return key < other.key;
}

bool IndexRow::operator==(const IndexRow& other) const {
  return std::strcmp(family, other.family) == 0 && key == other.key;
}

std::string DateKey(absl::CivilDay day) {
  return absl::StrFormat("%04d%02d%02d", day.year(), day.month(), day.day());
}

char StatusKey(domain::DossierStatus status) {
  return static_cast<char>('1' + static_cast<int>(status));
}

char StageKey(domain::StageKind kind) {
  return static_cast<char>('1' + static_cast<int>(kind));
}

char StageKey(const domain::ProcedureState& state) {
  const domain::Stage* stage = domain::CurrentStage(state);
  return stage == nullptr ? '0' : StageKey(stage->kind);
}

std::string VersionPrefix(char tag, absl::string_view id) {
  std::string key(1, tag);
  key.append(id.data(), id.size());
  key.push_back('\0');
  return key;
}

std::string VersionKey(char tag, absl::string_view id, uint64_t version) {
  return VersionPrefix(tag, id) + BigEndian64(version);
}

absl::string_view VersionKeyId(absl::string_view key) {
  if (key.size() < 10) return {};
  return key.substr(1, key.size() - 10);
}

std::vector<IndexRow> IndexRows(const domain::DirectiveState& s) {
  std::vector<IndexRow> rows;
  if (!s.exists()) return rows;
  const std::string& celex = s.directive.celex;
  rows.push_back({kDossiersByStatus, StatusKey(s.status) + celex});
  std::vector<std::string> administrations = s.dossier.involved_administrations;
  if (!s.dossier.lead_administration.empty()) {
    administrations.push_back(s.dossier.lead_administration);
  }
  for (const std::string& administration : administrations) {
    rows.push_back({kDossiersByAdministration, Joined(administration, celex)});
  }
  if (!s.directive.policy_area.empty()) {
    rows.push_back({kDossiersByArea, Joined(s.directive.policy_area, celex)});
  }
  for (const domain::TranspositionDeadline& d : s.directive.deadlines) {
    rows.push_back({kDossiersByDeadline, DateKey(d.date) + celex});
  }
  if (!domain::IsTransposed(s.status) && !s.directive.deadlines.empty()) {
    rows.push_back({kDossiersByOpenDeadline,
                    DateKey(domain::FirstDeadline(s.directive)) + celex});
  }
  return rows;
}

std::vector<IndexRow> IndexRows(const domain::ProcedureState& s) {
  std::vector<IndexRow> rows;
  if (!s.exists()) return rows;
  for (const std::string& celex : s.celex) {
    rows.push_back({kProceduresByCelexFamily, celex + s.number});
  }
  if (!s.closed()) {
    rows.push_back({kProceduresOpen, s.number});
    rows.push_back({kProceduresOpenByStage, StageKey(s) + s.number});
  }
  return rows;
}

std::vector<IndexRow> IndexRows(const domain::CourtCaseState& s) { return {}; }
std::vector<IndexRow> IndexRows(const domain::AdministrationState& s) {
  return {};
}

std::vector<IndexRow> IndexRows(const domain::DeadlineAlertsState& s) {
  if (!s.open()) return {};
  return {{kAlertsOpen, domain::DeadlineAlertsId(s.deadline)}};
}

void AppendIndexWrites(std::vector<IndexRow> before,
                       std::vector<IndexRow> after,
                       std::vector<ProjectionWrite>& out) {
  std::sort(before.begin(), before.end());
  before.erase(std::unique(before.begin(), before.end()), before.end());
  std::sort(after.begin(), after.end());
  after.erase(std::unique(after.begin(), after.end()), after.end());
  std::vector<IndexRow> gone, added;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(gone));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  for (IndexRow& row : gone) {
    out.push_back({row.family, std::move(row.key), std::nullopt});
  }
  for (IndexRow& row : added) {
    out.push_back({row.family, std::move(row.key), std::string()});
  }
}

}  // namespace transpo::app
