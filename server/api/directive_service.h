// DirectiveService (transpo.v1): registers directives and keeps their facts.
// Translates requests to domain commands and app queries; rules live in
// server/domain/directive.h.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_API_DIRECTIVE_SERVICE_H_
#define TRANSPO_SERVER_API_DIRECTIVE_SERVICE_H_

#include "server/api/authenticator.h"
#include "server/app/app.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo::api {

class DirectiveService final : public v1::DirectiveService::CallbackService {
 public:
  DirectiveService(const Authenticator& auth, app::App& app)
      : auth_(auth), app_(app) {}

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
  const Authenticator& auth_;
  app::App& app_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_DIRECTIVE_SERVICE_H_
