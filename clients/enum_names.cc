#include "clients/enum_names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace transpo::clients {
namespace {

// "DossierStatus" -> "DOSSIER_STATUS_".
std::string Prefix(const google::protobuf::EnumDescriptor* type) {
  std::string prefix;
  const std::string& name = type->name();
  for (size_t i = 0; i < name.size(); ++i) {
    if (i > 0 && absl::ascii_isupper(name[i])) prefix.push_back('_');
    prefix.push_back(absl::ascii_toupper(name[i]));
  }
  return prefix + "_";
}

}  // namespace

std::string ShortEnumName(const google::protobuf::EnumDescriptor* type,
                          int number) {
  const auto* value = type->FindValueByNumber(number);
  if (value == nullptr) return "";
  absl::string_view name = value->name();
  absl::ConsumePrefix(&name, Prefix(type));
  return absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
}

std::optional<int> ParseEnumName(const google::protobuf::EnumDescriptor* type,
                                 absl::string_view text) {
  const std::string prefix = Prefix(type);
  std::string name = absl::StrReplaceAll(
      absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text)), {{"-", "_"}});
  if (!absl::StartsWith(name, prefix)) name = prefix + name;
  const auto* value = type->FindValueByName(name);
  if (value == nullptr || value->number() == 0) return std::nullopt;
  return value->number();
}

std::string EnumValues(const google::protobuf::EnumDescriptor* type) {
  std::string values;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() == 0) continue;
    absl::StrAppend(&values, values.empty() ? "" : ", ",
                    ShortEnumName(type, type->value(i)->number()));
  }
  return values;
}

}  // namespace transpo::clients
