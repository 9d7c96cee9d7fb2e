// Lists through the indexes give exactly what filtering every dossier would
// give (the same dossiers, each once, whatever the page size), now and as of
// earlier instants; procedures by directive, open or at a stage likewise.

#include <algorithm>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/server/api_fixture.h"

namespace transpo {
namespace {

constexpr int kDirectives = 120;
const char* const kAdministrations[] = {"bee", "bm", "be", "urban"};

class ApiListsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    for (const char* id : kAdministrations) AddAdministration(id);
    std::mt19937 random(7);
    for (int i = 0; i < kDirectives; ++i) {
      if (i == kDirectives / 2) {
        halfway_ = server_->clock().Now();
        SetDate(2021, 9, 1);
      }
      v1::Directive d;
      d.set_celex(absl::StrFormat("3%04dL%04d", 2000 + i % 7, i));
      d.set_short_title("A directive");
      d.set_policy_area(absl::StrCat("area-", i % 3));
      const int deadlines = 1 + i % 3;
      for (int k = 0; k < deadlines; ++k) {
        const absl::CivilDay day =
            absl::CivilDay(2020, 1, 1) +
            std::uniform_int_distribution<int>(0, 900)(random);
        d.add_deadlines()->set_date(absl::FormatCivilTime(day));
      }
      ASSERT_TRUE(Create(d).ok());
      if (i % 5 == 0) continue;  // stays registered
      v1::AssignDossierRequest assign;
      assign.set_celex(d.celex());
      assign.set_lead_administration(kAdministrations[i % 4]);
      if (i % 2 == 0) {
        assign.add_involved_administrations(kAdministrations[(i + 1) % 4]);
      }
      v1::AssignDossierResponse assigned;
      ASSERT_TRUE(
          dossiers_->AssignDossier(Ctx().get(), assign, &assigned).ok());
      if (i % 3 == 0) {
        ASSERT_TRUE(ChangeStatus(d.celex(), v1::DOSSIER_STATUS_DRAFTING).ok());
      }
      if (i % 7 == 0) {
        ASSERT_TRUE(
            ChangeStatus(d.celex(), v1::DOSSIER_STATUS_NOT_APPLICABLE, "no")
                .ok());
      }
    }
    SetDate(2022, 1, 15);
  }

