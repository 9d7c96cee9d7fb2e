#include "clients/ctl/command.h"

#include "absl/strings/str_cat.h"
#include "clients/enum_names.h"

namespace transpo::ctl {

CLI::App* AddCommand(CLI::App& parent, const std::string& name,
                     const std::string& description,
                     const std::string& example) {
  CLI::App* command = parent.add_subcommand(name, description);
  command->footer(absl::StrCat("\nExample:\n", example));
  return command;
}

std::optional<int> ParseEnum(Session& session, absl::string_view flag,
                             const google::protobuf::EnumDescriptor* type,
                             absl::string_view text) {
  std::optional<int> number = clients::ParseEnumName(type, text);
  if (!number) {
    session.Fail(kUsage, absl::StrCat(flag, " \"", text, "\": want one of ",
                                      clients::EnumValues(type)));
  }
  return number;
}

}  // namespace transpo::ctl
