#include "server/api/authenticator.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "server/api/request_context.h"
#include "server/app/access.h"
#include "server/domain/field_error.h"

namespace transpo::api {
namespace {

// The authorization scheme, matched without regard to case (RFC 7235).
constexpr absl::string_view kBearer = "Bearer ";

// The metadata that carries the in-process secret.
constexpr char kInProcessKey[] = "transpo-in-process";

// Adds the secret to every call of the channel it is installed on.
class InProcessInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit InProcessInterceptor(std::string secret)
      : secret_(std::move(secret)) {}
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
  const std::string secret_;
};

// Makes the interceptor of each call of the in-process channel.
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

// The one principal `names` (a client certificate's) stand for; null if
// none, or if they stand for several (`ambiguous`).
const app::Principal* ByCertificateNames(
    const app::PrincipalDirectory& principals,
    const std::vector<std::string>& names, bool& ambiguous) {
  const app::Principal* found = nullptr;
  for (const std::string& name : names) {
    const app::Principal* principal = principals.ByCertificateName(name);
    if (principal == nullptr || principal == found) continue;
    if (found != nullptr) {
      ambiguous = true;
      return nullptr;
    }
    found = principal;
  }
  return found;
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
  generation_.fetch_add(1, std::memory_order_release);
}

absl::Status Authenticator::Deny(absl::string_view reason,
                                 const std::string& peer,
                                 absl::Status status) const {
  if (on_denied_) on_denied_(reason);
  uint64_t not_logged = 0;
  {
    absl::MutexLock lock(&log_mu_);
    const absl::Time second =
        absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
    if (second != log_second_) {
      log_second_ = second;
      log_lines_ = 0;
    }
    if (++log_lines_ > kLogLinesPerSecond) {
      ++not_logged_;
      return status;
    }
    not_logged = std::exchange(not_logged_, 0);
  }
  std::string more;
  if (not_logged > 0) {
    more = absl::StrCat(" (", not_logged, " earlier denials not logged)");
  }
  std::fprintf(stderr, "transpod: denied (%.*s) %s: %s%s\n",
               static_cast<int>(reason.size()), reason.data(),
               domain::QuoteValue(peer).c_str(),
               std::string(status.message()).c_str(), more.c_str());
  return status;
}

absl::Status Authenticator::Checked(const std::string& peer,
                                    const absl::Status& status) const {
  if (!absl::IsPermissionDenied(status)) return status;
  return Deny("scope", peer, status);
}

std::shared_ptr<const app::PrincipalDirectory> Authenticator::directory()
    const {
  absl::MutexLock lock(&mu_);
  return directory_;
}

absl::StatusOr<Caller> Authenticator::Authenticate(
    const grpc::CallbackServerContext* context) const {
  const auto& metadata = context->client_metadata();
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  std::shared_ptr<const app::PrincipalDirectory> principals = directory();
  auto authorization = metadata.find("authorization");
  if (authorization != metadata.end()) {
    const absl::string_view value = View(authorization->second);
    if (!absl::StartsWithIgnoreCase(value, kBearer)) {
      return Deny("unknown_token", context->peer(),
                  absl::UnauthenticatedError(
                      "the authorization metadata must be \"Bearer <token>\""));
    }
    std::string hash = app::HashToken(value.substr(kBearer.size()));
    const app::Principal* principal = principals->ByTokenHash(hash);
    if (principal == nullptr) {
      return Deny(
          "unknown_token", context->peer(),
          absl::UnauthenticatedError("the bearer token is unknown or revoked"));
    }
    return Caller{.principal = *principal,
                  .token_sha256 = std::move(hash),
                  .generation = generation};
  }
  std::shared_ptr<const grpc::AuthContext> auth = context->auth_context();
  if (auth != nullptr && auth->IsPeerAuthenticated()) {
    // Subject alternative names first, as RFC 6125 prefers them.
    std::vector<std::string> names;
    for (const char* property :
         {GRPC_X509_SAN_PROPERTY_NAME, GRPC_X509_CN_PROPERTY_NAME}) {
      for (const grpc::string_ref& ref : auth->FindPropertyValues(property)) {
        names.emplace_back(View(ref));
      }
    }
    bool ambiguous = false;
    const app::Principal* found =
        ByCertificateNames(*principals, names, ambiguous);
    if (found != nullptr) {
      return Caller{.principal = *found,
                    .certificate_names = std::move(names),
                    .generation = generation};
    }
    std::vector<std::string> quoted;
    quoted.reserve(names.size());
    for (const std::string& name : names) {
      quoted.push_back(domain::QuoteValue(name));
    }
    return Deny("unknown_certificate", context->peer(),
                absl::UnauthenticatedError(absl::StrCat(
                    ambiguous ? "the names of the client certificate stand "
                                "for several principals of the token file ("
                              : "no principal of the token file has a name "
                                "of the client certificate (",
                    absl::StrJoin(quoted, ", "), ")")));
  }
  return Deny("no_credentials", context->peer(),
              absl::UnauthenticatedError(
                  "no credentials: send \"authorization: Bearer <token>\" "
                  "metadata or a client certificate"));
}

absl::Status Authenticator::StillValid(Caller& caller) const {
  const bool authenticated =
      !caller.token_sha256.empty() || !caller.certificate_names.empty();
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  if (!authenticated || generation == caller.generation) {
    return absl::OkStatus();
  }
  std::shared_ptr<const app::PrincipalDirectory> principals = directory();
  bool ambiguous = false;
  const app::Principal* now =
      !caller.token_sha256.empty()
          ? principals->ByTokenHash(caller.token_sha256)
          : ByCertificateNames(*principals, caller.certificate_names,
                               ambiguous);
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (now != nullptr && now->id == caller.principal.id &&
      now->role == caller.principal.role &&
      sorted(now->administrations) ==
          sorted(caller.principal.administrations)) {
    caller.generation = generation;
    return absl::OkStatus();
  }
  return Deny("revoked", "(an open stream)",
              absl::UnauthenticatedError(absl::StrCat(
                  "the credentials of principal \"", caller.principal.id,
                  "\" were revoked or changed by a new token file; call "
                  "again")));
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
                absl::PermissionDeniedError(absl::StrCat(
                    "transpo-actor \"", domain::QuoteValue(View(actor->second)),
                    "\" is not the authenticated principal \"",
                    caller->principal.id, "\"")));
  }
  return caller;
}

}  // namespace transpo::api
