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

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_ROW_CODEC_H_
