// Paging of every List and Read RPC: page sizes, opaque page tokens, and the
// byte budget that keeps every response readable by a default client (gRPC
// clients accept 4 MiB unless told otherwise).
//
// A list token names the id after which the next page starts and is bound to
// the query it was issued for (filter and as_of): reused with another query
// it is InvalidArgument. A log token names the next position (or stream
// version). Clients must not build or parse tokens.
//
// Thread-safety: pure functions.
//
// Example:
//   auto after = ListTokenStart(request->page_token(), query);
//   ... FillPage(*page, ToProtoDossier, IdOf, query,
//                *response->mutable_dossiers(),
//                *response->mutable_next_page_token());

#ifndef TRANSPO_SERVER_API_PAGING_H_
#define TRANSPO_SERVER_API_PAGING_H_

#include <google/protobuf/message.h>
#include <google/protobuf/repeated_ptr_field.h>

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/api/request_context.h"
#include "server/app/queries.h"

namespace transpo::api {

// Largest response a page makes, in bytes (a single item larger than this
// still goes out alone: limits.h bounds every resource well below 4 MiB).
inline constexpr size_t kMaxResponseBytes = size_t{3} << 20;
// Longest page token accepted, in bytes.
inline constexpr size_t kMaxPageTokenBytes = 512;

// 0 means `default_size`; above `max_size` is capped; negative is an
// InvalidArgument naming page_size.
absl::StatusOr<int> PageSize(int requested, int default_size, int max_size);

// Tokens of the event log: the next position (or stream version) to read.
std::string EncodePositionToken(uint64_t next);
absl::StatusOr<uint64_t> DecodePositionToken(absl::string_view token);

// The key binding list tokens to a query: a fingerprint of the list request
// without its page_size and page_token (its filter and as_of).
std::string QueryKey(const google::protobuf::Message& request);

// A list token: the next page starts after `cursor` (app::Page::cursors).
std::string ListToken(absl::string_view cursor, absl::string_view query_key);
// Where the page of `token` starts ("" for the first page, when the token is
// empty). InvalidArgument naming page_token if it is not a token of this
// query.
absl::StatusOr<std::string> ListTokenStart(absl::string_view token,
                                           absl::string_view query_key);

// Default and largest page of the List RPCs.
inline constexpr int kDefaultListPageSize = 50;
inline constexpr int kMaxListPageSize = 500;

// What a List request asks besides its filter: the page (where it starts, how
// many items, at most kMaxResponseBytes), as_of, and the key binding its
// tokens to the query.
struct ListQuery {
  app::PageRequest page;
  std::optional<absl::Time> as_of;
  std::string key;
};

// InvalidArgument naming as_of, page_size or page_token when one is wrong.
template <typename ListRequest>
absl::StatusOr<ListQuery> ListQueryOf(const ListRequest& request) {
  auto as_of = AsOf(request.has_as_of(), request.as_of());
  if (!as_of.ok()) return as_of.status();
  auto size =
      PageSize(request.page_size(), kDefaultListPageSize, kMaxListPageSize);
  if (!size.ok()) return size.status();
  ListQuery query{.as_of = *as_of, .key = QueryKey(request)};
  auto after = ListTokenStart(request.page_token(), query.key);
  if (!after.ok()) return after.status();
  query.page = {.after = *std::move(after),
                .size = static_cast<size_t>(*size),
                .max_bytes = kMaxResponseBytes};
  return query;
}

// Converts the items of `page` into `out` while the response stays under
// kMaxResponseBytes (the first item always goes in), and sets `next_token`
// when items remain, after the last one that went in.
template <typename Item, typename Message, typename Convert>
void FillPage(const app::Page<Item>& page, Convert convert,
              absl::string_view query_key,
              google::protobuf::RepeatedPtrField<Message>& out,
              std::string& next_token) {
  constexpr size_t kFieldOverhead = 16;  // tag and length of each item
  size_t bytes = 0;
  size_t taken = 0;
  for (const Item& item : page.items) {
    Message message = convert(item);
    const size_t size = message.ByteSizeLong() + kFieldOverhead;
    if (taken > 0 && bytes + size > kMaxResponseBytes) break;
    bytes += size;
    *out.Add() = std::move(message);
    ++taken;
  }
  if (taken > 0 && (taken < page.items.size() || page.more)) {
    next_token = ListToken(page.cursors[taken - 1], query_key);
  }
}

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_PAGING_H_
