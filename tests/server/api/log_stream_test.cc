// The shared tail and the Subscribe streams fed from it, with a small tail so
// that falling behind it is quick: what the tail keeps and drops, batched
// messages, the bound on a message, and a stream that falls behind ending
// with the position to resume from (and resuming there without a gap).

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/api/alert_service.h"
#include "server/api/event_log_service.h"
#include "server/api/log_tail.h"
#include "server/app/app.h"
#include "server/app/event_codec.h"
#include "storage/rocksdb_event_log.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "transpo/v1/alerts.grpc.pb.h"
#include "transpo/v1/event_log.grpc.pb.h"

namespace transpo::api {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::TempDir;

constexpr size_t kTailEvents = 8;

class LogStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = RocksDbEventLog::Open(
        dir_.path(), {.projection_families = app::ProjectionFamilies()});
    ASSERT_OK(log.status());
    log_ = *std::move(log);
    service_ = std::make_unique<EventLogService>(
        auth_, *log_, LogTailOptions{.max_events = kTailEvents});
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    grpc::ChannelArguments args;
    // A small flow-control window and no growing it: a client that stops
    // reading soon stops the server's writes too.
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 1024);
    stub_ = v1::EventLogService::NewStub(
        grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                  grpc::InsecureChannelCredentials(), args));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  // Appends `n` events in one request (one write to disk).
  void Append(int n) {
    AppendRequest request;
    request.stream = "directive-32019L1937";
    request.actor = "euro-coordinator";
    for (int i = 0; i < n; ++i) {
      domain::DirectiveInfo info;
      info.celex = "32019L1937";
      info.short_title = absl::StrCat("update ", i);
      info.deadlines.push_back({absl::CivilDay(2030, 1, 1), ""});
      request.events.push_back(
          app::Encode(domain::DirectiveEvent{domain::DirectiveUpdated{info}}));
    }
    ASSERT_OK(log_->Append(std::move(request)).status());
  }

  // Waits until the tail holds position `position`.
  void AwaitTail(uint64_t position) {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    std::vector<LogTail::Entry> entries;
    while (absl::Now() < deadline) {
      entries.clear();
      if (service_->tail().Read(position, 1, 1 << 20, entries) ==
              LogTail::kRead &&
          !entries.empty()) {
        return;
      }
      absl::SleepFor(absl::Milliseconds(2));
    }
    FAIL() << "the tail never reached position " << position;
  }

  TempDir dir_;
  std::unique_ptr<RocksDbEventLog> log_;
  Authenticator auth_{nullptr, {}};  // off
  std::unique_ptr<EventLogService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::EventLogService::Stub> stub_;
};

TEST_F(LogStreamTest, TailKeepsTheNewestEventsAndSendsOlderReadersToTheLog) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  auto follower = stub_->Subscribe(&context, {});
  Append(3);
  v1::SubscribeResponse response;
  for (uint64_t position = 1; position <= 3; ++position) {
    ASSERT_TRUE(follower->Read(&response));
    ASSERT_EQ(response.event().position(), position);
  }
  Append(20);  // followed: the tail takes it
  AwaitTail(23);
  std::vector<LogTail::Entry> entries;
  EXPECT_EQ(service_->tail().Read(23 - kTailEvents, 100, 1 << 20, entries),
            LogTail::kBehind);
  ASSERT_EQ(service_->tail().Read(24 - kTailEvents, 100, 1 << 20, entries),
            LogTail::kRead);
  ASSERT_EQ(entries.size(), kTailEvents);
  EXPECT_EQ(entries.front().position, 24 - kTailEvents);
  EXPECT_EQ(entries.back().position, 23u);

  // Bounded by count and by bytes, never below one entry.
  entries.clear();
  service_->tail().Read(20, 2, 1 << 20, entries);
  EXPECT_EQ(entries.size(), 2u);
  entries.clear();
  service_->tail().Read(20, 100, 1, entries);
  EXPECT_EQ(entries.size(), 1u);

  // The shared bytes are the event, framed as field 1 of a message.
  const grpc::Slice& framed = entries.front().as_field_1;
  ASSERT_TRUE(response.ParseFromArray(framed.begin(), framed.size()));
  EXPECT_EQ(response.event().position(), 20u);
  EXPECT_EQ(response.event().stream(), "directive-32019L1937");
}

