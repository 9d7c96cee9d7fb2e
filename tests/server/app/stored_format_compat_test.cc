// A data directory written by the transpod of commit 5d8bbf1, before the
// stored formats became internal (tests/fixtures/format1: event payloads and
// rows were transpo.v1 messages), opens with today's code: the rows are
// rebuilt from the log at start, every answer is the one that server gave,
// the log verifies, and writes go on in the new format. Its dossiers name
// administrations and people in free text, from before the directory: they
// stay as they are until an assignment names directory ids.

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "tests/server/api_fixture.h"

namespace transpo {
namespace {

// The answers of answers.txt, by their "# <call>" header.
std::map<std::string, std::string> Answers() {
  std::ifstream in(std::string(FIXTURE_DIR) + "/answers.txt");
  std::stringstream text;
  text << in.rdbuf();
  std::map<std::string, std::string> answers;
  std::string* current = nullptr;
  for (absl::string_view line : absl::StrSplit(text.str(), '\n')) {
    if (absl::StartsWith(line, "# ")) {
      current = &answers[std::string(line.substr(2))];
    } else if (current != nullptr) {
      absl::StrAppend(current, line, "\n");
    }
  }
  return answers;
}

template <typename Message>
void ExpectAnswer(const std::string& json, const Message& actual) {
  Message expected;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &expected).ok())
      << json;
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(expected, actual)) << diff;
}

class StoredFormatCompatTest : public ApiTest {
 protected:
  void SetUp() override {
    std::filesystem::copy(
        std::string(FIXTURE_DIR) + "/data_dir", dir_.path(),
        std::filesystem::copy_options::recursive |
            std::filesystem::copy_options::overwrite_existing);
    // The fixture's clock stood at 2022-03-20T10:00Z (11:00 in Brussels).
    // Without alerts: the log holds only what the tests write.
    Start("manual@2022-03-20T11:00", /*alerts=*/false);
  }
};

TEST_F(StoredFormatCompatTest, AnswersAsTheServerThatWroteIt) {
  EXPECT_EQ(Head(), 19u);
  EXPECT_EQ(server_->log().projection_checkpoint(), 19u);  // rebuilt at start
  const std::map<std::string, std::string> answers = Answers();
  ASSERT_EQ(answers.size(), 8u);
  for (const char* celex : {"32019L1937", "32019L1024", "32024L2881"}) {
    SCOPED_TRACE(celex);
    v1::GetDossierRequest get;
    get.set_celex(celex);
    v1::GetDossierResponse dossier;
    ASSERT_TRUE(dossiers_->GetDossier(Ctx().get(), get, &dossier).ok());
    ExpectAnswer(answers.at(absl::StrCat("GetDossier ", celex)), dossier);
    v1::GetDirectiveRequest get_directive;
    get_directive.set_celex(celex);
    v1::GetDirectiveResponse directive;
    ASSERT_TRUE(
        directives_->GetDirective(Ctx().get(), get_directive, &directive).ok());
    ExpectAnswer(answers.at(absl::StrCat("GetDirective ", celex)), directive);
  }
  v1::GetProcedureRequest get_procedure;
  get_procedure.set_number("INFR(2022)0075");
  v1::GetProcedureResponse procedure;
  ASSERT_TRUE(
      procedures_->GetProcedure(Ctx().get(), get_procedure, &procedure).ok());
  ExpectAnswer(answers.at("GetProcedure INFR(2022)0075"), procedure);
  v1::GetCourtCaseRequest get_case;
  get_case.set_number("C-543/17");
  v1::GetCourtCaseResponse court_case;
  ASSERT_TRUE(
      court_cases_->GetCourtCase(Ctx().get(), get_case, &court_case).ok());
  ExpectAnswer(answers.at("GetCourtCase C-543/17"), court_case);
}

TEST_F(StoredFormatCompatTest, OldEventsVerifyAndNewOnesFollowThem) {
  // A retry of a request the old server answered writes nothing.
  v1::CreateDirectiveResponse created;
  ASSERT_TRUE(Create(Whistleblowers(), "fixture-create-1937", &created).ok());
  EXPECT_EQ(created.directive().version(), 1u);
  EXPECT_EQ(Head(), 19u);

  ASSERT_TRUE(ChangeStatus("32019L1937", v1::DOSSIER_STATUS_DRAFTING).ok());
  EXPECT_EQ(Head(), 20u);
  v1::ReadStreamRequest history;
  history.set_stream("directive-32019L1937");
  v1::ReadStreamResponse events;
  ASSERT_TRUE(events_->ReadStream(Ctx().get(), history, &events).ok());
  ASSERT_EQ(events.events_size(), 10);
  EXPECT_EQ(events.events(0).type(), "transpo.v1.DirectiveRegistered");
  EXPECT_EQ(events.events(9).type(), "transpo.v1.DossierStatusChanged");

  Restart();  // the rows stay current: no second rebuild
  EXPECT_EQ(GetDossier("32019L1937").status(), v1::DOSSIER_STATUS_DRAFTING);
  auto report = server_->log().Verify();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok()) << report->problem;
  EXPECT_EQ(report->events_checked, 20u);
}

TEST_F(StoredFormatCompatTest, FreeTextAssignmentsStayUntilReassigned) {
  const std::string legacy = "Brussels Economy and Employment";
  EXPECT_EQ(GetDossier("32019L1937").lead_administration(), legacy);
  // A write that does not set the people keeps them.
  v1::UpdateDossierRequest update;
  update.mutable_dossier()->set_celex("32019L1937");
  update.mutable_dossier()->set_delay_cause("Parliament's agenda");
  update.mutable_update_mask()->add_paths("delay_cause");
  v1::UpdateDossierResponse updated;
  ASSERT_TRUE(dossiers_->UpdateDossier(Ctx().get(), update, &updated).ok());
  EXPECT_EQ(updated.dossier().lead_administration(), legacy);
  EXPECT_THAT(updated.dossier().correspondents(),
              ::testing::ElementsAre("A. Janssens"));
  // A new assignment names the directory's ids.
  v1::AssignDossierRequest assign;
  assign.set_celex("32019L1937");
  assign.set_lead_administration(legacy);
  v1::AssignDossierResponse assigned;
  EXPECT_THAT(
      dossiers_->AssignDossier(Ctx().get(), assign, &assigned),
      InvalidField("dossier.lead_administration", "no such administration"));
  AddAdministration("bee", {"a.janssens"});
  assign.set_lead_administration("bee");
  assign.add_correspondents("a.janssens");
  ASSERT_TRUE(dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());
  EXPECT_EQ(assigned.dossier().lead_administration(), "bee");
}

}  // namespace
}  // namespace transpo
