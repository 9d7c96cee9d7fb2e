#include "server/domain/administration.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/domain/checks.h"
#include "server/domain/field_error.h"
#include "server/domain/limits.h"

namespace transpo::domain {
namespace {

bool IsLowerAlnum(char ch) {
  return absl::ascii_islower(ch) || absl::ascii_isdigit(ch);
}

absl::Status CheckEmail(absl::string_view field, const std::string& email) {
  const size_t at = email.find('@');
  const bool well_formed =
      at != std::string::npos && at > 0 &&
      email.find('@', at + 1) == std::string::npos &&
      email.find('.', at + 2) != std::string::npos && email.back() != '.' &&
      std::none_of(email.begin(), email.end(), [](char ch) {
        return absl::ascii_isspace(ch) || absl::ascii_iscntrl(ch);
      });
  if (email.size() > kMaxEmailBytes || !well_formed) {
    return FieldError(field, email,
                      "not an e-mail address (local@domain.tld, at most 254 "
                      "bytes)");
  }
  return absl::OkStatus();
}

absl::Status CheckInfo(const AdministrationInfo& info) {
  absl::Status s =
      CheckText("administration.name_nl", info.name_nl, true, kMaxNameBytes);
  if (s.ok()) {
    s = CheckText("administration.name_fr", info.name_fr, true, kMaxNameBytes);
  }
  return s;
}

// `field`: where the correspondent is in the request ("correspondent",
// "administration.correspondents[2]").
absl::Status CheckCorrespondent(absl::string_view field,
                                const Correspondent& c) {
  absl::Status s = ValidateCorrespondentId(absl::StrCat(field, ".id"), c.id);
  if (s.ok()) {
    s = CheckText(absl::StrCat(field, ".name"), c.name, true, kMaxNameBytes);
  }
  if (s.ok()) s = CheckEmail(absl::StrCat(field, ".email"), c.email);
  return s;
}

absl::Status Full(const AdministrationState& state, size_t adding) {
  if (state.correspondents.size() + adding > kMaxCorrespondents) {
    return FieldError(
        "correspondent",
        absl::StrCat("administration ", state.info.id, " would have ",
                     state.correspondents.size() + adding,
                     " correspondents, at most ", kMaxCorrespondents));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AdministrationEvent>> Register(
    const AdministrationState& state, const RegisterAdministration& c) {
  if (state.exists()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "administration ", state.info.id, " is already registered"));
  }
  absl::Status s = ValidateAdministrationId("administration.id", c.info.id);
  if (s.ok()) s = CheckInfo(c.info);
  if (s.ok()) {
    s = CheckCount("administration.correspondents", c.correspondents.size(),
                   kMaxCorrespondents);
  }
  if (!s.ok()) return s;
  std::vector<AdministrationEvent> events{AdministrationRegistered{c.info}};
  std::set<std::string> ids;
  for (size_t i = 0; i < c.correspondents.size(); ++i) {
    const std::string field =
        absl::StrCat("administration.correspondents[", i, "]");
    s = CheckCorrespondent(field, c.correspondents[i]);
    if (!s.ok()) return s;
    if (!ids.insert(c.correspondents[i].id).second) {
      return FieldError(absl::StrCat(field, ".id"), c.correspondents[i].id,
                        "listed twice");
    }
    events.push_back(CorrespondentAdded{c.correspondents[i]});
  }
  return events;
}

absl::StatusOr<std::vector<AdministrationEvent>> Update(
    const AdministrationState& state, const UpdateAdministration& c) {
  absl::Status s = CheckMask(c.fields, {"name_nl", "name_fr"}, "id");
  if (!s.ok()) return s;
  AdministrationInfo next = state.info;
  if (c.fields.contains("name_nl")) next.name_nl = c.info.name_nl;
  if (c.fields.contains("name_fr")) next.name_fr = c.info.name_fr;
  s = CheckInfo(next);
  if (!s.ok()) return s;
  return std::vector<AdministrationEvent>{AdministrationUpdated{next}};
}

absl::StatusOr<std::vector<AdministrationEvent>> Add(
    const AdministrationState& state, const AddCorrespondent& c) {
  absl::Status s = CheckCorrespondent("correspondent", c.correspondent);
  if (!s.ok()) return s;
  if (state.FindCorrespondent(c.correspondent.id) != nullptr) {
    return absl::AlreadyExistsError(
        absl::StrCat("administration ", state.info.id,
                     " already has correspondent ", c.correspondent.id));
  }
  s = Full(state, 1);
  if (!s.ok()) return s;
  return std::vector<AdministrationEvent>{CorrespondentAdded{c.correspondent}};
}

absl::StatusOr<std::vector<AdministrationEvent>> Update(
    const AdministrationState& state, const UpdateCorrespondent& c) {
  absl::Status s =
      ValidateCorrespondentId("correspondent.id", c.correspondent.id);
  if (!s.ok()) return s;
  const Correspondent* current = state.FindCorrespondent(c.correspondent.id);
  if (current == nullptr) {
    return absl::NotFoundError(absl::StrCat("administration ", state.info.id,
                                            " has no correspondent ",
                                            c.correspondent.id));
  }
  s = CheckMask(c.fields, {"name", "email", "language", "active"}, "id");
  if (!s.ok()) return s;
  Correspondent next = *current;
  const Correspondent& in = c.correspondent;
  if (c.fields.contains("name")) next.name = in.name;
  if (c.fields.contains("email")) next.email = in.email;
  if (c.fields.contains("language")) next.language = in.language;
  if (c.fields.contains("active")) next.active = in.active;
  s = CheckCorrespondent("correspondent", next);
  if (!s.ok()) return s;
  return std::vector<AdministrationEvent>{CorrespondentUpdated{next}};
}

}  // namespace

const char* LanguageCode(Language language) {
  return language == Language::kFrench ? "fr" : "nl";
}

const Correspondent* AdministrationState::FindCorrespondent(
    absl::string_view id) const {
  for (const Correspondent& c : correspondents) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

absl::Status ValidateAdministrationId(absl::string_view field,
                                      absl::string_view id) {
  if (id.size() < 2 || id.size() > 32 || !absl::ascii_islower(id[0]) ||
      !std::all_of(id.begin(), id.end(),
                   [](char ch) { return IsLowerAlnum(ch) || ch == '-'; })) {
    return FieldError(field, id,
                      "not an administration id (2 to 32 lower-case letters, "
                      "digits or '-', from a letter, e.g. \"bee\")");
  }
  return absl::OkStatus();
}

absl::Status ValidateCorrespondentId(absl::string_view field,
                                     absl::string_view id) {
  if (id.empty() || id.size() > 64 || !IsLowerAlnum(id[0]) ||
      !std::all_of(id.begin(), id.end(), [](char ch) {
        return IsLowerAlnum(ch) || ch == '.' || ch == '_' || ch == '-';
      })) {
    return FieldError(field, id,
                      "not a correspondent id (1 to 64 lower-case letters, "
                      "digits, '.', '_' or '-', e.g. \"a.janssens\")");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AdministrationEvent>> Decide(
    const AdministrationState& state, const AdministrationCommand& command) {
  if (const auto* c = std::get_if<RegisterAdministration>(&command)) {
    return Register(state, *c);
  }
  if (!state.exists()) return absl::NotFoundError("administration not found");
  if (const auto* c = std::get_if<UpdateAdministration>(&command)) {
    return Update(state, *c);
  }
  if (const auto* c = std::get_if<AddCorrespondent>(&command)) {
    return Add(state, *c);
  }
  return Update(state, std::get<UpdateCorrespondent>(command));
}

void Apply(AdministrationState& state, const AdministrationEvent& event,
           const Change& change) {
  ++state.version;
  state.changed = change;
  if (const auto* e = std::get_if<AdministrationRegistered>(&event)) {
    state.info = e->info;
    state.created = change;
  } else if (const auto* e = std::get_if<AdministrationUpdated>(&event)) {
    state.info = e->info;
  } else if (const auto* e = std::get_if<CorrespondentAdded>(&event)) {
    state.correspondents.push_back(e->correspondent);
  } else {
    const Correspondent& c =
        std::get<CorrespondentUpdated>(event).correspondent;
    for (Correspondent& current : state.correspondents) {
      if (current.id == c.id) current = c;
    }
  }
}

}  // namespace transpo::domain
