// AdministrationService (transpo.v1): the directory of administrations and
// their correspondents. Translates requests to domain commands and app
// queries; rules live in server/domain/administration.h.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_API_ADMINISTRATION_SERVICE_H_
#define TRANSPO_SERVER_API_ADMINISTRATION_SERVICE_H_

#include <string>

#include "server/api/authenticator.h"
#include "server/app/app.h"
#include "transpo/v1/administrations.grpc.pb.h"

namespace transpo::api {

class AdministrationService final
    : public v1::AdministrationService::CallbackService {
 public:
  AdministrationService(const Authenticator& auth, app::App& app)
      : auth_(auth), app_(app) {}

  grpc::ServerUnaryReactor* CreateAdministration(
      grpc::CallbackServerContext* context,
      const v1::CreateAdministrationRequest* request,
      v1::CreateAdministrationResponse* response) override;
  grpc::ServerUnaryReactor* GetAdministration(
      grpc::CallbackServerContext* context,
      const v1::GetAdministrationRequest* request,
      v1::GetAdministrationResponse* response) override;
  grpc::ServerUnaryReactor* ListAdministrations(
      grpc::CallbackServerContext* context,
      const v1::ListAdministrationsRequest* request,
      v1::ListAdministrationsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateAdministration(
      grpc::CallbackServerContext* context,
      const v1::UpdateAdministrationRequest* request,
      v1::UpdateAdministrationResponse* response) override;
  grpc::ServerUnaryReactor* AddCorrespondent(
      grpc::CallbackServerContext* context,
      const v1::AddCorrespondentRequest* request,
      v1::AddCorrespondentResponse* response) override;
  grpc::ServerUnaryReactor* UpdateCorrespondent(
      grpc::CallbackServerContext* context,
      const v1::UpdateCorrespondentRequest* request,
      v1::UpdateCorrespondentResponse* response) override;

 private:
  // Runs `command` on administration `id` (request field `id_field`),
  // answering with the administration.
  template <typename Response>
  grpc::ServerUnaryReactor* Run(
      grpc::CallbackServerContext* context, const std::string& id,
      absl::string_view id_field, absl::StatusOr<app::WriteMeta> meta,
      absl::StatusOr<domain::AdministrationCommand> command,
      Response* response);

  const Authenticator& auth_;
  app::App& app_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_ADMINISTRATION_SERVICE_H_
