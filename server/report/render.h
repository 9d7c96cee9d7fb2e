// The two-monthly note and the yearly report as documents to print or send:
// Markdown, HTML (the Markdown with its charts, on A4 pages) or CSV (the
// tables, for a spreadsheet), in Dutch, French or English.
//
// Thread-safety: pure functions.
//
// Example:
//   Document doc = RenderNote(note, std::nullopt, Format::kHtml,
//                             Language::kFrench);
//   // doc.file_name == "note-2026-11-26-fr.html"

#ifndef TRANSPO_SERVER_REPORT_RENDER_H_
#define TRANSPO_SERVER_REPORT_RENDER_H_

#include <optional>
#include <string>

#include "server/domain/note.h"
#include "server/report/labels.h"

namespace transpo::report {

enum class Format { kMarkdown, kHtml, kCsv };

struct Document {
  std::string media_type;  // "text/markdown; charset=utf-8", ...
  std::string file_name;   // "note-2026-11-26-nl.md"
  std::string content;
};

// The note; the yearly report of `year` when given (the same content: the
// year's last day, the changes since the previous year's, its months).
Document RenderNote(const domain::Note& note, std::optional<int> year,
                    Format format, Language language);

// The note's tables as CSV (RFC 4180, commas, after a UTF-8 byte order
// mark): blocks separated by an empty line, each its title, a header row
// then its rows; numbers plain (a dot for decimals, the deficit as a
// ratio), dates YYYY-MM-DD, words in the language; a text that would start
// a formula starts with an apostrophe.
std::string NoteCsv(const domain::Note& note, const Labels& labels);

}  // namespace transpo::report

#endif  // TRANSPO_SERVER_REPORT_RENDER_H_
