#include "clients/csv.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace transpo::clients {

absl::StatusOr<std::vector<CsvRow>> ParseCsv(absl::string_view text) {
  std::vector<CsvRow> rows;
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    // At the start of a line.
    if (text[i] == '#' || text[i] == '\n' || text.substr(i, 2) == "\r\n") {
      const size_t end = text.find('\n', i);
      i = end == absl::string_view::npos ? text.size() : end + 1;
      ++line;
      continue;
    }
    CsvRow row;
    row.line = line;
    std::string cell;
    while (true) {
      if (i < text.size() && text[i] == '"') {
        const int opened = line;
        ++i;
        while (true) {
          if (i >= text.size()) {
            return absl::InvalidArgumentError(absl::StrCat(
                "line ", opened, ": a quoted cell is never closed"));
          }
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          cell.push_back(text[i++]);
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' &&
            text.substr(i, 2) != "\r\n") {
          return absl::InvalidArgumentError(absl::StrCat(
              "line ", line, ": text after the closing quote of a cell"));
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' &&
               text.substr(i, 2) != "\r\n") {
          cell.push_back(text[i++]);
        }
      }
      row.cells.push_back(std::move(cell));
      cell.clear();
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      // End of the row: "\n", "\r\n" or the end of the text.
      if (i < text.size()) i += text[i] == '\r' ? 2 : 1;
      ++line;
      break;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string FormatCsvRow(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line.push_back(',');
    const std::string& cell = cells[i];
    if (cell.find_first_of(",\"\r\n") != std::string::npos ||
        (i == 0 && !cell.empty() && cell[0] == '#')) {
      absl::StrAppend(&line, "\"", absl::StrReplaceAll(cell, {{"\"", "\"\""}}),
                      "\"");
    } else {
      line += cell;
    }
  }
  line.push_back('\n');
  return line;
}

}  // namespace transpo::clients
