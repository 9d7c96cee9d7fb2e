// Who changed a part of an aggregate, and when (from the event record).
//
// Thread-safety: a plain value.

#ifndef TRANSPO_SERVER_DOMAIN_CHANGE_H_
#define TRANSPO_SERVER_DOMAIN_CHANGE_H_

#include <string>

#include "absl/time/time.h"

namespace transpo::domain {

struct Change {
  // InfinitePast: never changed.
  absl::Time time = absl::InfinitePast();
  std::string actor;

  bool operator==(const Change&) const = default;
};

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_CHANGE_H_
