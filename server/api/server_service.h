// ServerService (transpo.v1): what transpod says about itself (version, API
// packages, start time), for `transpoctl version`.
//
// Thread-safety: as any gRPC service.

#ifndef TRANSPO_SERVER_API_SERVER_SERVICE_H_
#define TRANSPO_SERVER_API_SERVER_SERVICE_H_

#include <string>

#include "absl/time/time.h"
#include "server/api/authenticator.h"
#include "transpo/v1/server.grpc.pb.h"

namespace transpo::api {

class ServerService final : public v1::ServerService::CallbackService {
 public:
  ServerService(const Authenticator& auth, std::string version,
                absl::Time start_time)
      : auth_(auth), version_(std::move(version)), start_time_(start_time) {}

  grpc::ServerUnaryReactor* GetServerInfo(
      grpc::CallbackServerContext* context,
      const v1::GetServerInfoRequest* request,
      v1::GetServerInfoResponse* response) override;

 private:
  const Authenticator& auth_;
  const std::string version_;
  const absl::Time start_time_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_SERVER_SERVICE_H_
