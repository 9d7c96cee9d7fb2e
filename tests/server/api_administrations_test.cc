// AdministrationService through the wire, and dossier assignments checked
// against the directory it keeps.

#include <string>
#include <vector>

#include "tests/server/api_fixture.h"
#include "transpo/v1/events.pb.h"

namespace transpo {
namespace {

using ::testing::ElementsAre;

class ApiAdministrationsTest : public ApiTest {
 protected:
  static v1::Correspondent Janssens() {
    v1::Correspondent c;
    c.set_id("a.janssens");
    c.set_name("A. Janssens");
    c.set_email("ajanssens@economie-emploi.brussels");
    c.set_language(v1::LANGUAGE_NL);
    return c;
  }

  grpc::Status CreateBee(v1::CreateAdministrationResponse* response,
                         const std::string& request_id = "") {
    v1::CreateAdministrationRequest request;
    v1::Administration* a = request.mutable_administration();
    a->set_id("bee");
    a->set_name_nl("Brussel Economie en Werkgelegenheid");
    a->set_name_fr("Bruxelles Economie et Emploi");
    *a->add_correspondents() = Janssens();
    request.set_request_id(request_id);
    return administrations_->CreateAdministration(Ctx().get(), request,
                                                  response);
  }

  grpc::Status Assign(const std::string& lead,
                      const std::vector<std::string>& involved,
                      const std::vector<std::string>& correspondents) {
    v1::AssignDossierRequest assign;
    assign.set_celex("32019L1937");
    assign.set_lead_administration(lead);
    for (const auto& a : involved) assign.add_involved_administrations(a);
    for (const auto& c : correspondents) assign.add_correspondents(c);
    v1::AssignDossierResponse assigned;
    return dossiers_->AssignDossier(Ctx().get(), assign, &assigned);
  }
};

TEST_F(ApiAdministrationsTest, KeepsAdministrationsAndTheirCorrespondents) {
  v1::CreateAdministrationResponse created;
  ASSERT_TRUE(CreateBee(&created, "create-bee").ok());
  EXPECT_EQ(created.administration().version(), 2u);
  ASSERT_EQ(created.administration().correspondents_size(), 1);
  EXPECT_TRUE(created.administration().correspondents(0).active());
  EXPECT_EQ(created.administration().audit().updated_by(), "euro-coordinator");
  const absl::Time created_at = server_->clock().Now();

  SetDate(2021, 7, 1);
  v1::AddCorrespondentRequest add;
  add.set_administration_id("bee");
  add.mutable_correspondent()->set_id("b.dupont");
  add.mutable_correspondent()->set_name("B. Dupont");
  add.mutable_correspondent()->set_email("bdupont@economie-emploi.brussels");
  add.mutable_correspondent()->set_language(v1::LANGUAGE_FR);
  add.set_expected_version(2);
  v1::AddCorrespondentResponse added;
  ASSERT_TRUE(
      administrations_->AddCorrespondent(Ctx().get(), add, &added).ok());

  v1::UpdateCorrespondentRequest leave;
  leave.set_administration_id("bee");
  leave.mutable_correspondent()->set_id("a.janssens");
  leave.mutable_update_mask()->add_paths("active");
  v1::UpdateCorrespondentResponse left;
  ASSERT_TRUE(
      administrations_->UpdateCorrespondent(Ctx().get(), leave, &left).ok());
  EXPECT_FALSE(left.administration().correspondents(0).active());
  EXPECT_EQ(left.administration().correspondents(0).language(),
            v1::LANGUAGE_NL);  // not in the mask: kept

  v1::UpdateAdministrationRequest rename;
  rename.mutable_administration()->set_id("bee");
  rename.mutable_administration()->set_name_fr("Bruxelles Economie");
  rename.mutable_update_mask()->add_paths("name_fr");
  v1::UpdateAdministrationResponse renamed;
  ASSERT_TRUE(
      administrations_->UpdateAdministration(Ctx().get(), rename, &renamed)
          .ok());
  EXPECT_EQ(renamed.administration().name_nl(),
            "Brussel Economie en Werkgelegenheid");
  EXPECT_EQ(renamed.administration().version(), 5u);

  AddAdministration("bm");
  v1::ListAdministrationsRequest list;
  v1::ListAdministrationsResponse listed;
  ASSERT_TRUE(
      administrations_->ListAdministrations(Ctx().get(), list, &listed).ok());
  ASSERT_EQ(listed.administrations_size(), 2);
  EXPECT_EQ(listed.administrations(0).id(), "bee");
  EXPECT_EQ(listed.administrations(1).id(), "bm");

  // As of the creation: one correspondent, active, the old name.
  v1::GetAdministrationRequest then;
  then.set_id("bee");
  then.mutable_as_of()->set_seconds(absl::ToUnixSeconds(created_at));
  v1::GetAdministrationResponse old;
  ASSERT_TRUE(
      administrations_->GetAdministration(Ctx().get(), then, &old).ok());
  EXPECT_EQ(old.administration().version(), 2u);
  EXPECT_EQ(old.administration().name_fr(), "Bruxelles Economie et Emploi");
  ASSERT_EQ(old.administration().correspondents_size(), 1);
  EXPECT_TRUE(old.administration().correspondents(0).active());
  list.mutable_as_of()->set_seconds(absl::ToUnixSeconds(created_at));
  ASSERT_TRUE(
      administrations_->ListAdministrations(Ctx().get(), list, &listed).ok());
  EXPECT_EQ(listed.administrations_size(), 1);

  // Survives a restart; a retried create answers its first answer.
  Restart();
  v1::CreateAdministrationResponse again;
  const uint64_t head = Head();
  ASSERT_TRUE(CreateBee(&again, "create-bee").ok());
  EXPECT_EQ(again.SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(Head(), head);

  // The history, as public events.
  v1::ReadStreamRequest history;
  history.set_stream("administration-bee");
  v1::ReadStreamResponse events;
  ASSERT_TRUE(events_->ReadStream(Ctx().get(), history, &events).ok());
  std::vector<std::string> types;
  for (const auto& e : events.events()) types.push_back(e.type());
  EXPECT_THAT(types, ElementsAre("transpo.v1.AdministrationRegistered",
                                 "transpo.v1.CorrespondentAdded",
                                 "transpo.v1.CorrespondentAdded",
                                 "transpo.v1.CorrespondentUpdated",
                                 "transpo.v1.AdministrationUpdated"));
  v1::CorrespondentAdded added_event;
  ASSERT_TRUE(added_event.ParseFromString(events.events(2).payload()));
  EXPECT_EQ(added_event.administration_id(), "bee");
  EXPECT_EQ(added_event.correspondent().language(), v1::LANGUAGE_FR);
}

TEST_F(ApiAdministrationsTest, BadRequestsNameTheFieldAndWriteNothing) {
  v1::CreateAdministrationResponse created;
  ASSERT_TRUE(CreateBee(&created).ok());
  const uint64_t head = Head();

  v1::CreateAdministrationRequest create;
  create.mutable_administration()->set_id("Brussels Mobility");
  EXPECT_THAT(
      administrations_->CreateAdministration(Ctx().get(), create, &created),
      InvalidField("administration.id", "not an administration id"));
  create.mutable_administration()->set_id("bm");
  create.mutable_administration()->set_name_nl("Brussel Mobiliteit");
  create.mutable_administration()->set_name_fr("Bruxelles Mobilité");
  v1::Correspondent no_language = Janssens();
  no_language.clear_language();
  *create.mutable_administration()->add_correspondents() = no_language;
  EXPECT_THAT(
      administrations_->CreateAdministration(Ctx().get(), create, &created),
      InvalidField("administration.correspondents[0].language",
                   "not a language"));
  EXPECT_THAT(CreateBee(&created),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS, "already registered"));

  v1::AddCorrespondentRequest add;
  add.set_administration_id("bm");
  *add.mutable_correspondent() = Janssens();
  v1::AddCorrespondentResponse added;
  EXPECT_THAT(administrations_->AddCorrespondent(Ctx().get(), add, &added),
              GrpcIs(grpc::StatusCode::NOT_FOUND, "administration bm"));
  add.set_administration_id("bee");
  EXPECT_THAT(administrations_->AddCorrespondent(Ctx().get(), add, &added),
              GrpcIs(grpc::StatusCode::ALREADY_EXISTS, "a.janssens"));
  add.mutable_correspondent()->set_id("c.peeters");
  add.mutable_correspondent()->set_email("c.peeters");
  EXPECT_THAT(administrations_->AddCorrespondent(Ctx().get(), add, &added),
              InvalidField("correspondent.email", "not an e-mail address"));
  add.mutable_correspondent()->set_email("cpeeters@sprb.brussels");
  add.set_expected_version(1);
  EXPECT_THAT(administrations_->AddCorrespondent(Ctx().get(), add, &added),
              GrpcIs(grpc::StatusCode::ABORTED, "version"));

  v1::UpdateCorrespondentRequest update;
  update.set_administration_id("bee");
  update.mutable_correspondent()->set_id("a.janssens");
  update.mutable_update_mask()->add_paths("language");
  v1::UpdateCorrespondentResponse updated;
  EXPECT_THAT(
      administrations_->UpdateCorrespondent(Ctx().get(), update, &updated),
      InvalidField("correspondent.language", "not a language"));
  v1::GetAdministrationRequest get;
  get.set_id("nobody");
  v1::GetAdministrationResponse got;
  EXPECT_THAT(administrations_->GetAdministration(Ctx().get(), get, &got),
              GrpcIs(grpc::StatusCode::NOT_FOUND, "nobody"));
  EXPECT_EQ(Head(), head);
}

TEST_F(ApiAdministrationsTest, AssignmentsNameTheDirectory) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  v1::CreateAdministrationResponse created;
  ASSERT_TRUE(CreateBee(&created).ok());
  AddAdministration("bi", {"c.peeters"});
  const uint64_t head = Head();