TEST_F(LogStreamTest, TailReadsNothingWhileNoStreamFollows) {
  Append(5);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (service_->tail().next() != 6 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  ASSERT_EQ(service_->tail().next(), 6u);

  // A stream from the start reads the log, then follows the tail.
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  auto follower = stub_->Subscribe(&context, {});
  v1::SubscribeResponse response;
  for (uint64_t position = 1; position <= 5; ++position) {
    ASSERT_TRUE(follower->Read(&response));
    ASSERT_EQ(response.event().position(), position);
  }
  Append(1);
  AwaitTail(6);
  ASSERT_TRUE(follower->Read(&response));
  EXPECT_EQ(response.event().position(), 6u);
  std::vector<LogTail::Entry> entries;
  EXPECT_EQ(service_->tail().Read(1, 100, 1 << 20, entries), LogTail::kBehind)
      << "the tail read events no stream followed";
}

TEST_F(LogStreamTest, AStreamThatReachesAnUndecodableEventEndsWithDataLoss) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  auto follower = stub_->Subscribe(&context, {});
  v1::SubscribeResponse response;
  for (uint64_t position = 1; position <= 2; ++position) {
    Append(1);
    ASSERT_TRUE(follower->Read(&response));  // the second from the tail
    ASSERT_EQ(response.event().position(), position);
  }
  AppendRequest damaged;  // on no aggregate's stream: no public form
  damaged.stream = "nobody-1";
  damaged.events.push_back({.type = "transpo.test.Unknown", .payload = "?"});
  ASSERT_OK(log_->Append(std::move(damaged)).status());
  Append(1);

  EXPECT_FALSE(follower->Read(&response))
      << "got position " << response.event().position();
  grpc::Status status = follower->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS)
      << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("position 3"));
}

TEST_F(LogStreamTest, BatchedSubscribeSendsEveryEventInOrderInFewerMessages) {
  constexpr uint64_t kBacklog = 25;        // read from the log
  constexpr uint64_t kLive = kTailEvents;  // from the tail
  Append(kBacklog);
  // Once the tail's reader has passed the backlog (else the stream could take
  // its first events from the tail while it catches up, and then fall behind
  // this 8-event tail).
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (service_->tail().next() <= kBacklog && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  ASSERT_GT(service_->tail().next(), kBacklog);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  v1::SubscribeRequest request;
  request.set_max_events_per_message(5);
  auto reader = stub_->Subscribe(&context, request);
  uint64_t next = 1;
  int messages = 0;
  v1::SubscribeResponse response;
  while (next <= kBacklog + kLive && reader->Read(&response)) {
    ++messages;
    EXPECT_FALSE(response.has_event());
    EXPECT_GE(response.events_size(), 1);
    EXPECT_LE(response.events_size(), 5);
    for (const v1::Event& event : response.events()) {
      EXPECT_EQ(event.position(), next);
      next = event.position() + 1;
    }
    if (next == kBacklog + 1) Append(kLive);
  }
  EXPECT_EQ(next, kBacklog + kLive + 1);
  EXPECT_LT(messages, 15);
  context.TryCancel();
  while (reader->Read(&response)) {
  }
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED)
      << status.error_message();
}

TEST_F(LogStreamTest, TooManyEventsPerMessageIsRefusedNamingTheField) {
  grpc::ClientContext context;
  v1::SubscribeRequest request;
  request.set_max_events_per_message(1001);
  auto reader = stub_->Subscribe(&context, request);
  v1::SubscribeResponse response;
  EXPECT_FALSE(reader->Read(&response));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("max_events_per_message \"1001\": at most 1000"));
}

