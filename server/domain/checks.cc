#include "server/domain/checks.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/domain/field_error.h"
#include "server/domain/limits.h"

namespace transpo::domain {

absl::Status CheckText(absl::string_view field, const std::string& text,
                       bool required, size_t max_bytes) {
  if (required && absl::StripAsciiWhitespace(text).empty()) {
    return FieldError(field, "required");
  }
  if (text.size() > max_bytes) {
    return FieldError(field, text,
                      absl::StrCat(text.size(), " bytes, at most ", max_bytes));
  }
  return absl::OkStatus();
}

absl::Status CheckNames(absl::string_view field,
                        const std::vector<std::string>& names,
                        size_t max_items) {
  absl::Status count = CheckCount(field, names.size(), max_items);
  if (!count.ok()) return count;
  for (size_t i = 0; i < names.size(); ++i) {
    absl::Status name = CheckText(absl::StrCat(field, "[", i, "]"), names[i],
                                  /*required=*/true, kMaxNameBytes);
    if (!name.ok()) return name;
  }
  return absl::OkStatus();
}

absl::Status CheckCount(absl::string_view field, size_t count,
                        size_t max_items) {
  if (count > max_items) {
    return FieldError(field,
                      absl::StrCat(count, " items, at most ", max_items));
  }
  return absl::OkStatus();
}

absl::Status CheckMask(const std::set<std::string>& fields,
                       std::initializer_list<const char*> allowed,
                       absl::string_view immutable) {
  if (fields.empty()) {
    return FieldError("update_mask", "names no field to update");
  }
  for (const std::string& field : fields) {
    if (field == immutable) {
      return FieldError("update_mask", field, "cannot be changed");
    }
    if (std::none_of(allowed.begin(), allowed.end(),
                     [&](const char* a) { return field == a; })) {
      return FieldError("update_mask", field,
                        absl::StrCat("unknown field (one of ",
                                     absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace transpo::domain
