// Reading transpod's configuration file (transpo/config/v1/config.proto, in
// protobuf text format) into TranspodOptions.
//
// Example:
//   TranspodOptions options;
//   absl::Status loaded = LoadConfigFile("transpod.textproto", options);

#ifndef TRANSPO_SERVER_CONFIG_H_
#define TRANSPO_SERVER_CONFIG_H_

#include <string>

#include "absl/status/status.h"
#include "server/transpod.h"

namespace transpo {

// Sets the options the file sets; leaves the others. InvalidArgument naming
// the file, line and column of a syntax error or unknown field;
// NotFound if the file cannot be read.
absl::Status LoadConfigFile(const std::string& path, TranspodOptions& options);

// The same for text already read; `name` labels errors.
absl::Status ParseConfig(const std::string& name, const std::string& text,
                         TranspodOptions& options);

}  // namespace transpo

#endif  // TRANSPO_SERVER_CONFIG_H_
