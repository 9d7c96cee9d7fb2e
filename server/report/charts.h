// The note's pictures, drawn as inline SVG (no script, no external file, no
// font of its own): they print on A4 with the page. Each is one line of
// text, a <figure> with its caption, so that it passes through Markdown as
// an HTML block. Texts are XML-escaped.
//
// Elements carry classes the tests count: "bar", "point", "target",
// "deadline".
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_REPORT_CHARTS_H_
#define TRANSPO_SERVER_REPORT_CHARTS_H_

#include <string>
#include <vector>

#include "server/domain/note.h"
#include "server/report/labels.h"

namespace transpo::report {

// Overdue directives at each point of the trend, as bars.
std::string OverdueChart(const std::vector<domain::TrendPoint>& trend,
                         const Labels& labels);

// The deficit at each point of the trend, as a line, against the 1% and
// 0.5% targets (dashed lines).
std::string DeficitChart(const std::vector<domain::TrendPoint>& trend,
                         const Labels& labels);

// The deadlines falling due after the note's day to its horizon, one row
// each on a time axis (at most 24 rows; the rest counted).
std::string DueTimeline(const domain::Note& note, const Labels& labels);

}  // namespace transpo::report

#endif  // TRANSPO_SERVER_REPORT_CHARTS_H_
