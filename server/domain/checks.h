// Field checks the aggregates share: required text, length and count bounds
// (limits.h), update masks. Each returns OkStatus or an InvalidArgument
// FieldError naming the field.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_DOMAIN_CHECKS_H_
#define TRANSPO_SERVER_DOMAIN_CHECKS_H_

#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace transpo::domain {

// At most `max_bytes`; when `required`, not blank.
absl::Status CheckText(absl::string_view field, const std::string& text,
                       bool required, size_t max_bytes);

// At most `max_items` names of at most kMaxNameBytes each, none blank.
absl::Status CheckNames(absl::string_view field,
                        const std::vector<std::string>& names,
                        size_t max_items);

// At most `max_items` items (`field` names the list).
absl::Status CheckCount(absl::string_view field, size_t count,
                        size_t max_items);

// `fields` names at least one field, each in `allowed`, none `immutable`.
absl::Status CheckMask(const std::set<std::string>& fields,
                       std::initializer_list<const char*> allowed,
                       absl::string_view immutable);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_CHECKS_H_