  EXPECT_THAT(
      Assign("Brussels Economy and Employment", {}, {}),
      InvalidField("dossier.lead_administration", "no such administration"));
  EXPECT_THAT(Assign("bee", {"bi", "urban"}, {}),
              InvalidField("dossier.involved_administrations[1]",
                           "no such administration"));
  EXPECT_THAT(Assign("bee", {}, {"a.janssens", "c.peeters"}),
              InvalidField("dossier.correspondents[1]",
                           "not a correspondent of the dossier's"));
  EXPECT_EQ(Head(), head);
  ASSERT_TRUE(Assign("bee", {"bi"}, {"a.janssens", "c.peeters"}).ok());

  // A correspondent who left can no longer be assigned.
  v1::UpdateCorrespondentRequest leave;
  leave.set_administration_id("bee");
  leave.mutable_correspondent()->set_id("a.janssens");
  leave.mutable_update_mask()->add_paths("active");
  v1::UpdateCorrespondentResponse left;
  ASSERT_TRUE(
      administrations_->UpdateCorrespondent(Ctx().get(), leave, &left).ok());
  v1::UpdateDossierRequest update;
  update.mutable_dossier()->set_celex("32019L1937");
  update.mutable_dossier()->add_correspondents("a.janssens");
  update.mutable_update_mask()->add_paths("correspondents");
  v1::UpdateDossierResponse updated;
  EXPECT_THAT(dossiers_->UpdateDossier(Ctx().get(), update, &updated),
              InvalidField("dossier.correspondents[0]", "inactive"));
  // Fields the update does not set are not checked again.
  update.mutable_update_mask()->set_paths(0, "delay_cause");
  update.mutable_dossier()->set_delay_cause("Council of State advice");
  ASSERT_TRUE(dossiers_->UpdateDossier(Ctx().get(), update, &updated).ok());
  EXPECT_THAT(updated.dossier().correspondents(),
              ElementsAre("a.janssens", "c.peeters"));
}

}  // namespace
}  // namespace transpo
