// Aggregate states to and from their projection rows (transpo.internal.v1
// DirectiveRow, ProcedureRow, CourtCaseRow, AdministrationRow,
// DeadlineAlertsRow in rows.proto). A row holds the whole state, audit
// included, and nothing derived: deadlines and "overdue" are computed at read
// time. Encoding is deterministic, so a rebuild from the log gives the same
// bytes.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_APP_ROW_CODEC_H_
#define TRANSPO_SERVER_APP_ROW_CODEC_H_

#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/administration.h"
#include "server/domain/alert.h"
#include "server/domain/court_case.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"

namespace transpo::app {

std::string EncodeRow(const domain::DirectiveState& state);
std::string EncodeRow(const domain::ProcedureState& state);
std::string EncodeRow(const domain::CourtCaseState& state);
std::string EncodeRow(const domain::AdministrationState& state);
std::string EncodeRow(const domain::DeadlineAlertsState& state);

// DataLoss if the bytes are not such a row.
absl::StatusOr<domain::DirectiveState> DecodeDirectiveRow(
    absl::string_view bytes);
absl::StatusOr<domain::ProcedureState> DecodeProcedureRow(
    absl::string_view bytes);
absl::StatusOr<domain::CourtCaseState> DecodeCourtCaseRow(
    absl::string_view bytes);
absl::StatusOr<domain::AdministrationState> DecodeAdministrationRow(
    absl::string_view bytes);
absl::StatusOr<domain::DeadlineAlertsState> DecodeDeadlineAlertsRow(
    absl::string_view bytes);

// The latest time of the Change fields numbered `change_fields` of a row,
// read off the wire without decoding the rest (for scans of many row
// versions); InfinitePast if none is set. DataLoss if the bytes do not parse.
absl::StatusOr<absl::Time> RowChangeTime(
    absl::string_view bytes, std::initializer_list<int> change_fields);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_ROW_CODEC_H_
