#include "server/report/templates.h"

namespace transpo::report {
namespace {

constexpr char kNoteMarkdown[] = R"md(# {{title}}

**{{l.as_of}}{{l.colon}}** {{as_of}} · **{{l.since}}{{l.colon}}** {{since}} · **{{l.horizon}}{{l.colon}}** {{horizon}}

## {{l.heading_figures}}

| {{l.col_figure}} | {{l.col_value}} |
| --- | ---: |
| {{l.figure_followed}} | {{followed}} |
| {{l.figure_transposed}} | {{transposed}} |
| {{l.figure_on_time}} | {{on_time}} |
| {{l.figure_overdue}} | {{overdue}} |
| {{l.figure_two_years}} | {{two_years}} |
| {{l.figure_deficit}} | {{deficit}} |

{{l.targets}}

## {{l.heading_trend}}

{{{trend_charts}}}

| {{l.col_month_end}} | {{l.figure_followed}} | {{l.figure_overdue}} | {{l.figure_deficit}} |
| --- | ---: | ---: | ---: |
{{#trend}}
| {{day}} | {{followed}} | {{overdue}} | {{deficit}} |
{{/trend}}

## {{l.heading_overdue}}

{{#has_overdue}}
| {{l.col_celex}} | {{l.col_title}} | {{l.col_deadline}} | {{l.col_days_overdue}} | {{l.col_status}} | {{l.col_lead}} | {{l.col_cause}} | {{l.col_eta}} |
| --- | --- | --- | ---: | --- | --- | --- | --- |
{{#overdue_list}}
| {{celex}} | {{title}} | {{deadline}} | {{days}} | {{status}} | {{lead}} | {{cause}} | {{eta}} |
{{/overdue_list}}
{{/has_overdue}}
{{^has_overdue}}
{{l.none}}
{{/has_overdue}}

## {{l.heading_due}} ({{horizon}})

{{{due_chart}}}

{{#has_due}}
| {{l.col_celex}} | {{l.col_title}} | {{l.col_deadline}} | {{l.col_scope}} | {{l.col_days_left}} | {{l.col_status}} | {{l.col_lead}} | {{l.col_eta}} |
| --- | --- | --- | --- | ---: | --- | --- | --- |
{{#due_list}}
| {{celex}} | {{title}} | {{deadline}} | {{scope}} | {{days}} | {{status}} | {{lead}} | {{eta}} |
{{/due_list}}
{{/has_due}}
{{^has_due}}
{{l.none}}
{{/has_due}}

## {{l.heading_procedures}}

{{#has_procedures}}
| {{l.col_procedure}} | {{l.col_type}} | {{l.col_directives}} | {{l.col_stage}} | {{l.col_stage_date}} | {{l.col_next_reply}} |
| --- | --- | --- | --- | --- | --- |
{{#procedure_list}}
| {{number}} | {{type}} | {{celex}} | {{stage}} | {{stage_date}} | {{next_reply}} |
{{/procedure_list}}
{{/has_procedures}}
{{^has_procedures}}
{{l.none}}
{{/has_procedures}}

## {{l.heading_changes}} ({{since}})

- **{{l.changes_transposed}}{{l.colon}}** {{newly_transposed}}
- **{{l.changes_overdue}}{{l.colon}}** {{newly_overdue}}
- **{{l.changes_steps}}{{l.colon}}** {{new_steps}}
- **{{l.changes_closures}}{{l.colon}}** {{closures}}

## {{l.heading_court}}

{{#has_court_cases}}
| {{l.col_case}} | {{l.col_kind}} | {{l.col_title}} | {{l.col_directives}} |
| --- | --- | --- | --- |
{{#court_case_list}}
| {{number}} | {{kind}} | {{title}} | {{celex}} |
{{/court_case_list}}
{{/has_court_cases}}
{{^has_court_cases}}
{{l.none}}
{{/has_court_cases}}

## {{l.heading_exposure}}

- **{{l.exposure_lump_sum}}{{l.colon}}** {{lump_sum}}
- **{{l.exposure_daily_penalty}}{{l.colon}}** {{daily_penalty}}

{{l.exposure_basis}}

---

{{l.footer}}
)md";

constexpr char kHtmlPage[] = R"html(<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{title}}</title>
<style>
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
html { font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 9.5pt; color: #111; }
body { margin: 0; }
h1 { font-size: 16pt; margin: 0 0 4pt 0; }
h2 { font-size: 12pt; margin: 14pt 0 4pt 0; border-bottom: 1px solid #888;
  break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; vertical-align: top;
  text-align: left; }
th { background: #eee; }
td[align="right"], th[align="right"] { text-align: right; }
div.charts { display: flex; gap: 6mm; break-inside: avoid;
  page-break-inside: avoid; }
div.charts figure { flex: 1; }
figure.chart { margin: 6pt 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #444; }
svg text { font-size: 13px; fill: #222; }
svg .target-label { fill: #b03a2e; }
svg .axis, svg .tick { stroke: #666; stroke-width: 1; }
svg .tick { stroke: #ccc; }
svg .bar { fill: #b03a2e; }
svg .deficit { fill: none; stroke: #1f4e79; stroke-width: 2; }
svg .point { fill: #1f4e79; }
svg .target { stroke: #b03a2e; stroke-width: 1; stroke-dasharray: 4 3; }
svg .deadline { fill: #d68910; }
</style>
</head>
<body>
{{{body}}}
</body>
</html>
)html";

}  // namespace

const char* NoteMarkdownTemplate() { return kNoteMarkdown; }
const char* HtmlPageTemplate() { return kHtmlPage; }

}  // namespace transpo::report
