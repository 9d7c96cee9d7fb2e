// Validation of the identifiers EU law uses. Each returns OkStatus or an
// InvalidArgument FieldError naming `field` and the text.
//
//   CELEX number of a directive   3YYYYLNNNN      32019L1937
//   infringement number           INFR(YYYY)NNNN  INFR(2022)0075
//   Court of Justice case         C-NNN/YY        C-543/17

#ifndef TRANSPO_SERVER_DOMAIN_IDENTIFIERS_H_
#define TRANSPO_SERVER_DOMAIN_IDENTIFIERS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace transpo::domain {

absl::Status ValidateCelex(absl::string_view field, absl::string_view celex);
absl::Status ValidateInfringementNumber(absl::string_view field,
                                        absl::string_view number);
absl::Status ValidateCaseNumber(absl::string_view field,
                                absl::string_view number);

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_IDENTIFIERS_H_
