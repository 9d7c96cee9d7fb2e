// Conversions of the values every resource shares: dates, update masks and
// audit fields. From* validate shape only and name the offending field with
// its API path.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_VALUES_CONVERT_H_
#define TRANSPO_SERVER_API_VALUES_CONVERT_H_

#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/field_mask.pb.h"
#include "server/domain/change.h"
#include "transpo/v1/directives.pb.h"

namespace transpo::api {

// Most paths an update mask may name.
inline constexpr int kMaxMaskPaths = 20;

// "YYYY-MM-DD"; empty text: no date. InvalidArgument naming `field` for text
// that is not a date from 1950-01-01 to 2200-12-31.
absl::StatusOr<std::optional<absl::CivilDay>> FromProtoDate(
    absl::string_view field, const std::string& text);
absl::StatusOr<absl::CivilDay> FromProtoRequiredDate(absl::string_view field,
                                                     const std::string& text);
std::string ToProtoDate(const std::optional<absl::CivilDay>& day);

// The update mask's paths; InvalidArgument if it names none or more than
// kMaxMaskPaths.
absl::StatusOr<std::set<std::string>> FromProtoMask(
    const google::protobuf::FieldMask& mask);

// A list field of a request that the domain does not bound itself:
// InvalidArgument naming `field` above `max_items`.
absl::Status CheckRequestList(absl::string_view field, int size, int max_items);

void ToProtoAudit(const domain::Change& created, const domain::Change& changed,
                  v1::Audit& out);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_VALUES_CONVERT_H_
