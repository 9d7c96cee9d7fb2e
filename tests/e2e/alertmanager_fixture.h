// AlertmanagerE2eTest: transpod (manual clock), a real Alertmanager (Debian's
// prometheus-alertmanager) and the transpo-alertmanager bridge, each a
// process of its own on loopback with its output in a log file that is
// printed when a test fails; with helpers to fill the directory and move the
// clock over gRPC.

#ifndef TRANSPO_TESTS_E2E_ALERTMANAGER_FIXTURE_H_
#define TRANSPO_TESTS_E2E_ALERTMANAGER_FIXTURE_H_

#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/child_process.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"
#include "transpo/v1/administrations.grpc.pb.h"
#include "transpo/v1/clock.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo {

class AlertmanagerE2eTest : public ::testing::Test {
 protected:
  static constexpr char kCoordinatorToken[] = "tpo_e2e-coordinator";
  static constexpr char kBridgeToken[] = "tpo_e2e-bridge";

  void TearDown() override {
    if (!HasFailure()) return;
    for (const char* name : {"transpod", "alertmanager", "bridge"}) {
      std::ifstream log(Path(absl::StrCat(name, ".log")));
      std::stringstream text;
      text << log.rdbuf();
      std::cerr << "----- " << name << ".log\n" << text.str();
    }
  }

  std::string Path(const std::string& name) const {
    return dir_.path() + "/" + name;
  }