  // Every dossier, paging with `page_size`; fails on a duplicate.
  std::vector<v1::Dossier> All(const v1::DossierFilter& filter, int page_size,
                               std::optional<absl::Time> as_of = {}) {
    std::vector<v1::Dossier> out;
    std::set<std::string> seen;
    v1::ListDossiersRequest request;
    *request.mutable_filter() = filter;
    request.set_page_size(page_size);
    if (as_of)
      request.mutable_as_of()->set_seconds(absl::ToUnixSeconds(*as_of));
    for (int pages = 0; pages < 1000; ++pages) {
      v1::ListDossiersResponse response;
      grpc::Status status =
          dossiers_->ListDossiers(Ctx().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::Dossier& d : response.dossiers()) {
        EXPECT_TRUE(seen.insert(d.celex()).second) << d.celex() << " twice";
        out.push_back(d);
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return out;
  }

  // The CELEX numbers of the dossiers a filter lists, found by reading every
  // dossier and checking the filter by hand.
  std::set<std::string> Expected(
      const std::function<bool(const v1::Dossier&)>& keep,
      std::optional<absl::Time> as_of = {}) {
    std::set<std::string> out;
    for (const v1::Dossier& d : All({}, 500, as_of)) {
      if (keep(d)) out.insert(d.celex());
    }
    return out;
  }

  static std::set<std::string> Celexes(const std::vector<v1::Dossier>& list) {
    std::set<std::string> out;
    for (const v1::Dossier& d : list) out.insert(d.celex());
    return out;
  }

  absl::Time halfway_;
};

TEST_F(ApiListsTest, EveryFilterListsWhatFilteringEveryDossierWould) {
  ASSERT_EQ(All({}, 7).size(), static_cast<size_t>(kDirectives));
  struct Case {
    const char* name;
    v1::DossierFilter filter;
    std::function<bool(const v1::Dossier&)> keep;
  };
  std::vector<Case> cases;
  {
    v1::DossierFilter f;
    f.set_overdue_only(true);
    cases.push_back(
        {"overdue", f, [](const v1::Dossier& d) { return d.overdue(); }});
  }
  {
    v1::DossierFilter f;
    f.add_statuses(v1::DOSSIER_STATUS_DRAFTING);
    cases.push_back({"drafting", f, [](const v1::Dossier& d) {
                       return d.status() == v1::DOSSIER_STATUS_DRAFTING;
                     }});
  }
  {
    v1::DossierFilter f;
    f.add_statuses(v1::DOSSIER_STATUS_REGISTERED);
    f.add_statuses(v1::DOSSIER_STATUS_NOT_APPLICABLE);
    cases.push_back({"two statuses", f, [](const v1::Dossier& d) {
                       return d.status() == v1::DOSSIER_STATUS_REGISTERED ||
                              d.status() == v1::DOSSIER_STATUS_NOT_APPLICABLE;
                     }});
  }
  {
    v1::DossierFilter f;
    f.set_administration("urban");
    cases.push_back({"administration", f, [](const v1::Dossier& d) {
                       const auto& involved = d.involved_administrations();
                       return d.lead_administration() == "urban" ||
                              std::find(involved.begin(), involved.end(),
                                        "urban") != involved.end();
                     }});
  }
  {
    v1::DossierFilter f;
    f.set_policy_area("area-1");
    cases.push_back({"area", f, [](const v1::Dossier& d) {
                       return d.celex() != "" &&
                              std::stoi(d.celex().substr(6)) % 3 == 1;
                     }});
  }
  {
    v1::DossierFilter f;
    f.set_deadline_after("2021-01-01");
    f.set_deadline_before("2021-06-30");
    cases.push_back({"deadline window", f, [](const v1::Dossier& d) {
                       for (const v1::Deadline& x : d.deadlines()) {
                         if (x.kind() == v1::DEADLINE_KIND_TRANSPOSITION &&
                             x.date() >= "2021-01-01" &&
                             x.date() <= "2021-06-30") {
                           return true;
                         }
                       }
                       return false;
                     }});
  }
  {
    v1::DossierFilter f;
    f.set_overdue_only(true);
    f.set_administration("bm");
    f.add_statuses(v1::DOSSIER_STATUS_ASSIGNED);
    cases.push_back(
        {"overdue, administration and status", f, [](const v1::Dossier& d) {
           const auto& involved = d.involved_administrations();
           return d.overdue() && d.status() == v1::DOSSIER_STATUS_ASSIGNED &&
                  (d.lead_administration() == "bm" ||
                   std::find(involved.begin(), involved.end(), "bm") !=
                       involved.end());
         }});
  }
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::set<std::string> expected = Expected(c.keep);
    EXPECT_FALSE(expected.empty());
    for (int page_size : {1, 3, 50}) {
      EXPECT_EQ(Celexes(All(c.filter, page_size)), expected) << page_size;
    }
  }
}

TEST_F(ApiListsTest, AsOfListsShowTheDossiersAsTheyWere) {
  // Halfway, half the directives existed, none yet changed by later writes.
  const std::vector<v1::Dossier> then = All({}, 9, halfway_);
  EXPECT_EQ(then.size(), static_cast<size_t>(kDirectives / 2));
  for (const v1::Dossier& d : then) {
    v1::GetDossierRequest get;
    get.set_celex(d.celex());
    get.mutable_as_of()->set_seconds(absl::ToUnixSeconds(halfway_));
    v1::GetDossierResponse got;
    ASSERT_TRUE(dossiers_->GetDossier(Ctx().get(), get, &got).ok());
    EXPECT_EQ(got.dossier().SerializeAsString(), d.SerializeAsString());
  }
  v1::DossierFilter drafting;
  drafting.add_statuses(v1::DOSSIER_STATUS_DRAFTING);
  EXPECT_EQ(Celexes(All(drafting, 4, halfway_)),
            Expected(
                [](const v1::Dossier& d) {
                  return d.status() == v1::DOSSIER_STATUS_DRAFTING;
                },
                halfway_));
}

TEST_F(ApiListsTest, ProceduresByDirectiveOpenAndStage) {
  for (int p = 0; p < 6; ++p) {
    v1::OpenProcedureRequest open;
    open.set_number(absl::StrFormat("INFR(2021)%04d", p));
    open.set_type(v1::PROCEDURE_TYPE_NON_COMMUNICATION);
    open.add_celex(absl::StrFormat("3%04dL%04d", 2000 + (p % 2) % 7, p % 2));
    v1::OpenProcedureResponse opened;
    ASSERT_TRUE(procedures_->OpenProcedure(Ctx().get(), open, &opened).ok());
    if (p % 3 != 0) {
      v1::RecordStageRequest stage;
      stage.set_number(open.number());
      stage.mutable_stage()->set_kind(v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE);
      stage.mutable_stage()->set_date("2022-01-10");
      v1::RecordStageResponse staged;
      ASSERT_TRUE(procedures_->RecordStage(Ctx().get(), stage, &staged).ok());
    }
    if (p == 5) {
      v1::CloseProcedureRequest close;
      close.set_number(open.number());
      close.set_closure_date("2022-01-12");
      close.set_reason("notified");
      v1::CloseProcedureResponse closed;
      ASSERT_TRUE(
          procedures_->CloseProcedure(Ctx().get(), close, &closed).ok());
    }
  }
  auto numbers = [&](v1::ListProceduresRequest request) {
    std::vector<std::string> out;
    request.set_page_size(2);
    for (;;) {
      v1::ListProceduresResponse response;
      EXPECT_TRUE(
          procedures_->ListProcedures(Ctx().get(), request, &response).ok());
      for (const auto& p : response.procedures()) out.push_back(p.number());
      if (response.next_page_token().empty()) return out;
      request.set_page_token(response.next_page_token());
    }
  };
  v1::ListProceduresRequest by_celex;
  by_celex.set_celex("32001L0001");
  EXPECT_THAT(numbers(by_celex),
              ::testing::ElementsAre("INFR(2021)0001", "INFR(2021)0003",
                                     "INFR(2021)0005"));
  v1::ListProceduresRequest open;
  open.set_open_only(true);
  EXPECT_EQ(numbers(open).size(), 5u);
  v1::ListProceduresRequest letters;
  letters.set_stage(v1::STAGE_KIND_LETTER_OF_FORMAL_NOTICE);
  EXPECT_THAT(numbers(letters),
              ::testing::ElementsAre("INFR(2021)0001", "INFR(2021)0002",
                                     "INFR(2021)0004"));
}

}  // namespace
}  // namespace transpo
