// Quote puts a client-provided value into an error message: at most
// kMaxQuotedBytes of it, C-escaped and between double quotes, so that a status
// never grows with the input and never carries raw control bytes. A value cut
// short says how long it was.
//
// Thread-safety: a pure function.
//
// Example:
//   return absl::InvalidArgumentError(
//       absl::StrCat("stream ", Quote(stream), ": not a name"));
//   // stream "dossier\n-1": not a name
//   // stream "xxxx...xxxx"... (300 bytes): not a name

#ifndef TRANSPO_STORAGE_QUOTE_H_
#define TRANSPO_STORAGE_QUOTE_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace transpo {

inline constexpr size_t kMaxQuotedBytes = 64;

std::string Quote(absl::string_view value);

}  // namespace transpo

#endif  // TRANSPO_STORAGE_QUOTE_H_
