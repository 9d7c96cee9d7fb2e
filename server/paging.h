// Page sizes and opaque page tokens of every List/Read RPC. A token names
// where the next page starts (a log position, or the id after which the next
// page of a list begins); clients must not build or parse one.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_PAGING_H_
#define TRANSPO_SERVER_PAGING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace transpo {

// 0 means `default_size`; above `max_size` is capped; negative is an
// InvalidArgument naming page_size.
absl::StatusOr<int> PageSize(int requested, int default_size, int max_size);

// Tokens of the event log: the next position (or stream version) to read.
std::string EncodePageToken(uint64_t next_position);
absl::StatusOr<uint64_t> DecodePageToken(absl::string_view token);

// Tokens of lists in id order: the id after which the next page starts.
// PageStart("") is "" (the first page).
std::string NextPageToken(const std::string& last_id);
absl::StatusOr<std::string> PageStart(const std::string& token);

}  // namespace transpo

#endif  // TRANSPO_SERVER_PAGING_H_
