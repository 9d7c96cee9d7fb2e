// The gRPC server metrics on /metrics, with go-grpc-prometheus's names and
// labels, counted for real calls; unknown methods do not add labels.

#include <grpcpp/generic/generic_stub.h>

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "tests/server/api_fixture.h"
#include "tests/testing/http_get.h"
#include "tests/testing/metrics_text.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class RpcMetricsTest : public ApiTest {
 protected:
  void SetUp() override {
    metrics_listen_ = "127.0.0.1:0";
    Start();
  }

  // The value of the series `series` on /metrics; -1 (and a failure) when
  // there is none.
  double Value(const std::string& series) {
    auto text = testing::HttpGet(server_->metrics_port(), "/metrics");
    EXPECT_TRUE(text.ok()) << text.status();
    std::optional<double> value =
        text.ok() ? testing::SeriesValue(*text, series) : std::nullopt;
    if (!value.has_value()) {
      ADD_FAILURE() << "no " << series << " on /metrics";
      return -1;
    }
    return *value;
  }
};

// Labels as prometheus-cpp prints them: sorted by name.
constexpr char kGetDossier[] =
    R"(grpc_method="GetDossier",grpc_service="transpo.v1.DossierService",)"
    R"(grpc_type="unary")";

TEST_F(RpcMetricsTest, EachCallIsCountedByMethodTypeAndCode) {
  ASSERT_TRUE(Create(Whistleblowers()).ok());
  auto get = [this](const std::string& celex) {
    v1::GetDossierRequest request;
    request.set_celex(celex);
    v1::GetDossierResponse response;
    return dossiers_->GetDossier(Ctx().get(), request, &response);
  };
  ASSERT_TRUE(get("32019L1937").ok());
  ASSERT_TRUE(get("32019L1937").ok());
  EXPECT_EQ(get("32099L9999").error_code(), grpc::StatusCode::NOT_FOUND);

  EXPECT_EQ(Value(absl::StrCat("grpc_server_started_total{", kGetDossier, "}")),
            3);
  EXPECT_EQ(Value(absl::StrCat("grpc_server_handled_total{grpc_code=\"OK\",",
                               kGetDossier, "}")),
            2);
  EXPECT_EQ(
      Value(absl::StrCat("grpc_server_handled_total{grpc_code=\"NOT_FOUND\",",
                         kGetDossier, "}")),
      1);
  EXPECT_EQ(Value(absl::StrCat("grpc_server_handling_seconds_count{",
                               kGetDossier, "}")),
            3);
  EXPECT_EQ(Value("grpc_server_started_total{grpc_method=\"CreateDirective\","
                  "grpc_service=\"transpo.v1.DirectiveService\","
                  "grpc_type=\"unary\"}"),
            1);
}

TEST_F(RpcMetricsTest, UnknownMethodsShareOneLabelSet) {
  grpc::GenericStub generic(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                          grpc::InsecureChannelCredentials()));
  for (const char* path : {"/no.Such/Method", "/another/unknown"}) {
    grpc::ClientContext context;
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1);
    grpc::ByteBuffer response;
    grpc::Status status;
    absl::Notification done;
    generic.UnaryCall(&context, path, grpc::StubOptions(), &request, &response,
                      [&](grpc::Status s) {
                        status = std::move(s);
                        done.Notify();
                      });
    done.WaitForNotification();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  auto text = testing::HttpGet(server_->metrics_port(), "/metrics");
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, Not(HasSubstr("no.Such")));
  EXPECT_THAT(*text, Not(HasSubstr("another")));
}

}  // namespace
}  // namespace transpo
