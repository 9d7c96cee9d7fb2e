// The note as documents: the exact figures of the fixture in Markdown, HTML
// and CSV and in each language, well-formed Markdown tables, the people's
// text escaped, the charts in the HTML.

#include "server/report/render.h"

#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/report/charts.h"
#include "tests/server/domain/note_fixture.h"

namespace transpo::report {
namespace {

using domain::D;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The fixture's note, with its trend and a court case.
domain::Note SampleNote() {
  domain::NoteInput in = domain::NoteFixture();
  for (absl::CivilDay day : domain::TrendDays(in.as_of)) {
    domain::FiguresCounter counter(day);
    for (const domain::DirectiveState& d : in.now.directives) counter.Add(d);
    in.trend.push_back({day, counter.figures()});
  }
  domain::CourtCaseState court_case;
  court_case.version = 1;
  court_case.info = {"C-812/25",
                     domain::CourtCaseKind::kAction,
                     "Commission v Belgium",
                     {"32023L2413"}};
  in.now.court_cases = {court_case};
  return domain::BuildNote(in);
}

std::string Render(const domain::Note& note, Format format, Language language) {
  return RenderNote(note, std::nullopt, format, language).content;
}

int Occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + what.size())) {
    ++n;
  }
  return n;
}

// The cells of a Markdown table row: split on the pipes not escaped.
int Cells(const std::string& row) {
  int pipes = 0;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\') {
      ++i;
    } else if (row[i] == '|') {
      ++pipes;
    }
  }
  return pipes - 1;
}

// Checks every table of `markdown`: a header, a separator row of as many
// cells, rows of as many cells, each line starting and ending with a pipe.
// Returns the number of tables.
int CheckTables(const std::string& markdown) {
  const std::vector<std::string> lines = absl::StrSplit(markdown, '\n');
  const std::regex separator(R"(^\|( -{3}:? \|)+$)");
  int tables = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i][0] != '|') continue;
    ++tables;
    const int width = Cells(lines[i]);
    EXPECT_GT(width, 1) << lines[i];
    EXPECT_TRUE(i + 1 < lines.size() &&
                std::regex_match(lines[i + 1], separator))
        << "no separator under " << lines[i];
    for (++i; i < lines.size() && !lines[i].empty() && lines[i][0] == '|';
         ++i) {
      EXPECT_EQ(Cells(lines[i]), width) << lines[i];
      EXPECT_EQ(lines[i].back(), '|') << lines[i];
    }
    EXPECT_TRUE(i == lines.size() || lines[i].empty())
        << "a table runs into: " << lines[i];
  }
  return tables;
}

TEST(RenderTest, TheMarkdownHoldsTheFixturesFiguresExactly) {
  const std::string md =
      Render(SampleNote(), Format::kMarkdown, Language::kEnglish);
  EXPECT_THAT(md, StartsWith("# Note to the Brussels Government: "));
  for (const char* line : {
           "**Situation on:** 31/03/2026 · **changes since:** 31/01/2026 · "
           "**deadlines until:** 31/05/2026",
           "| Directives followed | 7 |",
           "| Transposed | 2 |",
           "| of which on time | 1 |",
           "| Overdue | 3 |",
           "| Overdue by two years or more | 1 |",
           "| Transposition deficit | 42.9\u00a0% |",
           "| 30/04/2025 | 7 | 2 | 28.6\u00a0% |",
           "| 31/03/2026 | 7 | 3 | 42.9\u00a0% |",
           "| 32019L1937 | Protection of whistleblowers | 17/12/2021 | 1,565 | "
           "drafting | bee | Council of State advice pending | 30/09/2026 |",
           "| 32023L2413 | Renewable energy amendment (RED III) | 01/07/2024 | "
           "638 | partially notified | bew | — | — |",
           "| 32024L0825 | Empowering consumers for the green transition | "
           "27/03/2026 | 4 | registered | — | — | — |",
           "| 32024L1275 | Energy performance of buildings (recast) | "
           "29/05/2026 | — | 59 | drafting | bm | — |",
           "| INFR(2024)2100 | non-communication | 32023L2413 | referral to "
           "the Court of Justice | 01/12/2025 | — |",
           "| INFR(2022)0075 | non-communication | 32019L1937 | reasoned "
           "opinion | 20/02/2026 | 20/04/2026 |",
           "- **Newly transposed:** 32023L1791",
           "- **Newly overdue:** 32024L0825",
           "- **New procedure steps:** INFR(2022)0075 reasoned opinion "
           "(20/02/2026)",
           "- **Procedures closed:** INFR(2025)0160 (05/03/2026: measures "
           "notified)",
           "| C-812/25 | action | Commission v Belgium | 32023L2413 |",
           "- **Lump sum:** EUR 1,200,000",
           "- **Penalty payment per day:** EUR 7,500",
       }) {
    EXPECT_THAT(md, HasSubstr(std::string(line) + "\n")) << line;
  }
  // Markdown has no pictures: the tables say it all.
  EXPECT_THAT(md, Not(HasSubstr("<svg")));
}

