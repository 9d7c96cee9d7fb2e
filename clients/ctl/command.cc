#include "clients/ctl/command.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "clients/ctl/render.h"

namespace transpo::ctl {

CLI::App* AddCommand(CLI::App& parent, const std::string& name,
                     const std::string& description,
                     const std::string& example) {
  CLI::App* command = parent.add_subcommand(name, description);
  command->footer(absl::StrCat("\nExample:\n", example));
  return command;
}

std::string EnumValues(const google::protobuf::EnumDescriptor* type) {
  const std::string prefix = EnumPrefix(type->name());
  std::string values;
  for (int i = 1; i < type->value_count(); ++i) {
    absl::StrAppend(&values, i > 1 ? ", " : "",
                    ShortEnumName(type->value(i)->name(), prefix));
  }
  return values;
}

std::optional<int> ParseEnum(Session& session, absl::string_view flag,
                             const google::protobuf::EnumDescriptor* type,
                             absl::string_view text) {
  const std::string prefix = EnumPrefix(type->name());
  std::string name = absl::StrReplaceAll(
      absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text)), {{"-", "_"}});
  if (!absl::StartsWith(name, prefix)) name = prefix + name;
  const auto* value = type->FindValueByName(name);
  if (value == nullptr || value->number() == 0) {
    session.Fail(kUsage, absl::StrCat(flag, " \"", text, "\": want one of ",
                                      EnumValues(type)));
    return std::nullopt;
  }
  return value->number();
}

}  // namespace transpo::ctl
