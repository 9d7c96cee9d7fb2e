#include "server/api/server_service.h"

#include "server/api/request_context.h"
#include "server/app/proto_time.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.ServerService";

}  // namespace

grpc::ServerUnaryReactor* ServerService::GetServerInfo(
    grpc::CallbackServerContext* context,
    const v1::GetServerInfoRequest* request,
    v1::GetServerInfoResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  response->set_version(version_);
  response->add_api_versions("transpo.v1");
  app::ToProtoTime(start_time_, *response->mutable_start_time());
  return Finish(context, absl::OkStatus());
}

}  // namespace transpo::api
