#include "server/domain/administration.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/dossier_people.h"
#include "server/domain/field_error.h"
#include "server/domain/limits.h"
#include "tests/server/domain/directive_fixture.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

const AdministrationInfo kBee{"bee", "Brussel Economie en Werkgelegenheid",
                              "Bruxelles Economie et Emploi"};
const Correspondent kJanssens{"a.janssens", "A. Janssens",
                              "ajanssens@sprb.brussels", Language::kDutch};

void Execute(AdministrationState& state, const AdministrationCommand& command) {
  auto events = Decide(state, command);
  ASSERT_TRUE(events.ok()) << events.status();
  for (const auto& e : *events) Apply(state, e, {absl::UnixEpoch(), "tester"});
}

TEST(AdministrationTest, RegisterWithCorrespondentsThenChangeThem) {
  AdministrationState state;
  Execute(state, RegisterAdministration{kBee, {kJanssens}});
  EXPECT_EQ(state.version, 2u);  // registered, one correspondent added
  EXPECT_EQ(state.info.name_fr, "Bruxelles Economie et Emploi");
  Execute(state,
          AddCorrespondent{{"b.dupont", "B. Dupont", "bdupont@sprb.brussels",
                            Language::kFrench}});
  Execute(state, UpdateCorrespondent{{.id = "a.janssens", .active = false},
                                     {"active"}});
  ASSERT_EQ(state.correspondents.size(), 2u);
  EXPECT_FALSE(state.FindCorrespondent("a.janssens")->active);
  EXPECT_EQ(state.FindCorrespondent("a.janssens")->email,
            "ajanssens@sprb.brussels");  // not in the mask: kept
  Execute(state, UpdateAdministration{{.name_nl = "BEW"}, {"name_nl"}});
  EXPECT_EQ(state.info.name_nl, "BEW");
  EXPECT_EQ(state.info.name_fr, "Bruxelles Economie et Emploi");
  EXPECT_EQ(state.version, 5u);
}

TEST(AdministrationTest, RefusalsNameTheFieldAndChangeNothing) {
  AdministrationState state;
  auto refused =
      Decide(state, RegisterAdministration{{"Brussels Economy", "a", "b"}, {}});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("not an administration id")));
  EXPECT_EQ(ErrorField(refused.status()), "administration.id");
  refused = Decide(state, RegisterAdministration{{"bee", "", "b"}, {}});
  EXPECT_EQ(ErrorField(refused.status()), "administration.name_nl");
  Correspondent bad_mail = kJanssens;
  bad_mail.email = "ajanssens at sprb";
  refused = Decide(state, RegisterAdministration{kBee, {kJanssens, bad_mail}});
  EXPECT_EQ(ErrorField(refused.status()),
            "administration.correspondents[1].email");
  refused = Decide(state, RegisterAdministration{kBee, {kJanssens, kJanssens}});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("listed twice")));
  EXPECT_THAT(Decide(state, AddCorrespondent{kJanssens}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("not found")));

  Execute(state, RegisterAdministration{kBee, {kJanssens}});
  EXPECT_THAT(Decide(state, RegisterAdministration{kBee, {}}),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("bee")));
  EXPECT_THAT(Decide(state, AddCorrespondent{kJanssens}),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("already has correspondent a.janssens")));
  EXPECT_THAT(
      Decide(state, UpdateCorrespondent{{.id = "nobody"}, {"name"}}),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("no correspondent")));
  refused = Decide(state, UpdateCorrespondent{{.id = "a.janssens"}, {"id"}});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("cannot be changed")));
  refused = Decide(state, UpdateCorrespondent{{.id = "a.janssens"}, {"email"}});
  EXPECT_EQ(ErrorField(refused.status()), "correspondent.email");
  refused = Decide(state, UpdateAdministration{{}, {"name_fr"}});
  EXPECT_EQ(ErrorField(refused.status()), "administration.name_fr");
}

