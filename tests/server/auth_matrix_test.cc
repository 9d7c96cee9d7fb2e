// The role matrix: every RPC of every transpo service the server offers (as
// its reflection service lists them, methods from their descriptors) called
// by every role, by a caller without credentials and by an unknown token.
// An RPC this test has no expectation for fails it, so a new RPC cannot land
// without its rule. A denied call carries a request that would write (the
// coordinator then sends it and it does), and must leave the log's head
// where it was.

#include <grpcpp/generic/generic_stub.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/synchronization/notification.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/text_format.h"
#include "grpc_health.grpc.pb.h"
#include "tests/server/auth_fixture.h"
#include "tests/testing/reflection.h"
#include "transpo/v1/alerts.grpc.pb.h"

namespace transpo {
namespace {

using ::transpo::testing::ListServicesByReflection;

struct Expectation {
  // Who may call it: C coordinator, A correspondent, V viewer, S service.
  const char* allowed;
  // A request (text format) the coordinator's call succeeds with, and that
  // writes; empty for reads (an empty request is sent).
  const char* write = "";
  // The coordinator's answer to `write`, when it is not OK.
  grpc::StatusCode coordinator = grpc::StatusCode::OK;
};

// Keyed by "Service/Method" of package transpo.v1.
const std::map<std::string, Expectation>& Expectations() {
  static const auto* expectations = new std::map<std::string, Expectation>{
      {"AdministrationService/CreateAdministration",
       {"C",
        R"pb(administration { id: "adm-new" name_nl: "n" name_fr: "f" })pb"}},
      {"AdministrationService/GetAdministration", {"CAVS"}},
      {"AdministrationService/ListAdministrations", {"CAVS"}},
      {"AdministrationService/UpdateAdministration",
       {"C", R"pb(administration { id: "adm-b" name_fr: "B2" }
                  update_mask { paths: "name_fr" })pb"}},
      {"AdministrationService/AddCorrespondent",
       {"C", R"pb(administration_id: "adm-b"
                  correspondent {
                    id: "b2"
                    name: "B Two"
                    email: "b2@example.org"
                    language: LANGUAGE_FR
                  })pb"}},
      {"AdministrationService/UpdateCorrespondent",
       {"C", R"pb(administration_id: "adm-b"
                  correspondent { id: "b1" name: "B One" }
                  update_mask { paths: "name" })pb"}},
      {"AlertService/GetAlertPolicy", {"CAVS"}},
      {"AlertService/ListAlerts", {"CAVS"}},
      // No alert is firing (the scheduler is off): the coordinator's
      // acknowledgement finds none; api_auth_scope_test acknowledges one.
      {"AlertService/AcknowledgeAlert",
       {"CA",
        R"pb(alert_id: "directive-32019L1024/transposition/2021-12-17/transposition-0d")pb",
        grpc::StatusCode::NOT_FOUND}},
      {"AlertService/ForecastAlerts", {"CAV"}},
      {"AlertService/WatchAlerts", {"CAVS"}},
      {"ClockService/GetTime", {"CAVS"}},
      {"ServerService/GetServerInfo", {"CAVS"}},
      {"ReportService/GetNote", {"CAV"}},
      {"ReportService/GetYearlyReport", {"CAV"}},
      {"ClockService/SetTime", {"C", R"pb(advance { seconds: 60 })pb"}},
      {"CourtCaseService/CreateCourtCase",
       {"C", R"pb(court_case {
                    number: "C-200/22"
                    kind: COURT_CASE_KIND_ACTION
                    title: "Another action"
                  })pb"}},
      {"CourtCaseService/GetCourtCase", {"CAV"}},
      {"CourtCaseService/ListCourtCases", {"CAV"}},
      {"CourtCaseService/AddCourtDeadline",
       {"C",
        R"pb(number: "C-100/21"
             deadline { date: "2022-08-01" description: "observations" })pb"}},
      {"DirectiveService/CreateDirective",
       {"C", R"pb(directive {
                    celex: "32022L2464"
                    short_title: "CSRD"
                    title: "Corporate sustainability reporting"
                    adoption_date: "2022-12-14"
                    policy_area: "finance"
                    competence: COMPETENCE_SHARED
                    deadlines { date: "2024-07-06" }
                  })pb"}},
      {"DirectiveService/GetDirective", {"CAV"}},
      {"DirectiveService/ListDirectives", {"CAV"}},
      {"DirectiveService/UpdateDirective",
       {"C",
        R"pb(directive { celex: "32019L1937" short_title: "Whistleblowers" }
             update_mask { paths: "short_title" })pb"}},
      {"DossierService/GetDossier", {"CAV"}},
      {"DossierService/ListDossiers", {"CAV"}},
      {"DossierService/UpdateDossier",
       {"CA",
        R"pb(dossier { celex: "32019L1937" delay_cause: "Council of State" }
             update_mask { paths: "delay_cause" })pb"}},
      {"DossierService/AssignDossier", {"CA", R"pb(celex: "32019L1937"
                                                   lead_administration: "adm-a"
                                                   experts: "e1")pb"}},
      {"DossierService/ChangeDossierStatus",
       {"CA", R"pb(celex: "32019L1937" status: DOSSIER_STATUS_DRAFTING)pb"}},
      {"DossierService/SetMilestone",
       {"CA", R"pb(celex: "32019L1937"
                   milestone {
                     kind: MILESTONE_KIND_FIRST_READING
                     planned_date: "2022-11-15"
                   })pb"}},
      {"DossierService/RecordMeasure",
       {"CA",
        R"pb(celex: "32019L1937"
             measure { id: "m1" act_type: "order" title: "An order" })pb"}},
      {"DossierService/NotifyMeasure",
       {"CA", R"pb(celex: "32019L1937"
                   measure_id: "m0"
                   notification_date: "2022-02-01"
                   scope: NOTIFICATION_SCOPE_PARTIAL)pb"}},
      {"EventLogService/ReadEvents", {"CAVS"}},
      {"EventLogService/ReadStream", {"CAVS"}},
      {"EventLogService/Subscribe", {"CAVS"}},
      {"InfringementService/OpenProcedure",
       {"C", R"pb(number: "INFR(2022)0099"
                  type: PROCEDURE_TYPE_NON_COMMUNICATION
                  celex: "32019L1024")pb"}},
      {"InfringementService/GetProcedure", {"CAV"}},
      {"InfringementService/ListProcedures", {"CAV"}},
      {"InfringementService/RecordStage",
       {"C", R"pb(number: "INFR(2022)0076"
                  stage {
                    kind: STAGE_KIND_LETTER_OF_FORMAL_NOTICE
                    date: "2022-01-27"
                  })pb"}},
      {"InfringementService/RecordReply",
       {"C", R"pb(number: "INFR(2022)0075"
                  stage: STAGE_KIND_LETTER_OF_FORMAL_NOTICE
                  reply_date: "2022-02-01")pb"}},
      {"InfringementService/CloseProcedure",
       {"C", R"pb(number: "INFR(2022)0077"
                  closure_date: "2022-02-01"
                  reason: "notified")pb"}},
  };
  return *expectations;
}

struct Caller {
  const char* name;
  // Its principal id.
  const char* id;
  std::string token;
  // Its letter in Expectation::allowed; 0: not authenticated.
  char role;
};

class AuthMatrixTest : public AuthTest {
 protected:
  // The answer to a unary call of `method` ("/package.Service/Method").
  grpc::Status Unary(const std::string& method, const std::string& token,
                     const std::string& request) {
    grpc::GenericStub stub(channel());
    auto context = As(token);
    grpc::Slice slice(request);
    grpc::ByteBuffer in(&slice, 1);
    grpc::ByteBuffer out;
    grpc::Status status;
    absl::Notification done;
    stub.UnaryCall(context.get(), method, grpc::StubOptions(), &in, &out,
                   [&](grpc::Status s) {
                     status = std::move(s);
                     done.Notify();
                   });
    done.WaitForNotification();
    return status;
  }

  // A server-streaming call: OK once a first message came, else its status.
  grpc::Status Stream(const std::string& name, const std::string& token) {
    auto context = As(token);
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    if (name == "AlertService/WatchAlerts") {
      auto reader =
          v1::AlertService::NewStub(channel())->WatchAlerts(context.get(), {});
      v1::WatchAlertsResponse message;
      return FirstMessage(*context, *reader, message);
    }
    if (name == "EventLogService/Subscribe") {
      auto reader =
          v1::EventLogService::NewStub(channel())->Subscribe(context.get(), {});
      v1::SubscribeResponse message;
      return FirstMessage(*context, *reader, message);
    }
    ADD_FAILURE() << name << ": a streaming RPC this test cannot call yet";
    return grpc::Status(grpc::StatusCode::INTERNAL, "no way to call it");
  }

  template <typename Reader, typename Message>
  static grpc::Status FirstMessage(grpc::ClientContext& context, Reader& reader,
                                   Message& message) {
    if (reader.Read(&message)) {
      context.TryCancel();
      reader.Finish().IgnoreError();
      return grpc::Status::OK;
    }
    return reader.Finish();
  }

  std::shared_ptr<grpc::Channel> channel() {
    if (channel_ == nullptr) {
      channel_ =
          grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                              grpc::InsecureChannelCredentials());
    }
    return channel_;
  }

  std::shared_ptr<grpc::Channel> channel_;
};

// The request of `expectation` for `method`, serialized; empty for reads.
std::string RequestBytes(const google::protobuf::MethodDescriptor& method,
                         const Expectation& expectation) {
  std::unique_ptr<google::protobuf::Message> request(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(method.input_type())
          ->New());
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(expectation.write,
                                                            request.get()))
      << method.full_name() << ": " << expectation.write;
  return request->SerializeAsString();
}

TEST_F(AuthMatrixTest, HealthAndReflectionStayOpen) {
  auto health = grpc::health::v1::Health::NewStub(channel());
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckResponse status;
  ASSERT_TRUE(health->Check(&context, {}, &status).ok());
  EXPECT_EQ(status.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_THAT(ListServicesByReflection(channel()),
              ::testing::Contains("transpo.v1.DossierService"));
}

TEST_F(AuthMatrixTest, EveryRpcOfEveryServiceAgainstEveryRole) {
  const std::vector<Caller> callers = {
      {"no credentials", "", "", 0},
      {"an unknown token", "", "tpo_not-in-the-file", 0},
      {"coordinator", "euro-coordinator", kCoordinatorToken, 'C'},
      {"correspondent", "corr-a", kCorrespondentAToken, 'A'},
      {"viewer", "gov-viewer", kViewerToken, 'V'},
      {"service", "am-bridge", kServiceToken, 'S'},
  };
  std::set<std::string> seen;
  for (const std::string& service : ListServicesByReflection(channel())) {
    if (!absl::StartsWith(service, "transpo.")) continue;
    const google::protobuf::ServiceDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            service);
    ASSERT_NE(descriptor, nullptr) << service;
    for (int m = 0; m < descriptor->method_count(); ++m) {
      const google::protobuf::MethodDescriptor& method = *descriptor->method(m);
      const std::string name =
          absl::StrCat(descriptor->name(), "/", method.name());
      const std::string path = absl::StrCat("/", service, "/", method.name());
      seen.insert(name);
      auto expected = Expectations().find(name);
      ASSERT_NE(expected, Expectations().end())
          << path << " has no expectation here: add its access rule to "
          << "server/app/access.cc and to this test";
      const std::string write = RequestBytes(method, expected->second);
      for (const Caller& caller : callers) {
        SCOPED_TRACE(absl::StrCat(path, " by ", caller.name));
        const bool authenticated = caller.role != 0;
        const bool allowed =
            authenticated &&
            std::string(expected->second.allowed).find(caller.role) !=
                std::string::npos;
        if (caller.role == 'C') continue;  // below, with the write
        const uint64_t head = Head();
        const absl::Time time = server_->clock().Now();
        // An allowed caller sends an empty request, which writes nothing.
        const grpc::Status status =
            method.server_streaming()
                ? Stream(name, caller.token)
                : Unary(path, caller.token, allowed ? "" : write);
        if (!authenticated) {
          EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
              << status.error_message();
        } else if (!allowed) {
          EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
              << status.error_message();
          EXPECT_THAT(status.error_message(),
                      ::testing::HasSubstr(
                          absl::StrCat("principal \"", caller.id, "\" (")));
          EXPECT_THAT(status.error_message(),
                      ::testing::HasSubstr("it needs the role"));
        } else {
          EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
              << status.error_message();
          EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
              << status.error_message();
        }
        if (!allowed) {
          EXPECT_EQ(Head(), head) << "a denied call wrote to the log";
          EXPECT_EQ(server_->clock().Now(), time) << "a denied call set it";
        }
      }
      SCOPED_TRACE(absl::StrCat(path, " by the coordinator"));
      const uint64_t head = Head();
      const absl::Time time = server_->clock().Now();
      const grpc::Status status = method.server_streaming()
                                      ? Stream(name, kCoordinatorToken)
                                      : Unary(path, kCoordinatorToken, write);
      if (*expected->second.write == '\0') {
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
        continue;
      }
      EXPECT_EQ(status.error_code(), expected->second.coordinator)
          << status.error_message();
      if (status.ok() && name == "ClockService/SetTime") {
        EXPECT_GT(server_->clock().Now(), time) << "SetTime did not move it";
      } else if (status.ok()) {
        EXPECT_GT(Head(), head) << "the write the denied calls sent writes";
      }
    }
  }
  for (const auto& [name, expectation] : Expectations()) {
    EXPECT_TRUE(seen.contains(name)) << name << ": no such RPC any more";
  }
  EXPECT_GE(seen.size(), 39u);
}

}  // namespace
}  // namespace transpo
