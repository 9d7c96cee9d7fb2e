// CSV as RFC 4180 has it: cells separated by commas, a cell holding a comma,
// a quote or a line break quoted, quotes doubled; LF or CRLF line ends. Lines
// whose first character is '#' (outside a quoted cell) are comments. The one
// CSV reader and writer of transpo (transpoctl import and export, transpod's
// demo data).
//
// Thread-safety: pure functions.

#ifndef TRANSPO_CLIENTS_CSV_H_
#define TRANSPO_CLIENTS_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace transpo::clients {

struct CsvRow {
  int line = 0;  // of its first character, from 1
  std::vector<std::string> cells;
};

// Every row that is not a comment or blank, the header first.
// InvalidArgument naming the line of an unterminated quoted cell or of text
// after a closing quote.
absl::StatusOr<std::vector<CsvRow>> ParseCsv(absl::string_view text);

// One line, ending with "\n", cells quoted where they must be.
std::string FormatCsvRow(const std::vector<std::string>& cells);

}  // namespace transpo::clients

#endif  // TRANSPO_CLIENTS_CSV_H_
