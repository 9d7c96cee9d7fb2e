// Registers the administrations a benchmark's dossiers are assigned to
// (assignments name directory ids). Exits with a message on an error.

#ifndef TRANSPO_BENCH_DIRECTORY_H_
#define TRANSPO_BENCH_DIRECTORY_H_

#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "transpo/v1/administrations.grpc.pb.h"

namespace transpo::bench {

inline void RegisterAdministrations(
    const std::shared_ptr<grpc::Channel>& channel,
    const std::vector<std::string>& ids) {
  auto stub = v1::AdministrationService::NewStub(channel);
  for (const std::string& id : ids) {
    v1::CreateAdministrationRequest request;
    request.mutable_administration()->set_id(id);
    request.mutable_administration()->set_name_nl(id);
    request.mutable_administration()->set_name_fr(id);
    request.set_request_id("bench-" + id);  // a second run records nothing
    v1::CreateAdministrationResponse response;
    grpc::ClientContext context;
    grpc::Status status =
        stub->CreateAdministration(&context, request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "Error: registering administration %s: %s\n",
                   id.c_str(), status.error_message().c_str());
      std::exit(1);
    }
  }
}

}  // namespace transpo::bench

#endif  // TRANSPO_BENCH_DIRECTORY_H_
