// The assembled server on port 0 with a real gRPC client: ReadEvents paging,
// Subscribe (backlog, then live), health checking, reflection, /metrics, and
// a graceful shutdown that ends open streams.

#include "server/transpod.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc_health.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/app/event_codec.h"
#include "tests/testing/http_get.h"
#include "tests/testing/reflection.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "transpo/v1/event_log.grpc.pb.h"
#include "transpo/v1/events.pb.h"

namespace transpo {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::transpo::testing::HttpGet;
using ::transpo::testing::ListServicesByReflection;
using ::transpo::testing::TempDir;

const absl::Time kStart = absl::FromCivil(
    absl::CivilSecond(2026, 3, 2, 8, 0, 0), absl::UTCTimeZone());

class TranspodTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(""); }

  // Starts the server; `metrics_listen` empty: no metrics endpoint (whose
  // shutdown takes 2 s).
  void Start(const std::string& metrics_listen) {
    auto server =
        Transpod::Start({.listen = "127.0.0.1:0",
                         .metrics_listen = metrics_listen,
                         .data_dir = dir_.path(),
                         .clock = "manual@2026-03-02T09:00"});  // 08:00 UTC
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    events_ = v1::EventLogService::NewStub(channel_);
  }

  // Appends `n` events straight to the log (no command): updates of the
  // directive of `stream`, titled "update <i>".
  void AppendEvents(int n, const std::string& stream = "directive-32019L1937") {
    for (int i = 0; i < n; ++i) {
      domain::DirectiveInfo info;
      info.celex = stream.substr(stream.find('-') + 1);
      info.short_title = absl::StrCat("update ", i);
      info.deadlines.push_back({absl::CivilDay(2030, 1, 1), ""});
      AppendRequest request;
      request.stream = stream;
      request.actor = "euro-coordinator";
      request.events.push_back(
          app::Encode(domain::DirectiveEvent{domain::DirectiveUpdated{info}}));
      ASSERT_OK(server_->log().Append(std::move(request)).status());
    }
  }

  TempDir dir_;
  std::unique_ptr<Transpod> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EventLogService::Stub> events_;
};

TEST_F(TranspodTest, ReadEventsPagesThroughTheLog) {
  AppendEvents(7);
  std::vector<uint64_t> positions;
  v1::ReadEventsRequest request;
  request.set_page_size(3);
  int pages = 0;
  for (;; ++pages) {
    grpc::ClientContext context;
    v1::ReadEventsResponse response;
    ASSERT_TRUE(events_->ReadEvents(&context, request, &response).ok());
    EXPECT_EQ(response.head_position(), 7u);
    for (const v1::Event& e : response.events())
      positions.push_back(e.position());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(pages + 1, 3);
  EXPECT_THAT(positions, ::testing::ElementsAre(1, 2, 3, 4, 5, 6, 7));

  grpc::ClientContext context;
  v1::ReadEventsResponse response;
  request.Clear();
  request.set_from_position(7);
  ASSERT_TRUE(events_->ReadEvents(&context, request, &response).ok());
  ASSERT_EQ(response.events_size(), 1);
  const v1::Event& e = response.events(0);
  EXPECT_EQ(e.stream(), "directive-32019L1937");
  EXPECT_EQ(e.stream_version(), 7u);
  EXPECT_EQ(e.type(), "transpo.v1.DirectiveUpdated");
  v1::DirectiveUpdated payload;
  ASSERT_TRUE(payload.ParseFromString(e.payload()));
  EXPECT_EQ(payload.directive().short_title(), "update 6");
  EXPECT_EQ(e.actor(), "euro-coordinator");
  EXPECT_EQ(e.record_time().seconds(), absl::ToUnixSeconds(kStart));
  EXPECT_EQ(e.hash().size(), 32u);
  EXPECT_FALSE(e.event_id().empty());
}

TEST_F(TranspodTest, ReadEventsRejectsBadPagingNamingTheField) {
  v1::ReadEventsRequest request;
  request.set_page_size(-1);
  grpc::ClientContext c1;
  v1::ReadEventsResponse response;
  grpc::Status status = events_->ReadEvents(&c1, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_size \"-1\": must be 0"));

  request.Clear();
  request.set_page_token("not-a-token");
  grpc::ClientContext c2;
  status = events_->ReadEvents(&c2, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token \"not-a-token\""));
}

