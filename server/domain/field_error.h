// FieldError builds the InvalidArgument of a bad request field, with a
// message naming the field and the value, and the field's path as a status
// payload so the gRPC edge can add a field violation. The value is quoted
// escaped and cut to kMaxQuotedBytes, so an error never grows with the input
// (gRPC limits metadata, where statuses travel, to 8 KiB).
//
// Thread-safety: pure functions.
//
// Example:
//   return FieldError("deadlines[0].date", "2021-02-30", "not a date");
//   // INVALID_ARGUMENT: deadlines[0].date "2021-02-30": not a date

#ifndef TRANSPO_SERVER_DOMAIN_FIELD_ERROR_H_
#define TRANSPO_SERVER_DOMAIN_FIELD_ERROR_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace transpo::domain {

inline constexpr char kFieldPayloadUrl[] = "type.transpo.eu/transpo.Field";
// Longest prefix of a value an error quotes.
inline constexpr size_t kMaxQuotedBytes = 64;

// `value` escaped (C-style) and cut to kMaxQuotedBytes, "..." marking a cut.
inline std::string QuoteValue(absl::string_view value) {
  if (value.size() <= kMaxQuotedBytes) return absl::CHexEscape(value);
  return absl::StrCat(absl::CHexEscape(value.substr(0, kMaxQuotedBytes)),
                      "...");
}

inline absl::Status FieldError(absl::string_view field, absl::string_view value,
                               absl::string_view why) {
  absl::Status status = absl::InvalidArgumentError(
      absl::StrCat(field, " \"", QuoteValue(value), "\": ", why));
  status.SetPayload(kFieldPayloadUrl, absl::Cord(field));
  return status;
}

// For a field without a value worth quoting (a missing one).
inline absl::Status FieldError(absl::string_view field, absl::string_view why) {
  absl::Status status =
      absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
  status.SetPayload(kFieldPayloadUrl, absl::Cord(field));
  return status;
}

// The field a FieldError names; nullopt for other statuses.
inline std::optional<std::string> ErrorField(const absl::Status& status) {
  auto payload = status.GetPayload(kFieldPayloadUrl);
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_FIELD_ERROR_H_
