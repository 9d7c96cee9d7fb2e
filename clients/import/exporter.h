// Reads the whole state through the public API as export records
// (administrations, dossiers with their directives, procedures, court
// cases), page by page, optionally as of an instant.
//
// Thread-safety: pure function; it makes blocking calls.

#ifndef TRANSPO_CLIENTS_IMPORT_EXPORTER_H_
#define TRANSPO_CLIENTS_IMPORT_EXPORTER_H_

#include <google/protobuf/timestamp.pb.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "transpo/v1/export.pb.h"

namespace transpo::clients {

struct ExportOptions {
  std::optional<google::protobuf::Timestamp> as_of;
  // The deadline of each call (a page).
  absl::Duration timeout = absl::Seconds(10);
};

// Everything as of `options.as_of`, or as of the server's now (one instant
// for all the lists). The server's error, naming what was being read, as an
// absl::Status.
absl::StatusOr<std::vector<v1::ExportRecord>> ExportAll(
    const std::shared_ptr<grpc::Channel>& channel, ExportOptions options);

}  // namespace transpo::clients

#endif  // TRANSPO_CLIENTS_IMPORT_EXPORTER_H_
