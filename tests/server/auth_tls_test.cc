// TLS and mutual TLS, with certificates the test makes (the openssl tool, a
// throwaway CA): a plaintext client is refused, a client certificate of
// another CA is refused, a client certificate maps by CN or SAN to its
// principal; and the start-up checks of the auth and TLS options.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/transpod.h"
#include "tests/server/auth_fixture.h"
#include "tests/testing/certificates.h"
#include "tests/testing/http_get.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "transpo/v1/clock.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::Certificates;
using ::transpo::testing::HttpGet;
using ::transpo::testing::StatusIs;
using ::transpo::testing::TempDir;

class AuthTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    token_file_ = files_.path() + "/tokens.textproto";
    WriteFile(token_file_, TokenFileText());
  }

  // With /metrics if `metrics` (its exposer takes seconds to stop).
  void Start(bool mutual, bool metrics = false) {
    TranspodOptions options{.listen = "127.0.0.1:0",
                            .metrics_listen = metrics ? "127.0.0.1:0" : "",
                            .data_dir = data_.path(),
                            .clock = "manual@2022-02-01T09:00"};
    options.alerts = false;
    options.token_file = token_file_;
    options.tls_cert = certificates_.Path("server.pem");
    options.tls_key = certificates_.Path("server.key");
    if (mutual) options.tls_client_ca = certificates_.Path("ca.pem");
    auto server = Transpod::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  std::unique_ptr<v1::ClockService::Stub> Clock(
      const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
    // A channel of its own: a refused handshake must not be retried on a
    // shared subchannel.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return v1::ClockService::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("localhost:", server_->port()), credentials, args));
  }

  static grpc::Status GetTime(v1::ClockService::Stub& stub,
                              const std::string& token = "") {
    auto context = As(token);
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(5));
    v1::GetTimeResponse response;
    return stub.GetTime(context.get(), {}, &response);
  }

  static grpc::Status SetTime(v1::ClockService::Stub& stub) {
    grpc::ClientContext context;
    v1::SetTimeRequest request;
    request.mutable_advance()->set_seconds(60);
    v1::SetTimeResponse response;
    return stub.SetTime(&context, request, &response);
  }

  TempDir files_;
  TempDir data_;
  Certificates certificates_{files_.path()};
  std::string token_file_;
  std::unique_ptr<Transpod> server_;
};

