// The services a gRPC server offers, asked of its reflection service (as
// grpcurl list does).
//
// Example:
//   std::vector<std::string> names = ListServicesByReflection(channel);

#ifndef TRANSPO_TESTS_TESTING_REFLECTION_H_
#define TRANSPO_TESTS_TESTING_REFLECTION_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "grpc_reflection.grpc.pb.h"
#include "gtest/gtest.h"

namespace transpo::testing {

// Asks the server's reflection service for its services, through a generic
// bidirectional call.
inline std::vector<std::string> ListServicesByReflection(
    std::shared_ptr<grpc::Channel> channel) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext context;
  auto call = stub.PrepareCall(
      &context,
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  auto step = [&cq](auto start) {
    start();
    void* tag = nullptr;
    bool ok = false;
    return cq.Next(&tag, &ok) && ok;
  };
  std::vector<std::string> names;
  transpo::testing::ServerReflectionRequest request;
  request.set_list_services("");
  std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer out(&slice, 1);
  grpc::ByteBuffer in;
  grpc::Status status;
  if (step([&] { call->StartCall(nullptr); }) &&
      step([&] { call->Write(out, nullptr); }) &&
      step([&] { call->WritesDone(nullptr); }) &&
      step([&] { call->Read(&in, nullptr); })) {
    std::vector<grpc::Slice> slices;
    EXPECT_TRUE(in.Dump(&slices).ok());
    std::string received;
    for (const auto& s : slices)
      received.append(reinterpret_cast<const char*>(s.begin()), s.size());
    transpo::testing::ServerReflectionResponse response;
    EXPECT_TRUE(response.ParseFromString(received));
    for (const auto& service : response.list_services_response().service()) {
      names.push_back(service.name());
    }
  }
  step([&] { call->Finish(&status, nullptr); });
  EXPECT_TRUE(status.ok()) << status.error_message();
  cq.Shutdown();
  void* tag;
  bool ok;
  while (cq.Next(&tag, &ok)) {
  }
  return names;
}

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_TESTING_REFLECTION_H_
