// The note's content (domain/note.h) and its documents (report/render.h) as
// transpo.v1 messages; the format and language asked for.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_REPORT_CONVERT_H_
#define TRANSPO_SERVER_API_REPORT_CONVERT_H_

#include <optional>

#include "absl/status/statusor.h"
#include "server/domain/note.h"
#include "server/report/render.h"
#include "transpo/v1/reports.pb.h"

namespace transpo::api {

v1::Note ToProtoNote(const domain::Note& note);
v1::Document ToProtoDocument(const report::Document& document);

// nullopt: no document asked. InvalidArgument (FieldError) for a value the
// enum does not have.
absl::StatusOr<std::optional<report::Format>> FromProtoFormat(
    v1::DocumentFormat format);
// Unspecified: English.
absl::StatusOr<report::Language> FromProtoLanguage(v1::ReportLanguage language);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_REPORT_CONVERT_H_
