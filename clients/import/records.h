// The files transpoctl imports and exports (docs/import-format.md), as
// transpo.v1.ExportRecord values: the dossiers CSV (a superset of the shared
// directives.csv), the administrations CSV and JSON lines. The format is
// told by the first line that is not a comment.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_CLIENTS_IMPORT_RECORDS_H_
#define TRANSPO_CLIENTS_IMPORT_RECORDS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "transpo/v1/export.pb.h"

namespace transpo::clients {

// One record read from a file.
struct SourceRecord {
  int line = 0;
  v1::ExportRecord record;
  // The columns the row has (CSV); empty for JSON lines, which carry every
  // field. Import leaves the fields of absent columns as they are.
  std::set<std::string> columns;
  // Cells of a correspondent left empty (administrations CSV), by
  // correspondent id: their fields too are left as they are.
  std::map<std::string, std::set<std::string>> empty_cells;
  bool Has(absl::string_view column) const {
    return columns.empty() || columns.count(std::string(column)) > 0;
  }
  bool Has(const std::string& correspondent, absl::string_view column) const {
    auto it = empty_cells.find(correspondent);
    return Has(column) && (it == empty_cells.end() ||
                           it->second.count(std::string(column)) == 0);
  }
};

// A row that could not be read: skipped (or, with --atomic, the file).
struct RowError {
  int line = 0;
  std::string column;  // empty: the whole row
  std::string value;
  std::string reason;
  std::string ToString() const;  // "line 14, column status, "x": reason"
};

struct ParsedFile {
  std::string format;  // "dossiers CSV", "administrations CSV", "JSON lines"
  std::vector<SourceRecord> records;
  std::vector<RowError> errors;
};

// InvalidArgument for a file that is none of the formats (an unknown
// column, a header without its required columns, broken quoting); errors of
// single rows go to ParsedFile::errors.
absl::StatusOr<ParsedFile> ParseRecords(absl::string_view text);

// The dossiers CSV of the dossier records, each with the procedures that
// concern its directive.
std::string WriteDossiersCsv(const std::vector<v1::ExportRecord>& records);
// The administrations CSV of the administration records.
std::string WriteAdministrationsCsv(
    const std::vector<v1::ExportRecord>& records);
// JSON lines, one record per line.
std::string WriteJsonLines(const std::vector<v1::ExportRecord>& records);

}  // namespace transpo::clients

#endif  // TRANSPO_CLIENTS_IMPORT_RECORDS_H_