TEST_F(LogStreamTest, StreamThatFallsBehindTheTailEndsWithWhereToResume) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  auto reader = stub_->Subscribe(&context, {});
  Append(1);
  v1::SubscribeResponse response;
  ASSERT_TRUE(reader->Read(&response));  // following live
  ASSERT_EQ(response.event().position(), 1u);

  // The client stops reading while far more than the tail is written.
  for (int i = 0; i < 20; ++i) Append(500);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (service_->tail().next() <= 10001 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  ASSERT_GT(service_->tail().next(), 10001u) << "the tail's reader stalled";

  uint64_t next = 2;
  while (reader->Read(&response)) {
    ASSERT_EQ(response.event().position(), next);
    ++next;
  }
  EXPECT_LT(next, 10002u) << "the stream never fell behind";
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(),
              HasSubstr(absl::StrCat("from_position ", next)));

  // Resuming there reads the rest from the log, without a gap.
  grpc::ClientContext again;
  v1::SubscribeRequest request;
  request.set_from_position(next);
  request.set_max_events_per_message(1000);
  auto resumed = stub_->Subscribe(&again, request);
  while (next <= 10001 && resumed->Read(&response)) {
    for (const v1::Event& event : response.events()) {
      ASSERT_EQ(event.position(), next);
      ++next;
    }
  }
  EXPECT_EQ(next, 10002u);
  again.TryCancel();
  while (resumed->Read(&response)) {
  }
  resumed->Finish().IgnoreError();
}

TEST_F(LogStreamTest, AWatcherThatStopsReadingEndsWithTheCursorToResumeFrom) {
  // WatchAlerts on the same small tail, served by a second server.
  auto calendar = domain::Calendar::Create({});
  ASSERT_OK(calendar.status());
  app::DomainSettings settings{*calendar, {}, {}};
  app::ManualClock clock(absl::FromUnixSeconds(1'640'000'000));
  auto application = std::make_unique<app::App>(*log_, clock, settings);
  AlertService alerts(auth_, *application, service_->tail());
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&alerts);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 1024);
  auto stub = v1::AlertService::NewStub(
      grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                grpc::InsecureChannelCredentials(), args));
  // Raises `n` alerts, each of its own deadline.
  int raised = 0;
  auto raise = [&](int n) {
    absl::BlockingCounter done(n);
    for (int i = 0; i < n; ++i, ++raised) {
      const domain::DeadlineRef ref{"directive-32021L0001",
                                    domain::DeadlineKind::kTransposition,
                                    absl::CivilDay(2030, 1, 1) + raised};
      domain::AlertNotice notice{.rule_id = "transposition-7d",
                                 .severity = domain::AlertSeverity::kCritical,
                                 .day = ref.date - 7,
                                 .days_before = 7};
      notice.audience.administrations = {"bee"};
      application->commands().Alert(
          domain::DeadlineAlertsId(ref), domain::RaiseAlert{ref, notice},
          {.actor = "test"},
          [&](const absl::StatusOr<app::Committed<domain::DeadlineAlertsState>>&
                  r) {
            EXPECT_TRUE(r.ok()) << r.status();
            done.DecrementCount();
          });
    }
    done.Wait();
  };

  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  v1::WatchAlertsRequest request;
  request.set_administration("bee");
  auto reader = stub->WatchAlerts(&context, request);
  raise(1);
  v1::WatchAlertsResponse response;
  do {  // following live (past the caught_up message)
    ASSERT_TRUE(reader->Read(&response));
  } while (response.updates().empty());
  uint64_t cursor = response.updates(0).cursor();
  // The client stops reading while far more than the tail is written.
  raise(3000);
  size_t received = 1;
  while (reader->Read(&response)) {
    for (const v1::AlertUpdate& u : response.updates()) {
      ASSERT_GT(u.cursor(), cursor);
      cursor = u.cursor();
      ++received;
    }
  }
  EXPECT_LT(received, 3001u) << "the watcher never fell behind";
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(),
              HasSubstr(absl::StrCat("after_cursor ", cursor, " to resume")));

  // Watching again from there reads the rest, without a gap or a repeat
  // (again from the new cursor if the tail, still filling, ends it too).
  for (int watch = 0; watch < 10 && received < 3001; ++watch) {
    grpc::ClientContext again;
    request.set_after_cursor(cursor);
    auto resumed = stub->WatchAlerts(&again, request);
    while (received < 3001 && resumed->Read(&response)) {
      for (const v1::AlertUpdate& u : response.updates()) {
        ASSERT_GT(u.cursor(), cursor);
        cursor = u.cursor();
        ++received;
      }
    }
    again.TryCancel();
    while (resumed->Read(&response)) {
    }
    resumed->Finish().IgnoreError();
  }
  EXPECT_EQ(received, 3001u);
  server->Shutdown();
}

}  // namespace
}  // namespace transpo::api
