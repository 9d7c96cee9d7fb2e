// Markdown (GitHub's dialect, for its tables) in and out: the text of the
// people's records made safe to put in a Markdown document, and a document
// turned into HTML with cmark-gfm.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_REPORT_MARKDOWN_H_
#define TRANSPO_SERVER_REPORT_MARKDOWN_H_

#include <string>

#include "absl/strings/string_view.h"

namespace transpo::report {

// `text` as literal Markdown inline text, fit for a table cell: the
// characters Markdown or HTML would read as markup (\ ` * _ [ ] < > | & ~)
// are escaped with a backslash, line breaks become spaces.
std::string EscapeMarkdown(absl::string_view text);

// The HTML of a Markdown document, tables included. Raw HTML blocks (the
// charts) pass through: escape every text that is not the project's own.
std::string MarkdownToHtml(absl::string_view markdown);

}  // namespace transpo::report

#endif  // TRANSPO_SERVER_REPORT_MARKDOWN_H_
