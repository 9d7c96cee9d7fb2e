#include "server/app/stored_administration.h"

#include "absl/strings/str_cat.h"

namespace transpo::app {

stored::AdministrationFacts ToStored(const domain::AdministrationInfo& in) {
  stored::AdministrationFacts out;
  out.set_id(in.id);
  out.set_name_nl(in.name_nl);
  out.set_name_fr(in.name_fr);
  return out;
}

domain::AdministrationInfo FromStored(const stored::AdministrationFacts& in) {
  return {in.id(), in.name_nl(), in.name_fr()};
}

stored::Correspondent ToStored(const domain::Correspondent& in) {
  stored::Correspondent out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_email(in.email);
  switch (in.language) {
    case domain::Language::kDutch:
      out.set_language(stored::LANGUAGE_NL);
      break;
    case domain::Language::kFrench:
      out.set_language(stored::LANGUAGE_FR);
      break;
  }
  out.set_active(in.active);
  return out;
}

absl::StatusOr<domain::Correspondent> FromStored(
    const stored::Correspondent& in) {
  domain::Correspondent out{in.id(), in.name(), in.email(),
                            domain::Language::kDutch, in.active()};
  switch (in.language()) {
    case stored::LANGUAGE_NL:
      break;
    case stored::LANGUAGE_FR:
      out.language = domain::Language::kFrench;
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          "stored language ", in.language(), ": not a known value"));
  }
  return out;
}

}  // namespace transpo::app
