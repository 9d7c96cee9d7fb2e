#include "storage/quote.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace transpo {

std::string Quote(absl::string_view value) {
  std::string quoted = absl::StrCat(
      "\"", absl::CHexEscape(value.substr(0, kMaxQuotedBytes)), "\"");
  if (value.size() > kMaxQuotedBytes) {
    absl::StrAppend(&quoted, "... (", value.size(), " bytes)");
  }
  return quoted;
}

}  // namespace transpo
