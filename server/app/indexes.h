// The secondary indexes and row versions kept beside the projection rows,
// written in the same atomic batch as the events (so never stale) and
// recomputed by a rebuild. Each is a projection family whose keys say
// everything (values are empty, except for row versions):
//
//   dossiers_by_status          S celex              S: one status byte
//   dossiers_by_administration  admin 0x00 celex     lead and involved
//   dossiers_by_area            area 0x00 celex      policy area, if any
//   dossiers_by_deadline        YYYYMMDD celex       every transposition
//                                                    deadline
//   dossiers_by_open_deadline   YYYYMMDD celex       the first deadline of a
//                                                    dossier not transposed
//   procedures_by_celex         celex number         every directive concerned
//   procedures_open             number               not closed
//   procedures_open_by_stage    K number             K: its current stage byte
//   alerts_open                 deadline alerts id   firing or acknowledged
//   row_versions                T id 0x00 BE64(v)    the row of every version v
//                                                    of aggregate id (T: 'd'
//                                                    directive, 'p' procedure,
//                                                    'c' court case, 'a'
//                                                    administration, 'l'
//                                                    alerts)
//
// Dates sort as text (YYYYMMDD), so "overdue" (an open first deadline before
// today) and "a deadline in a window" are range scans.
//
// Thread-safety: pure functions.
//
// Example:
//   std::vector<ProjectionWrite> out;
//   AppendIndexWrites(IndexRows(before), IndexRows(after), out);

#ifndef TRANSPO_SERVER_APP_INDEXES_H_
#define TRANSPO_SERVER_APP_INDEXES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/domain/administration.h"
#include "server/domain/alert.h"
#include "server/domain/court_case.h"
#include "server/domain/directive.h"
#include "server/domain/procedure.h"
#include "storage/event_log.h"

namespace transpo::app {

inline constexpr char kDossiersByStatus[] = "dossiers_by_status";
inline constexpr char kDossiersByAdministration[] =
    "dossiers_by_administration";
inline constexpr char kDossiersByArea[] = "dossiers_by_area";
inline constexpr char kDossiersByDeadline[] = "dossiers_by_deadline";
inline constexpr char kDossiersByOpenDeadline[] = "dossiers_by_open_deadline";
inline constexpr char kProceduresByCelexFamily[] = "procedures_by_celex";
inline constexpr char kProceduresOpen[] = "procedures_open";
inline constexpr char kProceduresOpenByStage[] = "procedures_open_by_stage";
inline constexpr char kAlertsOpen[] = "alerts_open";
inline constexpr char kRowVersions[] = "row_versions";

// Every index family, row versions included.
std::vector<std::string> IndexFamilies();

// One index row: its family and key.
struct IndexRow {
  const char* family;
  std::string key;

  bool operator<(const IndexRow& other) const;
  bool operator==(const IndexRow& other) const;
};

// The index rows an aggregate's state has (none when it does not exist).
std::vector<IndexRow> IndexRows(const domain::DirectiveState& state);
std::vector<IndexRow> IndexRows(const domain::ProcedureState& state);
std::vector<IndexRow> IndexRows(const domain::CourtCaseState& state);
std::vector<IndexRow> IndexRows(const domain::AdministrationState& state);
std::vector<IndexRow> IndexRows(const domain::DeadlineAlertsState& state);

// Appends to `out` the writes that turn the index rows `before` into `after`
// (deletes of rows gone, puts of rows new).
void AppendIndexWrites(std::vector<IndexRow> before,
                       std::vector<IndexRow> after,
                       std::vector<ProjectionWrite>& out);

// Keys.
std::string DateKey(absl::CivilDay day);  // "YYYYMMDD"
char StatusKey(domain::DossierStatus status);
char StageKey(const domain::ProcedureState& state);  // '0': no stage yet
char StageKey(domain::StageKind kind);
// Row versions of aggregate `id` of kind `tag` ('d', 'p', 'c'): the key of
// version `version`, and the prefix of all its versions.
std::string VersionKey(char tag, absl::string_view id, uint64_t version);
std::string VersionPrefix(char tag, absl::string_view id);
// The id in a row-version key.
absl::string_view VersionKeyId(absl::string_view key);

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_INDEXES_H_
