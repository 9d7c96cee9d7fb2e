// Reading transpod's configuration file (transpo/config/v1/config.proto, in
// protobuf text format) into TranspodOptions, and text-format files in
// general.
//
// Example:
//   TranspodOptions options;
//   absl::Status loaded = LoadConfigFile("transpod.textproto", options);

#ifndef TRANSPO_SERVER_CONFIG_H_
#define TRANSPO_SERVER_CONFIG_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "server/transpod.h"

namespace transpo {

// Sets the options the file sets; leaves the others. InvalidArgument naming
// the file, line and column of a syntax error or unknown field;
// NotFound if the file cannot be read.
absl::Status LoadConfigFile(const std::string& path, TranspodOptions& options);

// The same for text already read; `name` labels errors.
absl::Status ParseConfig(const std::string& name, const std::string& text,
                         TranspodOptions& options);

// Parses `text` (protobuf text format) into `message`; InvalidArgument
// "<label>: line L column C: <why>" at the first error.
absl::Status ParseTextProto(absl::string_view label, const std::string& text,
                            google::protobuf::Message& message);

// The content of the file at `path`; NotFound "<label>: cannot be read".
absl::StatusOr<std::string> ReadTextFile(absl::string_view label,
                                         const std::string& path);

}  // namespace transpo

#endif  // TRANSPO_SERVER_CONFIG_H_
