#include "server/api/fingerprint.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <memory>

#include "absl/strings/str_format.h"

namespace transpo::api {
namespace {

uint64_t Fnv1a(absl::string_view bytes, uint64_t hash) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::string Fingerprint(const google::protobuf::Message& message,
                        std::initializer_list<absl::string_view> ignored) {
  std::unique_ptr<google::protobuf::Message> copy(message.New());
  copy->CopyFrom(message);
  for (absl::string_view name : ignored) {
    const google::protobuf::FieldDescriptor* field =
        copy->GetDescriptor()->FindFieldByName(std::string(name));
    if (field != nullptr) copy->GetReflection()->ClearField(copy.get(), field);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&out);
  }
  return absl::StrFormat("%s:%016x%016x", message.GetDescriptor()->full_name(),
                         Fnv1a(bytes, 0xcbf29ce484222325ULL),
                         Fnv1a(bytes, 0x84222325cbf29ce4ULL));
}

}  // namespace transpo::api