  // transpod on a manual clock at 1 June 2021, 09:00 in Brussels (on a
  // port chosen once, kept across restarts), with authentication: the test
  // is the coordinator, the bridge a service principal.
  void StartTranspod() {
    if (transpod_port_ == 0) transpod_port_ = bench::FreePort();
    if (metrics_ && transpod_metrics_port_ == 0) {
      transpod_metrics_port_ = bench::FreePort();
    }
    {
      // The SHA-256 of kCoordinatorToken and kBridgeToken (sha256sum).
      std::ofstream tokens(Path("tokens.textproto"));
      tokens << "principals { id: \"euro-coordinator\" role: \"coordinator\" "
                "token_sha256: \"11e4228f772789d333f28317f663d891c8542c5eec7f16"
                "17ab0402db4412ddfc\" }\n"
                "principals { id: \"am-bridge\" role: \"service\" "
                "token_sha256: \"d676d33fdb6d1169124b4dda6a65398f90d7c6995015"
                "5b5dcdd45ccc356d2e0d\" }\n";
    }
    transpod_ = std::make_unique<bench::ChildProcess>(
        std::vector<std::string>{
            TRANSPOD_PATH, "--listen",
            absl::StrCat("127.0.0.1:", transpod_port_), "--metrics-listen",
            metrics_ ? absl::StrCat("127.0.0.1:", transpod_metrics_port_) : "",
            "--data-dir", Path("data"), "--clock", "manual@2021-06-01T09:00",
            "--token-file", Path("tokens.textproto")},
        Path("transpod.log"));
    // A connection of its own, not one to the transpod this replaces.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto channel =
        grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", transpod_port_),
                                  grpc::InsecureChannelCredentials(), args);
    ASSERT_TRUE(channel->WaitForConnected(
        absl::ToChronoTime(absl::Now() + absl::Seconds(30))))
        << "transpod did not start";
    directives_ = v1::DirectiveService::NewStub(channel);
    dossiers_ = v1::DossierService::NewStub(channel);
    administrations_ = v1::AdministrationService::NewStub(channel);
    clock_ = v1::ClockService::NewStub(channel);
  }

  // Alertmanager with the configuration file `config` (on a port chosen
  // once, kept across restarts, and its data in the test's directory).
  void StartAlertmanager(const std::string& config) {
    if (alertmanager_port_ == 0) alertmanager_port_ = bench::FreePort();
    alertmanager_ = std::make_unique<bench::ChildProcess>(
        std::vector<std::string>{
            "prometheus-alertmanager", "--config.file=" + config,
            "--storage.path=" + Path("alertmanager-data"),
            absl::StrCat("--web.listen-address=127.0.0.1:", alertmanager_port_),
            "--cluster.listen-address="},
        Path("alertmanager.log"));
    httplib::Client http("127.0.0.1", alertmanager_port_);
    for (int i = 0; i < 300; ++i) {
      auto ready = http.Get("/-/ready");
      if (ready && ready->status == 200) return;
      absl::SleepFor(absl::Milliseconds(100));
    }
    FAIL() << "Alertmanager did not become ready";
  }

  void StopAlertmanager() { alertmanager_.reset(); }

  // The bridge, re-sending firing alerts every second.
  void StartBridge() {
    if (metrics_ && bridge_metrics_port_ == 0) {
      bridge_metrics_port_ = bench::FreePort();
    }
    bridge_ = std::make_unique<bench::ChildProcess>(
        std::vector<std::string>{
            BRIDGE_PATH, "--server", absl::StrCat("127.0.0.1:", transpod_port_),
            "--alertmanager",
            absl::StrCat("http://127.0.0.1:", alertmanager_port_),
            "--state-file", Path("bridge.state"), "--resend-interval", "1s",
            "--max-backoff", "1s", "--token", kBridgeToken, "--metrics-listen",
            metrics_ ? absl::StrCat("127.0.0.1:", bridge_metrics_port_) : ""},
        Path("bridge.log"));
  }

  void KillBridge() { bridge_->Stop(SIGKILL); }

  std::string BridgeLog() {
    std::ifstream in(Path("bridge.log"));
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::unique_ptr<grpc::ClientContext> Ctx() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization",
                         absl::StrCat("Bearer ", kCoordinatorToken));
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    return context;
  }

  // An administration with correspondents (id, language): e-mail
  // "<id>@example.org".
  void AddAdministration(
      const std::string& id,
      const std::vector<std::pair<std::string, v1::Language>>& people) {
    v1::CreateAdministrationRequest request;
    v1::Administration* a = request.mutable_administration();
    a->set_id(id);
    a->set_name_nl(id + " nl");
    a->set_name_fr(id + " fr");
    for (const auto& [person, language] : people) {
      v1::Correspondent* c = a->add_correspondents();
      c->set_id(person);
      c->set_name(person);
      c->set_email(person + "@example.org");
      c->set_language(language);
    }
    v1::CreateAdministrationResponse response;
    grpc::Status status =
        administrations_->CreateAdministration(Ctx().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Directive 32021L0001 due on 2021-12-18 (A) and 2022-01-31 (B), led by
  // `lead` with `involved`.
  void CreateDossier(const std::string& lead,
                     const std::vector<std::string>& involved) {
    v1::CreateDirectiveRequest create;
    create.mutable_directive()->set_celex("32021L0001");
    create.mutable_directive()->set_short_title("Test directive");
    create.mutable_directive()->add_deadlines()->set_date("2021-12-18");
    create.mutable_directive()->add_deadlines()->set_date("2022-01-31");
    v1::CreateDirectiveResponse created;
    grpc::Status status =
        directives_->CreateDirective(Ctx().get(), create, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    v1::AssignDossierRequest assign;
    assign.set_celex("32021L0001");
    assign.set_lead_administration(lead);
    for (const std::string& i : involved)
      assign.add_involved_administrations(i);
    v1::AssignDossierResponse assigned;
    status = dossiers_->AssignDossier(Ctx().get(), assign, &assigned);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Moves the manual clock to 10:00 (UTC) on that day.
  void SetDate(int y, int m, int d) {
    v1::SetTimeRequest request;
    request.mutable_time()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(
        absl::CivilSecond(y, m, d, 10, 0, 0), absl::UTCTimeZone())));
    v1::SetTimeResponse response;
    grpc::Status status = clock_->SetTime(Ctx().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  testing::TempDir dir_;
  // Set before starting them: transpod and the bridge serve /metrics (on
  // ports chosen once; transpod's takes 2 s to stop).
  bool metrics_ = false;
  int transpod_metrics_port_ = 0;
  int bridge_metrics_port_ = 0;
  int transpod_port_ = 0;
  int alertmanager_port_ = 0;
  std::unique_ptr<bench::ChildProcess> transpod_;
  std::unique_ptr<bench::ChildProcess> alertmanager_;
  std::unique_ptr<bench::ChildProcess> bridge_;
  std::unique_ptr<v1::DirectiveService::Stub> directives_;
  std::unique_ptr<v1::DossierService::Stub> dossiers_;
  std::unique_ptr<v1::AdministrationService::Stub> administrations_;
  std::unique_ptr<v1::ClockService::Stub> clock_;
};

}  // namespace transpo

#endif  // TRANSPO_TESTS_E2E_ALERTMANAGER_FIXTURE_H_
