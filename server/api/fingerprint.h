// A stable fingerprint of a request message: what a list token is bound to
// (the query) and what a request id stands for (the write), each without the
// fields that do not make the request what it is (the page token, the id).
// Stable across processes and builds (deterministic serialization, FNV-1a),
// unlike std::hash or absl::Hash.
//
// Thread-safety: pure functions.
//
// Example:
//   std::string key = Fingerprint(*request, {"request_id"});

#ifndef TRANSPO_SERVER_API_FINGERPRINT_H_
#define TRANSPO_SERVER_API_FINGERPRINT_H_

#include <google/protobuf/message.h>

#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"

namespace transpo::api {

// The message's type name and 128 bits of its content in hex, the fields
// named in `ignored` (top-level fields of the message) left out.
std::string Fingerprint(const google::protobuf::Message& message,
                        std::initializer_list<absl::string_view> ignored);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_FINGERPRINT_H_