TEST_F(AuthTlsTest, TlsCarriesTokensAndRefusesPlaintext) {
  Start(/*mutual=*/false);
  auto tls = Clock(certificates_.Credentials(""));
  EXPECT_TRUE(GetTime(*tls, kViewerToken).ok());
  EXPECT_EQ(GetTime(*tls).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  auto plaintext = Clock(grpc::InsecureChannelCredentials());
  EXPECT_EQ(GetTime(*plaintext, kViewerToken).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(AuthTlsTest, AClientCertificateMapsToItsPrincipal) {
  certificates_.Client("bridge", "am-bridge.clients.test");
  certificates_.Client("coordinator", "someone",
                       "euro-coordinator.clients.test");
  certificates_.Client("bare-id", "euro-coordinator");
  certificates_.Client("two-names", "gov-viewer.clients.test",
                       "am-bridge.clients.test");
  certificates_.Client("stranger", "stranger.clients.test");
  certificates_.Client("forged", "euro-coordinator.clients.test", "",
                       "other-ca");
  Start(/*mutual=*/true, /*metrics=*/true);

  // By CN: the service principal, which reads the clock but may not set it.
  auto bridge = Clock(certificates_.Credentials("bridge"));
  EXPECT_TRUE(GetTime(*bridge).ok());
  EXPECT_THAT(SetTime(*bridge),
              GrpcIs(grpc::StatusCode::PERMISSION_DENIED,
                     "principal \"am-bridge\" (service) may not call "
                     "/transpo.v1.ClockService/SetTime"));
  // By SAN: the coordinator, which may.
  auto coordinator = Clock(certificates_.Credentials("coordinator"));
  EXPECT_TRUE(SetTime(*coordinator).ok());
  EXPECT_EQ(server_->log().head(), 0u);  // SetTime records nothing

  // A principal's id is not a certificate name; nor is a certificate that
  // names two principals anyone's.
  auto bare_id = Clock(certificates_.Credentials("bare-id"));
  EXPECT_THAT(GetTime(*bare_id),
              GrpcIs(grpc::StatusCode::UNAUTHENTICATED,
                     "no principal of the token file has a name"));
  auto two_names = Clock(certificates_.Credentials("two-names"));
  EXPECT_THAT(GetTime(*two_names), GrpcIs(grpc::StatusCode::UNAUTHENTICATED,
                                          "stand for several principals"));
  // The CA's certificate of nobody in the token file.
  auto stranger = Clock(certificates_.Credentials("stranger"));
  EXPECT_THAT(GetTime(*stranger), GrpcIs(grpc::StatusCode::UNAUTHENTICATED,
                                         "stranger.clients.test"));
  // The three certificates of nobody, counted as such.
  auto metrics = HttpGet(server_->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, HasSubstr("transpo_auth_denied_total{reason=\"unknown_"
                                  "certificate\"} 3\n"));
  // Another CA's certificate with the coordinator's certificate name: the
  // handshake fails.
  auto forged = Clock(certificates_.Credentials("forged"));
  EXPECT_EQ(GetTime(*forged).error_code(), grpc::StatusCode::UNAVAILABLE);
  // No certificate: a token still works; nothing at all does not.
  auto anonymous = Clock(certificates_.Credentials(""));
  EXPECT_TRUE(GetTime(*anonymous, kViewerToken).ok());
  EXPECT_EQ(GetTime(*anonymous).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  auto plaintext = Clock(grpc::InsecureChannelCredentials());
  EXPECT_EQ(GetTime(*plaintext, kViewerToken).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(AuthTlsTest, StartRefusesInconsistentOptions) {
  auto start = [&](TranspodOptions options) {
    options.metrics_listen = "";
    options.data_dir = data_.path();
    options.alerts = false;
    return Transpod::Start(options).status();
  };
  EXPECT_THAT(start({.listen = "0.0.0.0:0"}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("--listen \"0.0.0.0:0\" is not a loopback "
                                 "address and no authentication is "
                                 "configured")));
  EXPECT_THAT(
      start({.listen = "[::]:0"}),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("--insecure")));
  TranspodOptions cert_only{.listen = "127.0.0.1:0"};
  cert_only.tls_cert = certificates_.Path("server.pem");
  EXPECT_THAT(start(cert_only), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("--tls-key")));
  TranspodOptions ca_without_tokens{.listen = "127.0.0.1:0"};
  ca_without_tokens.tls_cert = certificates_.Path("server.pem");
  ca_without_tokens.tls_key = certificates_.Path("server.key");
  ca_without_tokens.tls_client_ca = certificates_.Path("ca.pem");
  EXPECT_THAT(start(ca_without_tokens),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--tls-client-ca: needs --token-file")));
  TranspodOptions not_pem{.listen = "127.0.0.1:0"};
  not_pem.tls_cert = token_file_;
  not_pem.tls_key = certificates_.Path("server.key");
  EXPECT_THAT(start(not_pem), StatusIs(absl::StatusCode::kInvalidArgument,
                                       HasSubstr("--tls-cert")));
  TranspodOptions bad_tokens{.listen = "127.0.0.1:0"};
  bad_tokens.token_file = certificates_.Path("ca.pem");
  EXPECT_THAT(start(bad_tokens), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr("token file")));

  // Tokens beyond loopback need TLS.
  TranspodOptions clear_tokens{.listen = "0.0.0.0:0"};
  clear_tokens.token_file = token_file_;
  EXPECT_THAT(start(clear_tokens),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("TLS is off: bearer tokens would cross the "
                                 "network in clear")));

  // With --insecure, or with authentication over TLS, it starts.
  TranspodOptions insecure{.listen = "0.0.0.0:0"};
  insecure.insecure = true;
  EXPECT_TRUE(start(insecure).ok());
  TranspodOptions authenticated{.listen = "0.0.0.0:0"};
  authenticated.token_file = token_file_;
  authenticated.tls_cert = certificates_.Path("server.pem");
  authenticated.tls_key = certificates_.Path("server.key");
  EXPECT_TRUE(start(authenticated).ok());
}

TEST(IsLoopbackAddressTest, OnlyThisMachineCounts) {
  for (const char* address :
       {"127.0.0.1:50051", "127.1.2.3:0", "localhost:50051", "LOCALHOST:1",
        "[::1]:50051", "[::ffff:127.0.0.1]:1", "unix:/run/transpo.sock"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
  for (const char* address :
       {"0.0.0.0:50051", "[::]:50051", "10.0.0.5:50051", "transpo:50051",
        "128.0.0.1:1", "localhost.example.org:1", "127.0.0.1.evil.com:1",
        "127.evil:1", "[::ffff:10.0.0.1]:1", "[::1:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

}  // namespace
}  // namespace transpo
