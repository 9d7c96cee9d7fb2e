#include "server/api/event_log_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/event_convert.h"
#include "server/api/grpc_status.h"
#include "server/api/log_stream.h"
#include "server/api/paging.h"
#include "server/api/request_context.h"
#include "server/domain/field_error.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.EventLogService";

// What a page of events may take in the log's reads: the response budget
// less the protobuf framing of each event.
constexpr size_t kReadBytes = kMaxResponseBytes - (size_t{64} << 10);

}  // namespace

grpc::ServerUnaryReactor* EventLogService::ReadEvents(
    grpc::CallbackServerContext* context, const v1::ReadEventsRequest* request,
    v1::ReadEventsResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto size = PageSize(request->page_size(), kDefaultPageSize, kMaxPageSize);
  if (!size.ok()) return Finish(context, size.status());
  uint64_t from = request->from_position();
  if (!request->page_token().empty()) {
    auto token = DecodePositionToken(request->page_token());
    if (!token.ok()) return Finish(context, token.status());
    from = *token;
  }
  const uint64_t head = log_.head();
  auto page = log_.ReadAll(from, *size, kReadBytes);
  if (!page.ok()) return Finish(context, page.status());
  for (const EventRecord& record : *page) {
    absl::Status converted = ToProto(record, *response->add_events());
    if (!converted.ok()) return Finish(context, converted);
  }
  response->set_head_position(head);
  if (!page->empty() && page->back().position < head) {
    response->set_next_page_token(
        EncodePositionToken(page->back().position + 1));
  }
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* EventLogService::ReadStream(
    grpc::CallbackServerContext* context, const v1::ReadStreamRequest* request,
    v1::ReadStreamResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  if (request->stream().empty()) {
    return Finish(
        context, domain::FieldError("stream",
                                    "required, e.g. \"directive-32019L1937\""));
  }
  if (request->stream().size() > kMaxStreamBytes) {
    return Finish(context, domain::FieldError(
                               "stream", request->stream(),
                               absl::StrCat("longer than ", kMaxStreamBytes,
                                            " bytes: no such stream")));
  }
  auto size = PageSize(request->page_size(), kDefaultPageSize, kMaxPageSize);
  if (!size.ok()) return Finish(context, size.status());
  uint64_t from = request->from_version();
  if (!request->page_token().empty()) {
    auto token = DecodePositionToken(request->page_token());
    if (!token.ok()) return Finish(context, token.status());
    from = *token;
  }
  auto page = log_.ReadStream(request->stream(), from, *size, kReadBytes);
  if (!page.ok()) return Finish(context, page.status());
  for (const EventRecord& record : *page) {
    absl::Status converted = ToProto(record, *response->add_events());
    if (!converted.ok()) return Finish(context, converted);
  }
  if (!page->empty()) {
    auto version = log_.StreamVersion(request->stream());
    if (!version.ok()) return Finish(context, version.status());
    if (page->back().version < *version) {
      response->set_next_page_token(
          EncodePositionToken(page->back().version + 1));
    }
  }
  return Finish(context, absl::OkStatus());
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* EventLogService::Subscribe(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) {
    return new LogStream(tail_, log_, ToGrpcStatus(caller.status()));
  }
  v1::SubscribeRequest parsed;
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (request->Dump(&slices).ok()) {
    for (const grpc::Slice& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
  }
  if (!parsed.ParseFromString(bytes)) {
    return new LogStream(tail_, log_,
                         grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                      "SubscribeRequest does not parse"));
  }
  if (parsed.max_events_per_message() > LogStream::kMaxEventsPerMessage) {
    return new LogStream(
        tail_, log_,
        ToGrpcStatus(domain::FieldError(
            "max_events_per_message",
            absl::StrCat(parsed.max_events_per_message()),
            absl::StrCat("at most ", LogStream::kMaxEventsPerMessage))));
  }
  return new LogStream(
      tail_, log_,
      {.from = parsed.from_position(),
       .max_events_per_message = parsed.max_events_per_message(),
       .allowed = StillAllowed(auth_, *std::move(caller))});
}

}  // namespace transpo::api
