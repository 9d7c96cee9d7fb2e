// The mustache templates of the reports. Labels come from the language's
// table ({{l.key}}), values are escaped as Markdown ({{x}}) except the
// project's own HTML ({{{chart}}}).

#ifndef TRANSPO_SERVER_REPORT_TEMPLATES_H_
#define TRANSPO_SERVER_REPORT_TEMPLATES_H_

namespace transpo::report {

// The note (or the yearly report) in Markdown. With the charts it is the
// body of the HTML page.
const char* NoteMarkdownTemplate();

// The HTML page around the body: A4 pages, no script.
const char* HtmlPageTemplate();

}  // namespace transpo::report

#endif  // TRANSPO_SERVER_REPORT_TEMPLATES_H_
