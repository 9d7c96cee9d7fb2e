// Who may call transpod: the principals of the token file, each with a role
// and (for a correspondent) the administrations it answers for, found by the
// SHA-256 of its bearer token or by a name of its TLS client certificate.
// The token itself is never kept.
//
// Thread-safety: a PrincipalDirectory is immutable once created; share it
// as std::shared_ptr<const PrincipalDirectory> and replace it whole.
//
// Example:
//   auto directory = PrincipalDirectory::Create(entries);
//   const Principal* p = (*directory)->ByTokenHash(HashToken(token));

#ifndef TRANSPO_SERVER_APP_PRINCIPALS_H_
#define TRANSPO_SERVER_APP_PRINCIPALS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace transpo::app {

enum class Role {
  // The Euro-coordinator: everything.
  kCoordinator,
  // Reads everything; writes the dossiers of its administrations and
  // acknowledges their alerts.
  kCorrespondent,
  // Reads only.
  kViewer,
  // A machine: watches alerts, reads the event log.
  kService,
};

// "coordinator", "correspondent", "viewer", "service".
absl::string_view RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);

struct Principal {
  std::string id;
  Role role = Role::kViewer;
  // The administrations a correspondent answers for (at least one); empty
  // for the other roles.
  std::vector<std::string> administrations;

  // The administrations this principal's writes and alert views are limited
  // to; nullopt: not limited.
  std::optional<std::vector<std::string>> scope() const {
    if (role != Role::kCorrespondent) return std::nullopt;
    return administrations;
  }
};

// One entry of the token file.
struct PrincipalEntry {
  Principal principal;
  // Lowercase hex SHA-256 of the principal's bearer token; empty: none (a
  // principal that only uses a client certificate).
  std::string token_sha256;
  // Names (a client certificate's CN or SAN) that identify it over mutual
  // TLS; none: it does not use a certificate.
  std::vector<std::string> certificate_names;
};

class PrincipalDirectory {
 public:
  // InvalidArgument naming the entry (principals[i]) and field of: an id
  // that is empty, not printable ASCII without space, or repeated; a
  // token_sha256 that is not 64 hex digits or is another principal's; a
  // correspondent without administrations or another role with some; a
  // certificate name that is not printable ASCII or is another
  // principal's.
  static absl::StatusOr<std::shared_ptr<const PrincipalDirectory>> Create(
      std::vector<PrincipalEntry> entries);

  // The principal whose token hashes to `sha256_hex`; null if none.
  const Principal* ByTokenHash(absl::string_view sha256_hex) const;
  // The principal with this certificate name; null if none.
  const Principal* ByCertificateName(absl::string_view name) const;

  size_t size() const { return principals_.size(); }

 private:
  PrincipalDirectory() = default;

  std::vector<Principal> principals_;
  // Indexes into principals_.
  absl::flat_hash_map<std::string, size_t> by_token_hash_;
  absl::flat_hash_map<std::string, size_t> by_certificate_name_;
};

// Lowercase hex SHA-256 of `token`.
std::string HashToken(absl::string_view token);

// A new random bearer token: "tpo_" and 43 base64url characters (256 bits
// from OpenSSL's CSPRNG). Internal if the generator fails.
absl::StatusOr<std::string> NewToken();

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_PRINCIPALS_H_
