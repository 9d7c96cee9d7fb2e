#include "server/app/principals.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/domain/field_error.h"

namespace transpo::app {
namespace {

constexpr std::array<std::pair<Role, absl::string_view>, 4> kRoleNames = {{
    {Role::kCoordinator, "coordinator"},
    {Role::kCorrespondent, "correspondent"},
    {Role::kViewer, "viewer"},
    {Role::kService, "service"},
}};

constexpr size_t kMaxCertificateNameBytes = 1024;

bool IsPrintableWithoutSpace(absl::string_view text) {
  return !text.empty() && text.size() <= 128 &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return c > 0x20 && c < 0x7f; });
}

bool IsSha256Hex(absl::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

absl::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (const auto& [role, n] : kRoleNames) {
    if (n == name) return role;
  }
  return std::nullopt;
}

absl::StatusOr<std::shared_ptr<const PrincipalDirectory>>
PrincipalDirectory::Create(std::vector<PrincipalEntry> entries) {
  std::shared_ptr<PrincipalDirectory> directory(new PrincipalDirectory());
  absl::flat_hash_map<std::string, size_t> ids;
  for (size_t i = 0; i < entries.size(); ++i) {
    PrincipalEntry& entry = entries[i];
    const Principal& p = entry.principal;
    const std::string at = absl::StrCat("principals[", i, "]");
    if (!IsPrintableWithoutSpace(p.id)) {
      return domain::FieldError(
          absl::StrCat(at, ".id"), p.id,
          "must be 1 to 128 printable ASCII characters without space");
    }
    if (!ids.emplace(p.id, i).second) {
      return domain::FieldError(
          absl::StrCat(at, ".id"), p.id,
          absl::StrCat("already the id of principals[", ids[p.id], "]"));
    }
    const bool correspondent = p.role == Role::kCorrespondent;
    if (correspondent != !p.administrations.empty()) {
      return domain::FieldError(
          absl::StrCat(at, ".administrations"),
          correspondent ? "a correspondent needs at least one administration"
                        : "only a correspondent has administrations");
    }
    for (const std::string& a : p.administrations) {
      if (!IsPrintableWithoutSpace(a)) {
        return domain::FieldError(absl::StrCat(at, ".administrations"), a,
                                  "not an administration id");
      }
    }
    if (!entry.token_sha256.empty()) {
      if (!IsSha256Hex(entry.token_sha256)) {
        return domain::FieldError(
            absl::StrCat(at, ".token_sha256"), entry.token_sha256,
            "must be 64 lowercase hex digits (transpod token create prints "
            "it)");
      }
      auto [it, added] =
          directory->by_token_hash_.emplace(entry.token_sha256, i);
      if (!added) {
        return domain::FieldError(
            absl::StrCat(at, ".token_sha256"), entry.token_sha256,
            absl::StrCat("already the token of principals[", it->second, "]"));
      }
    }
    for (const std::string& name : entry.certificate_names) {
      if (name.empty() || name.size() > kMaxCertificateNameBytes ||
          !std::all_of(name.begin(), name.end(),
                       [](char c) { return c >= 0x20 && c != 0x7f; })) {
        return domain::FieldError(
            absl::StrCat(at, ".certificate_names"), name,
            absl::StrCat("must be 1 to ", kMaxCertificateNameBytes,
                         " bytes without control characters"));
      }
      auto [it, added] = directory->by_certificate_name_.emplace(name, i);
      if (!added && it->second != i) {
        return domain::FieldError(
            absl::StrCat(at, ".certificate_names"), name,
            absl::StrCat("already a name of principals[", it->second, "]"));
      }
    }
    directory->principals_.push_back(std::move(entry.principal));
  }
  return directory;
}

const Principal* PrincipalDirectory::ByTokenHash(
    absl::string_view sha256_hex) const {
  auto it = by_token_hash_.find(sha256_hex);
  return it == by_token_hash_.end() ? nullptr : &principals_[it->second];
}

const Principal* PrincipalDirectory::ByCertificateName(
    absl::string_view name) const {
  auto it = by_certificate_name_.find(name);
  return it == by_certificate_name_.end() ? nullptr : &principals_[it->second];
}

namespace {

// SHA-256 fetched once: OpenSSL 3 fetches EVP_sha256() from its provider
// store on every use, under a lock, which costs four times the hash itself
// when the gRPC threads check tokens at once.
const EVP_MD* Sha256() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

}  // namespace

std::string HashToken(absl::string_view token) {
  // One context per thread, reused: no allocation per call.
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>
      context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (context == nullptr ||
      EVP_DigestInit_ex(context.get(), Sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), token.data(), token.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest.data(), &size) != 1) {
    return "";  // matches no entry: the directory checks every hash's form
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest.data()), size));
}

absl::StatusOr<std::string> NewToken() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return absl::InternalError("OpenSSL RAND_bytes failed: no token made");
  }
  std::string encoded;
  absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(bytes.data()),
                        bytes.size()),
      &encoded);
  return absl::StrCat("tpo_", encoded);
}

}  // namespace transpo::app