TEST(RenderTest, DutchAndFrenchHaveTheirWordsAndNumbers) {
  const domain::Note note = SampleNote();
  const std::string fr = Render(note, Format::kMarkdown, Language::kFrench);
  for (const char* text :
       {"| Directives suivies | 7 |",
        "| Déficit de transposition | 42,9\u00a0% |", "1\u202f565",
        "| avis motivé |", "1\u202f200\u202f000 EUR",
        "**Situation au\u00a0:** 31/03/2026", "| notifiée partiellement |"}) {
    EXPECT_THAT(fr, HasSubstr(text)) << text;
  }
  const std::string nl = Render(note, Format::kMarkdown, Language::kDutch);
  for (const char* text :
       {"| Opgevolgde richtlijnen | 7 |", "| Omzettingstekort | 42,9\u00a0% |",
        "| 1.565 |", "| met redenen omkleed advies |", "EUR 1.200.000",
        "**Stand van zaken op:** 31/03/2026", "| gedeeltelijk meegedeeld |"}) {
    EXPECT_THAT(nl, HasSubstr(text)) << text;
  }
  EXPECT_THAT(Render(note, Format::kHtml, Language::kDutch),
              HasSubstr("<html lang=\"nl\">"));
  EXPECT_THAT(Render(note, Format::kHtml, Language::kFrench),
              HasSubstr("<html lang=\"fr\">"));
}

TEST(RenderTest, MarkdownTablesAreWellFormedAndAllBecomeHtmlTables) {
  for (Language language :
       {Language::kDutch, Language::kFrench, Language::kEnglish}) {
    const domain::Note note = SampleNote();
    const int tables = CheckTables(Render(note, Format::kMarkdown, language));
    EXPECT_EQ(tables, 6) << LanguageCode(language);
    EXPECT_EQ(Occurrences(Render(note, Format::kHtml, language), "<table>"),
              tables);
  }
  // Empty sections say so instead of an empty table.
  domain::Note empty;
  empty.as_of = D(2026, 3, 31);
  empty.since = D(2026, 1, 31);
  empty.horizon = D(2026, 5, 31);
  const std::string md = Render(empty, Format::kMarkdown, Language::kEnglish);
  EXPECT_EQ(CheckTables(md), 2);  // the figures and the (empty) trend
  EXPECT_EQ(Occurrences(md, "\nNone.\n"), 4);
}

