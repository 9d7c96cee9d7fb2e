#include "server/domain/directive.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/field_error.h"
#include "tests/server/domain/directive_fixture.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(DirectiveTest, RegisterCreatesTheDossier) {
  DirectiveState state = Registered();
  EXPECT_EQ(state.version, 1u);
  EXPECT_EQ(state.status, DossierStatus::kRegistered);
  EXPECT_EQ(state.directive.deadlines.size(), 2u);
  EXPECT_EQ(state.created.actor, "tester");
  EXPECT_THAT(
      Decide(state, RegisterDirective{Whistleblowers()}, kContext),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("32019L1937")));
}

TEST(DirectiveTest, RejectsBadDirectivesNamingTheField) {
  struct Case {
    std::function<void(DirectiveInfo&)> mutate;
    std::string field;
    std::string message;
  };
  const Case cases[] = {
      {[](DirectiveInfo& d) { d.celex = "32019R1937"; }, "directive.celex",
       "\"32019R1937\""},
      {[](DirectiveInfo& d) { d.celex = "3201L1937"; }, "directive.celex",
       "3YYYYLNNNN"},
      {[](DirectiveInfo& d) { d.short_title = " "; }, "directive.short_title",
       "required"},
      {[](DirectiveInfo& d) { d.deadlines.clear(); }, "directive.deadlines",
       "at least one"},
      {[](DirectiveInfo& d) { d.deadlines[1].date = D(2019, 1, 1); },
       "directive.deadlines[1].date",
       "\"2019-01-01\": before the adoption date 2019-10-23"},
      {[](DirectiveInfo& d) { d.title = std::string(2001, 'x'); },
       "directive.title", "2001 bytes, at most 2000"},
  };
  for (const Case& c : cases) {
    DirectiveInfo info = Whistleblowers();
    c.mutate(info);
    auto result = Decide(DirectiveState{}, RegisterDirective{info}, kContext);
    EXPECT_THAT(result, StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr(c.message)))
        << c.field;
    EXPECT_EQ(ErrorField(result.status()), c.field);
  }
}

TEST(DirectiveTest, CommandsOnAnUnknownDirectiveAreNotFound) {
  EXPECT_THAT(Decide(DirectiveState{},
                     AssignDossier{{.lead_administration = "x"}}, kContext),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

TEST(DirectiveTest, UpdateChangesOnlyMaskedFields) {
  DirectiveState state = Registered();
  DirectiveInfo patch;
  patch.short_title = "Whistleblowers";
  patch.policy_area = "ignored";
  Execute(state, UpdateDirective{patch, {"short_title"}});
  EXPECT_EQ(state.directive.short_title, "Whistleblowers");
  EXPECT_EQ(state.directive.policy_area, "justice");
  EXPECT_EQ(state.version, 2u);

  EXPECT_THAT(Decide(state, UpdateDirective{patch, {"celex"}}, kContext),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("cannot be changed")));
  EXPECT_THAT(Decide(state, UpdateDirective{patch, {"colour"}}, kContext),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"colour\": unknown field")));
  EXPECT_THAT(
      Decide(state, UpdateDirective{patch, {}}, kContext),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
  // The merged result is validated as a whole.
  patch.adoption_date = D(2022, 1, 1);
  EXPECT_THAT(
      Decide(state, UpdateDirective{patch, {"adoption_date"}}, kContext),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("before the adoption date")));
}

}  // namespace
}  // namespace transpo::domain
