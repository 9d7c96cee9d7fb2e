// The directory of who receives alerts: the Region's administrations (a
// stable id such as "bee", names in Dutch and French) and, in each, its
// correspondents (id, name, e-mail, language, active or not). One aggregate
// per administration; its correspondents live in it. Dossiers name
// administrations and correspondents by these ids (dossier_people.h).
//
// Decide/Apply follow directive.h. Errors: InvalidArgument (FieldError),
// AlreadyExists, NotFound.
//
// Ids: an administration's is 2 to 32 lower-case letters, digits or '-',
// starting with a letter ("bee", "brussels-environment"); a correspondent's
// is 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a
// letter or digit, unique in its administration ("a.janssens").
//
// Thread-safety: plain values and pure functions.
//
// Example:
//   AdministrationState state;
//   auto events = Decide(state, RegisterAdministration{info, {}});
//   for (const auto& e : *events) Apply(state, e, change);

#ifndef TRANSPO_SERVER_DOMAIN_ADMINISTRATION_H_
#define TRANSPO_SERVER_DOMAIN_ADMINISTRATION_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/change.h"

namespace transpo::domain {

enum class Language { kDutch, kFrench };
const char* LanguageCode(Language language);  // "nl", "fr"

struct Correspondent {
  std::string id;
  std::string name;
  std::string email;
  Language language = Language::kDutch;
  bool active = true;
};

struct AdministrationInfo {
  std::string id;
  std::string name_nl;
  std::string name_fr;
};

struct AdministrationState {
  uint64_t version = 0;  // 0: the administration does not exist
  AdministrationInfo info;
  std::vector<Correspondent> correspondents;  // in the order added
  Change created;
  Change changed;

  bool exists() const { return version > 0; }
  // nullptr if the administration has no correspondent `id`.
  const Correspondent* FindCorrespondent(absl::string_view id) const;
};

// Commands. Update commands carry the fields to change (names as in the API:
// "name_nl", "name_fr"; "name", "email", "language", "active").
struct RegisterAdministration {
  AdministrationInfo info;
  std::vector<Correspondent> correspondents;  // at most kMaxCorrespondents
};
struct UpdateAdministration {
  AdministrationInfo info;
  std::set<std::string> fields;
};
struct AddCorrespondent {
  Correspondent correspondent;
};
struct UpdateCorrespondent {
  Correspondent correspondent;  // the id says which
  std::set<std::string> fields;
};
using AdministrationCommand =
    std::variant<RegisterAdministration, UpdateAdministration, AddCorrespondent,
                 UpdateCorrespondent>;

struct AdministrationRegistered {
  AdministrationInfo info;
};
struct AdministrationUpdated {
  AdministrationInfo info;  // the whole new value
};
struct CorrespondentAdded {
  Correspondent correspondent;
};
struct CorrespondentUpdated {
  Correspondent correspondent;  // the whole new value
};
using AdministrationEvent =
    std::variant<AdministrationRegistered, AdministrationUpdated,
                 CorrespondentAdded, CorrespondentUpdated>;

absl::StatusOr<std::vector<AdministrationEvent>> Decide(
    const AdministrationState& state, const AdministrationCommand& command);
void Apply(AdministrationState& state, const AdministrationEvent& event,
           const Change& change);

// Reads the directory: the administration `id`, nullopt if there is none, an
// error if it cannot be read.
using FindAdministration =
    std::function<absl::StatusOr<std::optional<AdministrationState>>(
        const std::string& id)>;

// OkStatus or a FieldError naming `field` and the text.
absl::Status ValidateAdministrationId(absl::string_view field,
                                      absl::string_view id);
absl::Status ValidateCorrespondentId(absl::string_view field,
                                     absl::string_view id);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_ADMINISTRATION_H_
