#include "server/token_file.h"

#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "server/config.h"
#include "transpo/config/v1/token_file.pb.h"

namespace transpo {

absl::StatusOr<std::shared_ptr<const app::PrincipalDirectory>> ParseTokenFile(
    const std::string& name, const std::string& text) {
  const std::string label = absl::StrCat("token file ", name);
  config::v1::TokenFile file;
  absl::Status parsed = ParseTextProto(label, text, file);
  if (!parsed.ok()) return parsed;
  std::vector<app::PrincipalEntry> entries;
  for (int i = 0; i < file.principals_size(); ++i) {
    const config::v1::PrincipalConfig& in = file.principals(i);
    auto role = app::ParseRole(in.role());
    if (!role.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          label, ": principals[", i, "].role \"", in.role(),
          "\": expected coordinator, correspondent, viewer or service"));
    }
    entries.push_back(
        {.principal = {.id = in.id(),
                       .role = *role,
                       .administrations = {in.administrations().begin(),
                                           in.administrations().end()}},
         .token_sha256 = in.token_sha256(),
         .certificate_names = {in.certificate_names().begin(),
                               in.certificate_names().end()}});
  }
  if (entries.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        label,
        ": no principals (an empty file would refuse every caller; "
        "a file caught half-written is one)"));
  }
  auto directory = app::PrincipalDirectory::Create(std::move(entries));
  if (!directory.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(label, ": ", directory.status().message()));
  }
  return directory;
}

absl::StatusOr<std::shared_ptr<const app::PrincipalDirectory>> LoadTokenFile(
    const std::string& path) {
  auto text = ReadTextFile(absl::StrCat("token file ", path), path);
  if (!text.ok()) return text.status();
  return ParseTokenFile(path, *text);
}

std::string TokenFileEntry(const app::Principal& principal,
                           const std::string& token_sha256) {
  config::v1::TokenFile file;
  config::v1::PrincipalConfig* entry = file.add_principals();
  entry->set_id(principal.id);
  entry->set_role(std::string(app::RoleName(principal.role)));
  for (const std::string& a : principal.administrations) {
    entry->add_administrations(a);
  }
  entry->set_token_sha256(token_sha256);
  std::string text;
  google::protobuf::TextFormat::PrintToString(file, &text);
  return text;
}

}  // namespace transpo