TEST_F(TranspodTest, SubscribeStreamsBacklogThenLiveEvents) {
  AppendEvents(3);
  grpc::ClientContext context;
  v1::SubscribeRequest request;
  request.set_from_position(2);
  auto reader = events_->Subscribe(&context, request);
  v1::SubscribeResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.event().position(), 2u);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.event().position(), 3u);

  // Committed after the subscriber caught up: delivered without polling.
  AppendEvents(2, "directive-32019L1024");
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.event().position(), 4u);
  EXPECT_EQ(response.event().stream(), "directive-32019L1024");
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.event().position(), 5u);
  context.TryCancel();
  while (reader->Read(&response)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(TranspodTest, ManySubscribersEachSeeEveryEventInOrder) {
  constexpr int kSubscribers = 8;
  constexpr int kEvents = 300;
  std::vector<std::thread> readers;
  std::vector<int> seen(kSubscribers, 0);
  std::vector<bool> in_order(kSubscribers, true);
  for (int s = 0; s < kSubscribers; ++s) {
    readers.emplace_back([&, s] {
      grpc::ClientContext context;
      auto reader = events_->Subscribe(&context, {});
      v1::SubscribeResponse response;
      while (seen[s] < kEvents && reader->Read(&response)) {
        if (response.event().position() != static_cast<uint64_t>(seen[s] + 1)) {
          in_order[s] = false;
        }
        ++seen[s];
      }
      context.TryCancel();
      while (reader->Read(&response)) {
      }
      reader->Finish().IgnoreError();
    });
  }
  std::thread writer([&] { AppendEvents(kEvents); });
  writer.join();
  for (auto& r : readers) r.join();
  for (int s = 0; s < kSubscribers; ++s) {
    EXPECT_EQ(seen[s], kEvents) << "subscriber " << s;
    EXPECT_TRUE(in_order[s]) << "subscriber " << s;
  }
}

TEST_F(TranspodTest, ShutdownEndsOpenStreams) {
  AppendEvents(1);
  grpc::ClientContext context;
  auto reader = events_->Subscribe(&context, {});
  v1::SubscribeResponse response;
  ASSERT_TRUE(reader->Read(&response));
  server_->Shutdown(absl::Milliseconds(100));  // returns once the stream ended
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_FALSE(reader->Finish().ok());
}

TEST_F(TranspodTest, ServesHealthAndReflection) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext c1;
  grpc::health::v1::HealthCheckResponse status;
  ASSERT_TRUE(health->Check(&c1, {}, &status).ok());
  EXPECT_EQ(status.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  EXPECT_THAT(ListServicesByReflection(channel_),
              ::testing::IsSupersetOf(
                  {"transpo.v1.EventLogService", "grpc.health.v1.Health"}));
}

TEST_F(TranspodTest, PublishesEventLogMetrics) {
  server_.reset();
  Start("127.0.0.1:0");
  AppendEvents(4);
  absl::StatusOr<std::string> text =
      HttpGet(server_->metrics_port(), "/metrics");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_THAT(*text, HasSubstr("transpo_event_log_head_position 4"));
  EXPECT_THAT(*text, HasSubstr("transpo_event_log_events_total 4"));
  EXPECT_THAT(*text, HasSubstr("transpo_event_log_commit_seconds_count 4"));
}

TEST_F(TranspodTest, RestartKeepsTheLog) {
  AppendEvents(5);
  server_->Shutdown(absl::ZeroDuration());
  server_.reset();
  Start("");
  EXPECT_EQ(server_->log().head(), 5u);
  grpc::ClientContext context;
  v1::ReadEventsResponse response;
  ASSERT_TRUE(events_->ReadEvents(&context, {}, &response).ok());
  EXPECT_EQ(response.events_size(), 5);
}

TEST(TranspodStartTest, BadAddressNamesTheFlag) {
  TempDir dir;
  auto server = Transpod::Start({.listen = "nonsense",
                                 .metrics_listen = "127.0.0.1:0",
                                 .data_dir = dir.path()});
  EXPECT_THAT(server, testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("--listen \"nonsense\"")));
}

}  // namespace
}  // namespace transpo