TEST(RenderTest, ThePeoplesTextIsEscaped) {
  domain::Note note = SampleNote();
  note.overdue[0].short_title = "Pipes | and <b>tags</b> & *stars*";
  note.overdue[0].delay_cause = "two\nlines";
  const std::string md = Render(note, Format::kMarkdown, Language::kEnglish);
  EXPECT_EQ(CheckTables(md), 6);
  EXPECT_THAT(
      md, HasSubstr("| Pipes \\| and \\<b\\>tags\\</b\\> \\& \\*stars\\* |"));
  EXPECT_THAT(md, HasSubstr("| two lines |"));
  const std::string html = Render(note, Format::kHtml, Language::kEnglish);
  EXPECT_THAT(html,
              HasSubstr("Pipes | and &lt;b&gt;tags&lt;/b&gt; &amp; *stars*"));
  EXPECT_THAT(html, Not(HasSubstr("<b>tags")));
  EXPECT_EQ(Occurrences(html, "<table>"), 6);
}

TEST(RenderTest, TheHtmlCarriesItsChartsAndPrintsOnA4) {
  const std::string html =
      Render(SampleNote(), Format::kHtml, Language::kEnglish);
  EXPECT_THAT(html, StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("@page { size: A4;"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_EQ(Occurrences(html, "<figure class=\"chart\"><svg "), 3);
  EXPECT_EQ(Occurrences(html, "class=\"bar\""), 12);    // a month each
  EXPECT_EQ(Occurrences(html, "class=\"point\""), 12);  // a month each
  EXPECT_EQ(Occurrences(html, "class=\"target\""), 2);  // 1% and 0.5%
  EXPECT_EQ(Occurrences(html, "class=\"deadline\""), 1);
  EXPECT_THAT(html, HasSubstr("<figcaption>Overdue directives at the end of "
                              "each month</figcaption>"));
  // The figures are read back from the table, in order.
  EXPECT_THAT(html, HasSubstr("<td>Directives followed</td>\n<td "
                              "align=\"right\">7</td>"));
}

TEST(RenderTest, TheDeficitChartDrawsTheTargetsOnItsScale) {
  std::vector<domain::TrendPoint> trend;
  for (absl::CivilDay day : domain::TrendDays(D(2026, 3, 31))) {
    trend.push_back({day, {.followed = 1000, .overdue = 4, .deficit = 0.004}});
  }
  const std::string svg = DeficitChart(trend, Labels(Language::kEnglish));
  // The scale runs to 1.25% so that the 1% line shows: a plot 160 high
  // from y 20 puts 1% at 180 - 160 * 0.8 = 52 and 0.5% at 116.
  EXPECT_THAT(svg, HasSubstr("y1=\"52.0\" x2=\"624.0\" y2=\"52.0\" "
                             "class=\"target\""));
  EXPECT_THAT(svg, HasSubstr("y1=\"116.0\" x2=\"624.0\" y2=\"116.0\" "
                             "class=\"target\""));
  // 0.4% at 180 - 160 * 0.32.
  EXPECT_THAT(svg, HasSubstr("cy=\"128.8\""));
  EXPECT_EQ(Occurrences(svg, "0.4\u00a0%"), 12);
}

TEST(RenderTest, TheTimelineShowsTwentyFourDeadlinesAndCountsTheRest) {
  domain::Note note = SampleNote();
  note.falling_due.assign(30, note.falling_due.front());
  const std::string svg = DueTimeline(note, Labels(Language::kEnglish));
  EXPECT_EQ(Occurrences(svg, "class=\"deadline\""), 24);
  EXPECT_THAT(svg, HasSubstr("and 6 more (see the table)"));
  EXPECT_THAT(svg, HasSubstr("32024L1275 · 29/05/2026"));
}

TEST(RenderTest, TheCsvHoldsEveryTableInBlocks) {
  domain::Note note = SampleNote();
  note.overdue[1].delay_cause = "waiting, \"for\" the Council";
  note.overdue[2].delay_cause = "=HYPERLINK(\"http://x\")";
  note.overdue[2].lead_administration = "@bm";
  const std::string csv = Render(note, Format::kCsv, Language::kEnglish);
  ASSERT_THAT(csv, StartsWith("\xEF\xBB\xBF"));  // UTF-8, for spreadsheets
  const std::vector<std::string> blocks =
      absl::StrSplit(csv.substr(3), "\r\n\r\n");
  ASSERT_EQ(blocks.size(), 8u);
  EXPECT_EQ(blocks[0],
            "Key figures\r\nFigure,Value\r\nSituation on,2026-03-31\r\n"
            "Directives followed,7\r\nTransposed,2\r\nof which on time,1\r\n"
            "Overdue,3\r\nOverdue by two years or more,1\r\n"
            "Transposition deficit,0.428571");
  EXPECT_THAT(blocks[1], HasSubstr("\r\n2026-03-31,7,3,0.428571"));
  EXPECT_THAT(blocks[2],
              HasSubstr("\r\n32023L2413,Renewable energy amendment (RED III),"
                        "2024-07-01,638,partially notified,bew,"
                        "\"waiting, \"\"for\"\" the Council\",\r\n"));
  EXPECT_THAT(blocks[3], HasSubstr("\r\n32024L1275,Energy performance of "
                                   "buildings (recast),2026-05-29,,59,"
                                   "drafting,bm,"));
  EXPECT_THAT(blocks[4], HasSubstr("\r\nINFR(2022)0075,non-communication,"
                                   "32019L1937,reasoned opinion,2026-02-20,"
                                   "2026-04-20"));
  // A text that would start a formula does not.
  EXPECT_THAT(blocks[2], HasSubstr("\r\n32024L0825,Empowering consumers for "
                                   "the green transition,2026-03-27,4,"
                                   "registered,'@bm,\"'=HYPERLINK(\"\"http://"
                                   "x\"\")\","));
  EXPECT_THAT(blocks[5], HasSubstr("\r\nNewly transposed,32023L1791,,\r\n"));
  EXPECT_THAT(blocks[5], HasSubstr("\r\nNew procedure steps,INFR(2022)0075,"
                                   "2026-02-20,reasoned opinion\r\n"));
  EXPECT_THAT(blocks[5], HasSubstr("\r\nProcedures closed,INFR(2025)0160,"
                                   "2026-03-05,measures notified"));
  EXPECT_THAT(blocks[6], HasSubstr("\r\nC-812/25,action,Commission v "
                                   "Belgium,32023L2413"));
  EXPECT_EQ(blocks[7],
            "Financial exposure\r\nFigure,Value\r\nLump sum,1200000\r\n"
            "Penalty payment per day,7500\r\n");
  EXPECT_THAT(Render(note, Format::kCsv, Language::kDutch),
              StartsWith("\xEF\xBB\xBFKerncijfers\r\nIndicator,Waarde\r\n"));
}

TEST(RenderTest, FileNamesMediaTypesAndTheYearlyTitle) {
  const domain::Note note = SampleNote();
  Document md =
      RenderNote(note, std::nullopt, Format::kMarkdown, Language::kDutch);
  EXPECT_EQ(md.file_name, "note-2026-03-31-nl.md");
  EXPECT_EQ(md.media_type, "text/markdown; charset=utf-8");
  Document html = RenderNote(note, 2025, Format::kHtml, Language::kFrench);
  EXPECT_EQ(html.file_name, "yearly-report-2025-fr.html");
  EXPECT_EQ(html.media_type, "text/html; charset=utf-8");
  EXPECT_THAT(html.content,
              HasSubstr("<title>Rapport au Parlement bruxellois sur la "
                        "transposition des directives européennes et les "
                        "procédures d’infraction, 2025</title>"));
  Document csv = RenderNote(note, 2025, Format::kCsv, Language::kEnglish);
  EXPECT_EQ(csv.file_name, "yearly-report-2025-en.csv");
  EXPECT_EQ(csv.media_type, "text/csv; charset=utf-8");
}

}  // namespace
}  // namespace transpo::report
