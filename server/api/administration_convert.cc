#include "server/api/administration_convert.h"

#include "absl/strings/str_cat.h"
#include "server/api/enum_convert.h"
#include "server/api/values_convert.h"

namespace transpo::api {

domain::AdministrationInfo FromProto(const v1::Administration& in) {
  return {in.id(), in.name_nl(), in.name_fr()};
}

absl::StatusOr<domain::Correspondent> FromProto(const v1::Correspondent& in,
                                                absl::string_view field,
                                                bool language_required) {
  domain::Correspondent out{in.id(), in.name(), in.email(),
                            domain::Language::kDutch, in.active()};
  if (language_required || in.language() != v1::LANGUAGE_UNSPECIFIED) {
    auto language = FromProto(in.language(), absl::StrCat(field, ".language"));
    if (!language.ok()) return language.status();
    out.language = *language;
  }
  return out;
}

v1::Correspondent ToProto(const domain::Correspondent& in) {
  v1::Correspondent out;
  out.set_id(in.id);
  out.set_name(in.name);
  out.set_email(in.email);
  out.set_language(ToProto(in.language));
  out.set_active(in.active);
  return out;
}

v1::Administration ToProtoAdministration(
    const domain::AdministrationState& state) {
  v1::Administration out;
  out.set_id(state.info.id);
  out.set_name_nl(state.info.name_nl);
  out.set_name_fr(state.info.name_fr);
  for (const domain::Correspondent& c : state.correspondents) {
    *out.add_correspondents() = ToProto(c);
  }
  out.set_version(state.version);
  ToProtoAudit(state.created, state.changed, *out.mutable_audit());
  return out;
}

}  // namespace transpo::api
