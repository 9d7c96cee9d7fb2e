// Enum values as people write them: "partially-notified" for
// DOSSIER_STATUS_PARTIALLY_NOTIFIED (lower case, '-' for '_', without the
// prefix that the enum's type name gives), in transpoctl's flags and tables
// and in the CSV files it imports and exports.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_CLIENTS_ENUM_NAMES_H_
#define TRANSPO_CLIENTS_ENUM_NAMES_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace transpo::clients {

// "partially-notified"; "" for a number the enum does not have.
std::string ShortEnumName(const google::protobuf::EnumDescriptor* type,
                          int number);

template <typename Enum>
std::string ShortName(Enum value) {
  return ShortEnumName(google::protobuf::GetEnumDescriptor<Enum>(),
                       static_cast<int>(value));
}

// The number of "partially-notified", "PARTIALLY_NOTIFIED" or
// "DOSSIER_STATUS_PARTIALLY_NOTIFIED" (spaces around ignored); nullopt for
// anything else and for the unspecified value (0).
std::optional<int> ParseEnumName(const google::protobuf::EnumDescriptor* type,
                                 absl::string_view text);

// The accepted values, "registered, assigned, ...".
std::string EnumValues(const google::protobuf::EnumDescriptor* type);

}  // namespace transpo::clients

#endif  // TRANSPO_CLIENTS_ENUM_NAMES_H_
