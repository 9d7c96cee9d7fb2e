// ReportService.GetNote through the wire: the note of a recorded history,
// unchanged for a past day when later events are recorded; days out of order
// refused naming the field.

#include <google/protobuf/util/message_differencer.h>

#include "tests/server/api_fixture.h"
#include "transpo/v1/reports.grpc.pb.h"

namespace transpo {
namespace {

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
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before, again))
      << before.DebugString() << "\n---\n"
      << again.DebugString();

  v1::Note today;
  ASSERT_TRUE(GetNote("", &today).ok());
  EXPECT_EQ(today.as_of_date(), "2026-04-10");
  EXPECT_EQ(today.figures().followed(), 3);
  EXPECT_EQ(today.figures().overdue(), 1);
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
