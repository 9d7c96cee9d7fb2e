// DirectiveService (transpo.v1): registers directives and keeps their
// facts. Translates requests to domain commands; rules live in
// server/domain/directive.h.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_DIRECTIVE_SERVICE_H_
#define TRANSPO_SERVER_DIRECTIVE_SERVICE_H_

#include "server/domain/dossier_filter.h"
#include "server/service_support.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo {

class DirectiveService final : public v1::DirectiveService::CallbackService {
 public:
  explicit DirectiveService(const ServiceContext& service)
      : service_(service) {}

  grpc::ServerUnaryReactor* CreateDirective(
      grpc::CallbackServerContext* context,
      const v1::CreateDirectiveRequest* request,
      v1::CreateDirectiveResponse* response) override;
  grpc::ServerUnaryReactor* GetDirective(
      grpc::CallbackServerContext* context,
      const v1::GetDirectiveRequest* request,
      v1::GetDirectiveResponse* response) override;
  grpc::ServerUnaryReactor* ListDirectives(
      grpc::CallbackServerContext* context,
      const v1::ListDirectivesRequest* request,
      v1::ListDirectivesResponse* response) override;
  grpc::ServerUnaryReactor* UpdateDirective(
      grpc::CallbackServerContext* context,
      const v1::UpdateDirectiveRequest* request,
      v1::UpdateDirectiveResponse* response) override;

 private:
  const ServiceContext& service_;
};

// The filter of ListDirectives and ListDossiers.
absl::StatusOr<DossierFilter> FromProto(const v1::DossierFilter& in);

// One page of the directives (with their dossiers) that match a list
// request, now or as of an instant.
struct DirectivePage {
  std::vector<DirectiveState> states;
  std::string next_page_token;
  absl::CivilDay today;  // the day the filter used
};
absl::StatusOr<DirectivePage> ListDirectiveStates(
    const ServiceContext& service, const v1::DossierFilter& filter,
    int page_size, const std::string& page_token,
    std::optional<absl::Time> as_of);

}  // namespace transpo

#endif  // TRANSPO_SERVER_DIRECTIVE_SERVICE_H_
