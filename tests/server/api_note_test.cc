// ReportService through the wire: the note of a recorded history, unchanged
// for a past day when later events are recorded, its trend as of each month
// end, its documents; the yearly report; days out of order, years out of
// range and unknown formats refused naming the field.

#include <google/protobuf/util/message_differencer.h>

#include "tests/server/api_fixture.h"
#include "transpo/v1/reports.grpc.pb.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;

class NoteTest : public ApiTest {
 protected:
  void SetUp() override {
    Start("manual@2026-01-10T09:00");
    reports_ = v1::ReportService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials()));
  }

  grpc::Status GetNote(const std::string& as_of, v1::Note* note,
                       const std::string& since = "",
                       const std::string& horizon = "") {
    v1::GetNoteRequest request;
    request.set_as_of_date(as_of);
    request.set_since_date(since);
    request.set_horizon_date(horizon);
    v1::GetNoteResponse response;
    grpc::Status status = reports_->GetNote(Ctx().get(), request, &response);
    *note = response.note();
    return status;
  }

  // The note of `as_of` as the HTML document, in French.
  std::string Html(const std::string& as_of) {
    v1::GetNoteRequest request;
    request.set_as_of_date(as_of);
    request.set_format(v1::DOCUMENT_FORMAT_HTML);
    request.set_language(v1::REPORT_LANGUAGE_FR);
    v1::GetNoteResponse response;
    EXPECT_TRUE(reports_->GetNote(Ctx().get(), request, &response).ok());
    return response.document().content();
  }

  void CreateDirective(const std::string& celex, const std::string& deadline) {
    v1::Directive d;
    d.set_celex(celex);
    d.set_short_title("Directive " + celex);
    d.add_deadlines()->set_date(deadline);
    ASSERT_TRUE(Create(d).ok());
  }

  std::unique_ptr<v1::ReportService::Stub> reports_;
};

TEST_F(NoteTest, APastNoteDoesNotChangeWithLaterEvents) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  CreateDirective("32024L0825", "2026-03-27");
  CreateDirective("32024L1275", "2026-05-29");
  SetDate(2026, 3, 31);

  v1::Note before;
  ASSERT_TRUE(GetNote("2026-03-31", &before).ok());
  const std::string html_before = Html("2026-03-31");
  ASSERT_THAT(html_before, HasSubstr("<svg"));
  EXPECT_EQ(before.since_date(), "2026-01-31");
  EXPECT_EQ(before.horizon_date(), "2026-05-31");
  EXPECT_EQ(before.figures().followed(), 3);
  EXPECT_EQ(before.figures().overdue(), 2);
  EXPECT_EQ(before.figures().overdue_two_years(), 1);
  ASSERT_EQ(before.overdue_size(), 2);
  EXPECT_EQ(before.overdue(0).celex(), "32019L1937");
  EXPECT_EQ(before.overdue(0).days_overdue(), 1565);
  EXPECT_EQ(before.overdue(1).celex(), "32024L0825");
  ASSERT_EQ(before.falling_due_size(), 1);
  EXPECT_EQ(before.falling_due(0).celex(), "32024L1275");
  EXPECT_EQ(before.falling_due(0).days_left(), 59);
  ASSERT_EQ(before.changes().newly_overdue_celex_size(), 1);
  EXPECT_EQ(before.changes().newly_overdue_celex(0), "32024L0825");

  // Later: a dossier found not applicable, another directive registered.
  SetDate(2026, 4, 10);
  ASSERT_TRUE(ChangeStatus("32024L0825", v1::DOSSIER_STATUS_NOT_APPLICABLE,
                           "no regional competence")
                  .ok());
  CreateDirective("32024L1233", "2026-05-21");

  v1::Note again;
  ASSERT_TRUE(GetNote("2026-03-31", &again).ok());
  EXPECT_EQ(Html("2026-03-31"), html_before);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before, again))
      << before.DebugString() << "\n---\n"
      << again.DebugString();

  v1::Note today;
  ASSERT_TRUE(GetNote("", &today).ok());
  EXPECT_EQ(today.as_of_date(), "2026-04-10");
  EXPECT_EQ(today.figures().followed(), 3);
  EXPECT_EQ(today.figures().overdue(), 1);
}

TEST_F(NoteTest, TheTrendIsTheLogAsOfEachMonthEnd) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());  // on 10 January 2026
  CreateDirective("32024L0825", "2026-03-27");
  SetDate(2026, 3, 31);
  v1::Note note;
  ASSERT_TRUE(GetNote("2026-03-31", &note).ok());
  ASSERT_EQ(note.trend_size(), 12);
  EXPECT_EQ(note.trend(0).date(), "2025-04-30");
  EXPECT_EQ(note.trend(8).date(), "2025-12-31");
  EXPECT_EQ(note.trend(8).figures().followed(), 0);  // not registered yet
  EXPECT_EQ(note.trend(9).date(), "2026-01-31");
  EXPECT_EQ(note.trend(9).figures().followed(), 2);
  EXPECT_EQ(note.trend(9).figures().overdue(), 1);
  EXPECT_EQ(note.trend(10).date(), "2026-02-28");
  EXPECT_EQ(note.trend(11).date(), "2026-03-31");
  EXPECT_EQ(note.trend(11).figures().overdue(), 2);
  EXPECT_DOUBLE_EQ(note.trend(11).figures().deficit(), 1.0);
}

