#include "server/domain/dossier_people.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/domain/field_error.h"

namespace transpo::domain {
namespace {

absl::StatusOr<std::optional<AdministrationState>> Find(
    const FindAdministration& find, const std::string& id) {
  if (!find) return std::nullopt;
  return find(id);
}

// The administration `id` named by `field`: NotFound-as-InvalidArgument if
// the directory has none.
absl::StatusOr<AdministrationState> Known(const FindAdministration& find,
                                          const std::string& field,
                                          const std::string& id) {
  auto found = Find(find, id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return FieldError(field, id,
                      "no such administration (ids: ListAdministrations)");
  }
  return **std::move(found);
}

}  // namespace

absl::Status CheckPeopleIds(const DossierInfo& dossier,
                            const std::set<std::string>& fields,
                            const FindAdministration& find) {
  const bool lead = fields.contains("lead_administration");
  const bool involved = fields.contains("involved_administrations");
  const bool correspondents = fields.contains("correspondents");
  if (lead && !dossier.lead_administration.empty()) {
    auto known =
        Known(find, "dossier.lead_administration", dossier.lead_administration);
    if (!known.ok()) return known.status();
  }
  if (involved) {
    for (size_t i = 0; i < dossier.involved_administrations.size(); ++i) {
      auto known =
          Known(find, absl::StrCat("dossier.involved_administrations[", i, "]"),
                dossier.involved_administrations[i]);
      if (!known.ok()) return known.status();
    }
  }
  if (!correspondents || dossier.correspondents.empty()) {
    return absl::OkStatus();
  }
  // The dossier's administrations as the directory has them (a legacy
  // free-text name has no correspondents).
  std::vector<std::string> ids = dossier.involved_administrations;
  if (!dossier.lead_administration.empty()) {
    ids.insert(ids.begin(), dossier.lead_administration);
  }
  std::vector<AdministrationState> administrations;
  for (const std::string& id : ids) {
    auto found = Find(find, id);
    if (!found.ok()) return found.status();
    if (found->has_value()) administrations.push_back(**std::move(found));
  }
  for (size_t i = 0; i < dossier.correspondents.size(); ++i) {
    const std::string& id = dossier.correspondents[i];
    const std::string field = absl::StrCat("dossier.correspondents[", i, "]");
    const Correspondent* match = nullptr;
    for (const AdministrationState& a : administrations) {
      match = a.FindCorrespondent(id);
      if (match != nullptr) break;
    }
    if (match == nullptr) {
      return FieldError(
          field, id,
          absl::StrCat("not a correspondent of the dossier's administrations (",
                       ids.empty() ? "none" : absl::StrJoin(ids, ", "), ")"));
    }
    if (!match->active) {
      return FieldError(field, id, "an inactive correspondent");
    }
  }
  return absl::OkStatus();
}

}  // namespace transpo::domain
