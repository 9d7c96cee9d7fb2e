#include "server/api/authenticator.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/request_context.h"
#include "server/app/access.h"

namespace transpo::api {
namespace {

constexpr absl::string_view kBearer = "Bearer ";

// The metadata that carries the in-process secret.
constexpr char kInProcessKey[] = "transpo-in-process";

// Adds the secret to every call of the channel it is installed on.
class InProcessInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit InProcessInterceptor(const std::string& secret) : secret_(secret) {}
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kInProcessKey, secret_);
    }
    methods->Proceed();
  }

 private:
  const std::string& secret_;
};

class InProcessFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit InProcessFactory(std::string secret) : secret_(std::move(secret)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new InProcessInterceptor(secret_);
  }

 private:
  const std::string secret_;
};

std::string MakeSecret() {
  auto secret = app::NewToken();
  return secret.ok() ? *secret : "";
}

absl::string_view View(const grpc::string_ref& ref) {
  return {ref.data(), ref.size()};
}

}  // namespace

Authenticator::Authenticator(
    std::shared_ptr<const app::PrincipalDirectory> directory,
    OnDenied on_denied)
    : enabled_(directory != nullptr),
      in_process_secret_(MakeSecret()),
      on_denied_(std::move(on_denied)),
      directory_(std::move(directory)) {}

void Authenticator::Replace(
    std::shared_ptr<const app::PrincipalDirectory> directory) {
  if (directory == nullptr) return;
  absl::MutexLock lock(&mu_);
  directory_ = std::move(directory);
}

absl::Status Authenticator::Deny(absl::string_view reason,
                                 const std::string& peer,
                                 absl::Status status) const {
  if (on_denied_) on_denied_(reason);
  std::fprintf(stderr, "transpod: denied (%.*s) %s: %s\n",
               static_cast<int>(reason.size()), reason.data(), peer.c_str(),
               std::string(status.message()).c_str());
  return status;
}

absl::Status Authenticator::Checked(const std::string& peer,
                                    const absl::Status& status) const {
  if (!absl::IsPermissionDenied(status)) return status;
  return Deny("scope", peer, status);
}

absl::StatusOr<Caller> Authenticator::Authenticate(
    const grpc::CallbackServerContext* context) const {
  const auto& metadata = context->client_metadata();
  std::shared_ptr<const app::PrincipalDirectory> directory;
  {
    absl::MutexLock lock(&mu_);
    directory = directory_;
  }
  auto authorization = metadata.find("authorization");
  if (authorization != metadata.end()) {
    const absl::string_view value = View(authorization->second);
    if (!absl::StartsWith(value, kBearer)) {
      return Deny("unknown_token", context->peer(),
                  absl::UnauthenticatedError(
                      "the authorization metadata must be \"Bearer <token>\""));
    }
    const app::Principal* principal =
        directory->ByTokenHash(app::HashToken(value.substr(kBearer.size())));
    if (principal == nullptr) {
      return Deny(
          "unknown_token", context->peer(),
          absl::UnauthenticatedError("the bearer token is unknown or revoked"));
    }
    return Caller{*principal};
  }
  std::shared_ptr<const grpc::AuthContext> auth = context->auth_context();
  if (auth != nullptr && auth->IsPeerAuthenticated()) {
    std::string names;
    for (const char* property :
         {GRPC_X509_CN_PROPERTY_NAME, GRPC_X509_SAN_PROPERTY_NAME}) {
      for (const grpc::string_ref& name : auth->FindPropertyValues(property)) {
        const app::Principal* principal =
            directory->ByCertificateName(View(name));
        if (principal != nullptr) return Caller{*principal};
        absl::StrAppend(&names, names.empty() ? "" : ", ", View(name));
      }
    }
    return Deny("unknown_certificate", context->peer(),
                absl::UnauthenticatedError(absl::StrCat(
                    "no principal of the token file has a name of the client "
                    "certificate (",
                    names, ")")));
  }
  return Deny("no_credentials", context->peer(),
              absl::UnauthenticatedError(
                  "no credentials: send \"authorization: Bearer <token>\" "
                  "metadata or a client certificate"));
}

std::vector<
    std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
Authenticator::InProcessInterceptors() const {
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      creators;
  creators.push_back(std::make_unique<InProcessFactory>(in_process_secret_));
  return creators;
}

bool Authenticator::FromThisProcess(
    const grpc::CallbackServerContext& context) const {
  const auto& metadata = context.client_metadata();
  auto secret = metadata.find(kInProcessKey);
  return secret != metadata.end() && !in_process_secret_.empty() &&
         CRYPTO_memcmp(
             secret->second.data(), in_process_secret_.data(),
             std::min(secret->second.size(), in_process_secret_.size())) == 0 &&
         secret->second.size() == in_process_secret_.size();
}

absl::StatusOr<Caller> Authenticator::Authorize(
    const grpc::CallbackServerContext* context, absl::string_view service,
    absl::string_view method) const {
  const std::string full = absl::StrCat("/", service, "/", method);
  if (!enabled_ || FromThisProcess(*context)) {
    auto actor = ActorOf(context);
    if (!actor.ok()) return actor.status();
    return Caller{{.id = *std::move(actor), .role = app::Role::kCoordinator}};
  }
  auto caller = Authenticate(context);
  if (!caller.ok()) return caller.status();
  absl::Status allowed = app::Authorize(caller->principal, full);
  if (!allowed.ok()) return Deny("role", context->peer(), allowed);
  const auto& metadata = context->client_metadata();
  auto actor = metadata.find("transpo-actor");
  if (actor != metadata.end() && !actor->second.empty() &&
      View(actor->second) != caller->principal.id) {
    return Deny("actor", context->peer(),
                absl::PermissionDeniedError(
                    absl::StrCat("transpo-actor \"", View(actor->second),
                                 "\" is not the authenticated principal \"",
                                 caller->principal.id, "\"")));
  }
  return caller;
}

}  // namespace transpo::api
