#include "server/grpc_status.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <string>

#include "server/domain/field_error.h"

namespace transpo {
namespace {

using google::protobuf::io::CodedOutputStream;
using google::protobuf::io::StringOutputStream;

// Field `number` of wire type "length-delimited" holding `bytes`.
void PutBytes(CodedOutputStream& out, int number, const std::string& bytes) {
  out.WriteTag((number << 3) | 2);
  out.WriteVarint32(static_cast<uint32_t>(bytes.size()));
  out.WriteString(bytes);
}

template <typename Fill>
std::string Message(Fill fill) {
  std::string bytes;
  {
    StringOutputStream stream(&bytes);
    CodedOutputStream out(&stream);
    fill(out);
  }
  return bytes;
}

// google.rpc.Status{code, message, details: [Any{BadRequest{[{field,
// description}]}}]}.
std::string BadRequestDetails(int code, const std::string& message,
                              const std::string& field) {
  const std::string violation = Message([&](CodedOutputStream& out) {
    PutBytes(out, 1, field);
    PutBytes(out, 2, message);
  });
  const std::string bad_request =
      Message([&](CodedOutputStream& out) { PutBytes(out, 1, violation); });
  const std::string any = Message([&](CodedOutputStream& out) {
    PutBytes(out, 1, "type.googleapis.com/google.rpc.BadRequest");
    PutBytes(out, 2, bad_request);
  });
  return Message([&](CodedOutputStream& out) {
    out.WriteTag(1 << 3);
    out.WriteVarint32(static_cast<uint32_t>(code));
    PutBytes(out, 2, message);
    PutBytes(out, 3, any);
  });
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl::StatusCode and grpc::StatusCode share their numbering (both follow
  // google.rpc.Code).
  const auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  if (std::optional<std::string> field = ErrorField(status)) {
    std::string details = BadRequestDetails(code, message, *field);
    return grpc::Status(code, std::move(message), std::move(details));
  }
  return grpc::Status(code, std::move(message));
}

}  // namespace transpo