TEST_F(NoteTest, TheNoteRendersInEachFormatAndLanguage) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  CreateDirective("32024L0825", "2026-03-27");
  SetDate(2026, 3, 31);
  auto render = [&](v1::DocumentFormat format, v1::ReportLanguage language) {
    v1::GetNoteRequest request;
    request.set_as_of_date("2026-03-31");
    request.set_format(format);
    request.set_language(language);
    v1::GetNoteResponse response;
    EXPECT_TRUE(reports_->GetNote(Ctx().get(), request, &response).ok());
    EXPECT_EQ(response.note().figures().overdue(), 2);
    return response.document();
  };
  v1::Document md =
      render(v1::DOCUMENT_FORMAT_MARKDOWN, v1::REPORT_LANGUAGE_NL);
  EXPECT_EQ(md.file_name(), "note-2026-03-31-nl.md");
  EXPECT_THAT(md.content(), HasSubstr("| Opgevolgde richtlijnen | 2 |\n"));
  EXPECT_THAT(md.content(), HasSubstr("| Laattijdig | 2 |\n"));
  v1::Document html = render(v1::DOCUMENT_FORMAT_HTML, v1::REPORT_LANGUAGE_FR);
  EXPECT_EQ(html.media_type(), "text/html; charset=utf-8");
  EXPECT_THAT(html.content(), HasSubstr("<html lang=\"fr\">"));
  EXPECT_THAT(html.content(), HasSubstr("<td>En retard</td>"));
  v1::Document csv =
      render(v1::DOCUMENT_FORMAT_CSV, v1::REPORT_LANGUAGE_UNSPECIFIED);
  EXPECT_EQ(csv.file_name(), "note-2026-03-31-en.csv");
  EXPECT_THAT(csv.content(), HasSubstr("\r\nOverdue,2\r\n"));
  // No format, no document.
  EXPECT_EQ(
      render(v1::DOCUMENT_FORMAT_UNSPECIFIED, v1::REPORT_LANGUAGE_NL).content(),
      "");

  v1::GetNoteRequest bad;
  bad.set_format(static_cast<v1::DocumentFormat>(9));
  v1::GetNoteResponse response;
  EXPECT_THAT(reports_->GetNote(Ctx().get(), bad, &response),
              InvalidField("format", "not a DocumentFormat"));
  bad.set_format(v1::DOCUMENT_FORMAT_HTML);
  bad.set_language(static_cast<v1::ReportLanguage>(7));
  EXPECT_THAT(reports_->GetNote(Ctx().get(), bad, &response),
              InvalidField("language", "not a ReportLanguage"));
}

TEST_F(NoteTest, TheYearlyReportIsTheNoteOfTheYear) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  SetDate(2026, 3, 31);
  auto yearly = [&](int year, v1::GetYearlyReportResponse* response) {
    v1::GetYearlyReportRequest request;
    request.set_year(year);
    request.set_format(v1::DOCUMENT_FORMAT_MARKDOWN);
    request.set_language(v1::REPORT_LANGUAGE_FR);
    return reports_->GetYearlyReport(Ctx().get(), request, response);
  };
  v1::GetYearlyReportResponse last;
  ASSERT_TRUE(yearly(2025, &last).ok());
  EXPECT_EQ(last.year(), 2025);
  EXPECT_EQ(last.note().as_of_date(), "2025-12-31");
  EXPECT_EQ(last.note().since_date(), "2024-12-31");
  EXPECT_EQ(last.note().horizon_date(), "2026-06-30");
  EXPECT_EQ(last.note().figures().followed(), 0);  // registered in 2026
  EXPECT_EQ(last.note().trend(0).date(), "2025-01-31");
  EXPECT_EQ(last.document().file_name(), "yearly-report-2025-fr.md");
  EXPECT_THAT(last.document().content(),
              HasSubstr("# Rapport au Parlement bruxellois"));

  v1::GetYearlyReportResponse current;
  ASSERT_TRUE(yearly(2026, &current).ok());
  EXPECT_EQ(current.note().as_of_date(), "2026-03-31");  // today
  EXPECT_EQ(current.note().figures().followed(), 1);
  EXPECT_EQ(current.note().figures().overdue(), 1);

  v1::GetYearlyReportResponse refused;
  EXPECT_THAT(yearly(2027, &refused), InvalidField("year", "2027"));
  EXPECT_THAT(yearly(1957, &refused), InvalidField("year", "not from 1958"));
}

TEST_F(NoteTest, DaysOutOfOrderOrNotDatesAreRefused) {
  SetDate(2026, 3, 31);
  v1::Note note;
  EXPECT_THAT(GetNote("2026-04-01", &note),
              InvalidField("as_of_date", "after today"));
  EXPECT_THAT(GetNote("2026-02-30", &note),
              InvalidField("as_of_date", "2026-02-30"));
  EXPECT_THAT(GetNote("2026-03-31", &note, "2026-03-31"),
              InvalidField("since_date", "not before as_of_date"));
  EXPECT_THAT(GetNote("2026-03-31", &note, "", "2026-03-01"),
              InvalidField("horizon_date", "not after as_of_date"));
}

}  // namespace
}  // namespace transpo
