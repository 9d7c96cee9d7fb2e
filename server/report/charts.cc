#include "server/report/charts.h"

#include <algorithm>
#include <cstddef>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "server/domain/key_figures.h"
#include "server/report/format.h"

namespace transpo::report {
namespace {

// The drawing area, in SVG user units (the figure scales to the page).
constexpr double kWidth = 640;
constexpr double kLeft = 56;
constexpr double kRight = 16;
constexpr double kTop = 20;
constexpr double kPlotHeight = 160;
constexpr double kBottom = 40;
// The timeline spans the page: wider, so its text is as small.
constexpr double kTimelineWidth = 1200;
constexpr size_t kMaxRows = 24;
constexpr double kRowHeight = 18;

std::string Xml(absl::string_view text) {
  return absl::StrReplaceAll(
      text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

std::string Num(double v) { return absl::StrFormat("%.1f", v); }

std::string Figure(double width, double height, const std::string& caption,
                   const std::string& body) {
  return absl::StrCat(
      "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
      "viewBox=\"0 0 ",
      Num(width), " ", Num(height), "\" role=\"img\" aria-label=\"",
      Xml(caption), "\">", body, "</svg><figcaption>", Xml(caption),
      "</figcaption></figure>");
}

std::string Text(double x, double y, absl::string_view anchor,
                 absl::string_view text, absl::string_view css = "") {
  return absl::StrCat("<text x=\"", Num(x), "\" y=\"", Num(y),
                      "\" text-anchor=\"", anchor, "\"",
                      css.empty() ? "" : absl::StrCat(" class=\"", css, "\""),
                      ">", Xml(text), "</text>");
}

std::string Line(double x1, double y1, double x2, double y2,
                 absl::string_view css) {
  return absl::StrCat("<line x1=\"", Num(x1), "\" y1=\"", Num(y1), "\" x2=\"",
                      Num(x2), "\" y2=\"", Num(y2), "\" class=\"", css, "\"/>");
}

// The month of a trend point under its slot: "nov. 26".
std::string MonthLabel(absl::CivilDay day, const Labels& labels) {
  return absl::StrFormat("%s %02d", labels.Month(day.month()),
                         day.year() % 100);
}

// The x of the middle of slot i of n.
double SlotX(size_t i, size_t n) {
  const double slot = (kWidth - kLeft - kRight) / static_cast<double>(n);
  return kLeft + slot * (static_cast<double>(i) + 0.5);
}

std::string Axes(const std::vector<domain::TrendPoint>& trend,
                 const Labels& labels) {
  const double base = kTop + kPlotHeight;
  std::string out = Line(kLeft, base, kWidth - kRight, base, "axis");
  for (size_t i = 0; i < trend.size(); ++i) {
    absl::StrAppend(&out, Text(SlotX(i, trend.size()), base + 16, "middle",
                               MonthLabel(trend[i].day, labels)));
  }
  return out;
}

}  // namespace

std::string OverdueChart(const std::vector<domain::TrendPoint>& trend,
                         const Labels& labels) {
  int64_t most = 1;
  for (const domain::TrendPoint& p : trend) {
    most = std::max(most, p.figures.overdue);
  }
  const double base = kTop + kPlotHeight;
  const double slot = (kWidth - kLeft - kRight) /
                      static_cast<double>(std::max<size_t>(1, trend.size()));
  std::string body = Axes(trend, labels);
  for (size_t i = 0; i < trend.size(); ++i) {
    const int64_t overdue = trend[i].figures.overdue;
    const double h =
        kPlotHeight * static_cast<double>(overdue) / static_cast<double>(most);
    const double x = SlotX(i, trend.size());
    absl::StrAppend(&body, "<rect class=\"bar\" x=\"", Num(x - slot * 0.3),
                    "\" y=\"", Num(base - h), "\" width=\"", Num(slot * 0.6),
                    "\" height=\"", Num(h), "\"/>",
                    Text(x, base - h - 4, "middle", Count(overdue, labels)));
  }
  return Figure(kWidth, kTop + kPlotHeight + kBottom,
                labels.Get("chart_overdue"), body);
}

std::string DeficitChart(const std::vector<domain::TrendPoint>& trend,
                         const Labels& labels) {
  // The scale shows the 1% line even when the deficit is far below it.
  double top = domain::kDeficitTarget * 1.25;
  for (const domain::TrendPoint& p : trend) {
    top = std::max(top, p.figures.deficit * 1.1);
  }
  const double base = kTop + kPlotHeight;
  auto y = [&](double ratio) { return base - kPlotHeight * ratio / top; };
  std::string body = Axes(trend, labels);
  // Labelled at the right end: 1% above its line, 0.5% below its own.
  for (double target :
       {domain::kDeficitTarget, domain::kDeficitProposedTarget}) {
    const double dy = target == domain::kDeficitTarget ? -3 : 11;
    absl::StrAppend(
        &body, Line(kLeft, y(target), kWidth - kRight, y(target), "target"),
        Text(kWidth - kRight, y(target) + dy, "end", Percent(target, labels),
             "target-label"));
  }
  std::string points;
  for (size_t i = 0; i < trend.size(); ++i) {
    const double x = SlotX(i, trend.size());
    const double py = y(trend[i].figures.deficit);
    absl::StrAppend(&points, i == 0 ? "" : " ", Num(x), ",", Num(py));
    absl::StrAppend(
        &body, "<circle class=\"point\" cx=\"", Num(x), "\" cy=\"", Num(py),
        "\" r=\"3\"/>",
        Text(x, py - 8, "middle", Percent(trend[i].figures.deficit, labels)));
  }
  absl::StrAppend(&body, "<polyline class=\"deficit\" points=\"", points,
                  "\"/>");
  return Figure(kWidth, kTop + kPlotHeight + kBottom,
                labels.Get("chart_deficit"), body);
}

std::string DueTimeline(const domain::Note& note, const Labels& labels) {
  const auto& due = note.falling_due;
  const size_t rows = std::min(due.size(), kMaxRows);
  const double span = static_cast<double>(note.horizon - note.as_of);
  auto x = [&](absl::CivilDay day) {
    return kLeft + (kTimelineWidth - kLeft - kRight - 200) *
                       static_cast<double>(day - note.as_of) / span;
  };
  const double axis = kTop + kRowHeight * static_cast<double>(rows) + 8;
  std::string body = Line(kLeft, axis, x(note.horizon), axis, "axis");
  absl::StrAppend(
      &body, Text(kLeft, axis + 16, "middle", Day(note.as_of)),
      Text(x(note.horizon), axis + 16, "middle", Day(note.horizon)));
  // A tick on the first day of each month in between.
  for (absl::CivilMonth m = absl::CivilMonth(note.as_of) + 1;
       absl::CivilDay(m) < note.horizon; ++m) {
    const double tx = x(absl::CivilDay(m));
    absl::StrAppend(
        &body, Line(tx, kTop - 6, tx, axis, "tick"),
        Text(tx, kTop - 8, "middle", MonthLabel(absl::CivilDay(m), labels)));
  }
  for (size_t i = 0; i < rows; ++i) {
    const double dx = x(due[i].deadline);
    const double dy = kTop + kRowHeight * (static_cast<double>(i) + 0.5);
    absl::StrAppend(
        &body, "<circle class=\"deadline\" cx=\"", Num(dx), "\" cy=\"", Num(dy),
        "\" r=\"4\"/>",
        Text(dx + 8, dy + 4, "start",
             absl::StrCat(due[i].celex, " · ", Day(due[i].deadline))));
  }
  if (due.size() > rows) {
    absl::StrAppend(
        &body,
        Text(kLeft, axis + 32, "start",
             absl::StrReplaceAll(labels.Get("chart_more"),
                                 {{"{}", absl::StrCat(due.size() - rows)}})));
  }
  return Figure(kTimelineWidth, axis + 40, labels.Get("chart_due"), body);
}

}  // namespace transpo::report
