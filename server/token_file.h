// Reading the token file (transpo/config/v1/token_file.proto, protobuf text
// format) into a PrincipalDirectory, and the entry `transpod token create`
// prints for a new token.
//
// Example:
//   auto directory = LoadTokenFile("/etc/transpo/tokens.textproto");
//   if (!directory.ok()) ... // names the file, and the line or entry

#ifndef TRANSPO_SERVER_TOKEN_FILE_H_
#define TRANSPO_SERVER_TOKEN_FILE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/app/principals.h"

namespace transpo {

// InvalidArgument "token file <path>: ..." naming the line and column of a
// syntax error, or the entry and field of a bad value (an unknown role, a
// token_sha256 that is not a SHA-256, a repeated id, ...), or of a file
// without principals; NotFound if the file cannot be read.
absl::StatusOr<std::shared_ptr<const app::PrincipalDirectory>> LoadTokenFile(
    const std::string& path);

// The same for text already read; `name` labels errors.
absl::StatusOr<std::shared_ptr<const app::PrincipalDirectory>> ParseTokenFile(
    const std::string& name, const std::string& text);

// The text-format entry for `principal` with the token whose SHA-256 is
// `token_sha256`, to add to the token file.
std::string TokenFileEntry(const app::Principal& principal,
                           const std::string& token_sha256);

}  // namespace transpo

#endif  // TRANSPO_SERVER_TOKEN_FILE_H_
