// Helpers of the directive and dossier tests: the whistleblowers directive
// (32019L1937) and a way to run commands on it.

#ifndef TRANSPO_TESTS_SERVER_DOMAIN_DIRECTIVE_FIXTURE_H_
#define TRANSPO_TESTS_SERVER_DOMAIN_DIRECTIVE_FIXTURE_H_

#include "gtest/gtest.h"
#include "server/domain/directive.h"

namespace transpo::domain {

inline absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

// The directory of the tests: bee (correspondents a.dupont, and o.hand who
// left), bi (c.peeters) and bm (none).
inline absl::StatusOr<std::optional<AdministrationState>> TestAdministration(
    const std::string& id) {
  AdministrationState a;
  a.version = 1;
  a.info = {id, id + " (nl)", id + " (fr)"};
  if (id == "bee") {
    a.correspondents = {{"a.dupont", "A. Dupont", "adupont@sprb.brussels"},
                        {.id = "o.hand",
                         .name = "O. Hand",
                         .email = "ohand@sprb.brussels",
                         .active = false}};
  } else if (id == "bi") {
    a.correspondents = {{"c.peeters", "C. Peeters", "cpeeters@sprb.brussels",
                         Language::kFrench}};
  } else if (id != "bm") {
    return std::nullopt;
  }
  return a;
}

inline const DecideContext kContext{.today = D(2026, 3, 2),
                                    .administration = TestAdministration};

inline DirectiveInfo Whistleblowers() {
  DirectiveInfo d;
  d.celex = "32019L1937";
  d.short_title = "Whistleblower protection";
  d.adoption_date = D(2019, 10, 23);
  d.deadlines = {{D(2021, 12, 17), ""},
                 {D(2023, 12, 17), "Art 8(3) private entities 50-249"}};
  d.policy_area = "justice";
  d.competence = Competence::kShared;
  return d;
}

// Decides and applies `command`, failing the test on an error.
inline void Execute(DirectiveState& state, const DirectiveCommand& command,
                    const DecideContext& context = kContext) {
  auto events = Decide(state, command, context);
  ASSERT_TRUE(events.ok()) << events.status();
  for (const auto& e : *events) Apply(state, e, {absl::UnixEpoch(), "tester"});
}

inline DirectiveState Registered() {
  DirectiveState state;
  Execute(state, RegisterDirective{Whistleblowers()});
  return state;
}

inline DirectiveState WithStatus(DossierStatus status) {
  DirectiveState state = Registered();
  state.status = status;  // a test shortcut: tables below exercise every pair
  return state;
}

}  // namespace transpo::domain

#endif  // TRANSPO_TESTS_SERVER_DOMAIN_DIRECTIVE_FIXTURE_H_
