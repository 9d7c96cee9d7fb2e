#include "clients/channel.h"

#include <grpcpp/support/client_interceptor.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace transpo::clients {
namespace {

// Adds the authorization metadata to each call.
class TokenInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit TokenInterceptor(std::string header) : header_(std::move(header)) {}
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("authorization", header_);
    }
    methods->Proceed();
  }

 private:
  const std::string header_;
};

class TokenFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit TokenFactory(const std::string& token)
      : header_(absl::StrCat("Bearer ", token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new TokenInterceptor(header_);
  }

 private:
  const std::string header_;
};

absl::StatusOr<std::string> ReadPem(const std::string& flag,
                                    const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat(flag, " \"", path, "\": cannot be read"));
  }
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " \"", path, "\": not a PEM file"));
  }
  return text.str();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(
    const DialOptions& options) {
  if (options.ca_cert.empty() && options.cert.empty() && options.key.empty()) {
    return grpc::InsecureChannelCredentials();
  }
  if (options.cert.empty() != options.key.empty()) {
    return absl::InvalidArgumentError(
        "--cert and --key: give both (the client certificate and its key) "
        "or neither");
  }
  grpc::SslCredentialsOptions ssl;
  if (!options.ca_cert.empty()) {
    auto ca = ReadPem("--cacert", options.ca_cert);
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *std::move(ca);
  }
  if (!options.cert.empty()) {
    auto cert = ReadPem("--cert", options.cert);
    if (!cert.ok()) return cert.status();
    auto key = ReadPem("--key", options.key);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *std::move(cert);
    ssl.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> Dial(
    const DialOptions& options) {
  auto credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  if (!options.token.empty()) {
    interceptors.push_back(std::make_unique<TokenFactory>(options.token));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      options.server, *credentials, options.arguments, std::move(interceptors));
}

}  // namespace transpo::clients