TEST(AdministrationTest, AnAdministrationHoldsAtMostItsBoundOfCorrespondents) {
  AdministrationState state;
  Execute(state, RegisterAdministration{kBee, {}});
  Correspondent c = kJanssens;
  for (size_t i = 0; i < kMaxCorrespondents; ++i) {
    c.id = absl::StrCat("c", i);
    Execute(state, AddCorrespondent{c});
  }
  c.id = "one-too-many";
  EXPECT_THAT(
      Decide(state, AddCorrespondent{c}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at most 100")));
}

TEST(AdministrationTest, IdsAndEmails) {
  for (const char* good : {"bee", "bm", "brussels-environment", "a1"}) {
    EXPECT_OK(ValidateAdministrationId("id", good)) << good;
  }
  for (const char* bad : {"", "b", "Bee", "1bee", "bee env", "bée",
                          "abcdefghijklmnopqrstuvwxyz0123456"}) {
    EXPECT_FALSE(ValidateAdministrationId("id", bad).ok()) << bad;
  }
  for (const char* good : {"a.janssens", "7", "j_doe-2"}) {
    EXPECT_OK(ValidateCorrespondentId("id", good)) << good;
  }
  for (const char* bad : {"", ".a", "A.Janssens", "a janssens"}) {
    EXPECT_FALSE(ValidateCorrespondentId("id", bad).ok()) << bad;
  }
  AdministrationState state;
  Execute(state, RegisterAdministration{kBee, {}});
  Correspondent c = kJanssens;
  for (const char* bad :
       {"a@b", "@b.be", "a@b.", "a@@b.be", "a b@c.be", "a@.be"}) {
    c.email = bad;
    EXPECT_THAT(Decide(state, AddCorrespondent{c}),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("not an e-mail address")))
        << bad;
  }
}

TEST(DossierPeopleTest, AssignmentsNameTheDirectorysIds) {
  const FindAdministration& find = kContext.administration;
  const std::set<std::string> all = {
      "lead_administration", "involved_administrations", "correspondents"};
  EXPECT_OK(CheckPeopleIds({.lead_administration = "bee",
                            .involved_administrations = {"bi", "bm"},
                            .correspondents = {"a.dupont", "c.peeters"}},
                           all, find));
  absl::Status refused =
      CheckPeopleIds({.lead_administration = "Brussels Economy"}, all, find);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("no such administration")));
  EXPECT_EQ(ErrorField(refused), "dossier.lead_administration");
  refused = CheckPeopleIds(
      {.lead_administration = "bee", .involved_administrations = {"bi", "x"}},
      all, find);
  EXPECT_EQ(ErrorField(refused), "dossier.involved_administrations[1]");
  // A correspondent of an administration the dossier does not name.
  refused = CheckPeopleIds({.lead_administration = "bee",
                            .correspondents = {"a.dupont", "c.peeters"}},
                           all, find);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("dossier's administrations (bee)")));
  EXPECT_EQ(ErrorField(refused), "dossier.correspondents[1]");
  refused = CheckPeopleIds(
      {.lead_administration = "bee", .correspondents = {"o.hand"}}, all, find);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("inactive")));
  // Without a directory no id is known.
  EXPECT_FALSE(CheckPeopleIds({.lead_administration = "bee"}, all, {}).ok());
  // Errors of the directory come through as they are.
  FindAdministration broken = [](const std::string&) {
    return absl::StatusOr<std::optional<AdministrationState>>(
        absl::DataLossError("damaged row"));
  };
  EXPECT_THAT(CheckPeopleIds({.lead_administration = "bee"}, all, broken),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("damaged")));
}

TEST(DossierPeopleTest, LegacyNamesStayUntilTheFieldIsSet) {
  // A dossier recorded before the directory names free text; a command that
  // sets other fields keeps it.
  DirectiveState state = Registered();
  state.status = DossierStatus::kAssigned;
  state.dossier.lead_administration = "Brussels Economy and Employment";
  state.dossier.correspondents = {"A. Janssens"};
  Execute(state, UpdateDossier{{.delay_cause = "Council of State advice"},
                               {"delay_cause"}});
  EXPECT_EQ(state.dossier.lead_administration,
            "Brussels Economy and Employment");
  auto refused =
      Decide(state,
             UpdateDossier{{.involved_administrations = {"Brussels Mobility"}},
                           {"involved_administrations"}},
             kContext);
  EXPECT_EQ(ErrorField(refused.status()),
            "dossier.involved_administrations[0]");
  refused =
      Decide(state, AssignDossier{{.lead_administration = "Brussels Economy"}},
             kContext);
  EXPECT_EQ(ErrorField(refused.status()), "dossier.lead_administration");
  Execute(state, AssignDossier{{.lead_administration = "bee",
                                .correspondents = {"a.dupont"}}});
  EXPECT_EQ(state.dossier.correspondents, std::vector<std::string>{"a.dupont"});
}

}  // namespace
}  // namespace transpo::domain
