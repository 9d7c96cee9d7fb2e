// transpoctl event tail|stream|watch.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/ctl/command.h"
#include "transpo/v1/event_log.grpc.pb.h"

namespace transpo::ctl {
namespace {

// The position of the last event in `*head`; the exit code.
int ReadHead(Session& s, v1::EventLogService::Stub& stub, uint64_t* head) {
  v1::ReadEventsRequest request;
  request.set_page_size(1);
  request.set_from_position(UINT64_MAX);
  v1::ReadEventsResponse response;
  grpc::Status status =
      s.Call(stub, &v1::EventLogService::Stub::ReadEvents, request, &response);
  if (!status.ok()) return s.Fail(status);
  *head = response.head_position();
  return kOk;
}

void AddEventGroup(CLI::App& app, Run& run) {
  Session& s = run.session;
  CLI::App* group = app.add_subcommand("event", "Read the event log");
  group->require_subcommand(1);
  auto event_table = [](const auto& events) {
    Table table({"POSITION", "TIME", "STREAM", "TYPE", "ACTOR"});
    for (const v1::Event& e : events) {
      table.AddRow({absl::StrCat(e.position()), FormatTime(e.record_time()),
                    e.stream(), e.type(), e.actor()});
    }
    return table;
  };

  struct TailFlags {
    int count = 20;
    uint64_t from = 0;
  };
  auto tf = std::make_shared<TailFlags>();
  CLI::App* tail = AddCommand(
      *group, "tail", "The last events of the log (or from a position)",
      "  transpoctl event tail -n 50\n  transpoctl event tail --from 1200");
  tail->add_option("-n,--count", tf->count, "How many events")
      ->capture_default_str();
  tail->add_option("--from", tf->from,
                   "From this position on (1 is the "
                   "first)");
  tail->callback([&run, &s, tf, tail, event_table] {
    auto stub = NewStub<v1::EventLogService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ReadEventsRequest request;
    request.set_from_position(tf->from);
    if (!Given(tail, "--from")) {
      // The head first, then the last `count` events.
      uint64_t head = 0;
      if (int code = ReadHead(s, *stub, &head); code != kOk) {
        return void(run.exit_code = code);
      }
      const uint64_t count = tf->count > 0 ? tf->count : 0;
      request.set_from_position(head > count ? head - count + 1 : 1);
    }
    v1::ReadEventsResponse all;
    grpc::Status status = ListAll(
        s, *stub, &v1::EventLogService::Stub::ReadEvents, request,
        [](v1::ReadEventsResponse& r) { return r.mutable_events(); }, tf->count,
        &all);
    run.exit_code =
        status.ok() ? s.Print(all, event_table(all.events())) : s.Fail(status);
  });

  auto stream = std::make_shared<std::string>();
  CLI::App* read_stream =
      AddCommand(*group, "stream", "The events of one stream (a resource)",
                 "  transpoctl event stream procedure-INFR(2022)0075");
  read_stream->add_option("name", *stream, "Stream name")->required();
  read_stream->callback([&run, &s, stream, event_table] {
    auto stub = NewStub<v1::EventLogService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ReadStreamRequest request;
    request.set_stream(*stream);
    v1::ReadStreamResponse all;
    grpc::Status status = ListAll(
        s, *stub, &v1::EventLogService::Stub::ReadStream, request,
        [](v1::ReadStreamResponse& r) { return r.mutable_events(); }, 0, &all);
    run.exit_code =
        status.ok() ? s.Print(all, event_table(all.events())) : s.Fail(status);
  });

  struct WatchFlags {
    uint64_t from = 0;
    int limit = 0;
  };
  auto wf = std::make_shared<WatchFlags>();
  CLI::App* watch = AddCommand(
      *group, "watch", "Follow the log from a position (Ctrl-C stops)",
      "  transpoctl event watch --from 1200 -o json | jq .type");
  watch->add_option("--from", wf->from,
                    "From this position on (0: from the next event)");
  watch->add_option("--limit", wf->limit, "Stop after this many events");
  watch->callback([&run, &s, wf] {
    auto stub = NewStub<v1::EventLogService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    uint64_t from = wf->from;
    if (from == 0) {
      uint64_t head = 0;
      if (int code = ReadHead(s, *stub, &head); code != kOk) {
        return void(run.exit_code = code);
      }
      from = head + 1;
    }
    v1::SubscribeRequest request;
    request.set_from_position(from);
    grpc::ClientContext context;  // no deadline: it follows
    auto reader = stub->Subscribe(&context, request);
    v1::SubscribeResponse response;
    int seen = 0;
    bool done = false;
    while (!done && reader->Read(&response)) {
      std::vector<const v1::Event*> events;
      if (response.has_event()) events.push_back(&response.event());
      for (const v1::Event& e : response.events()) events.push_back(&e);
      for (const v1::Event* e : events) {
        if (s.table()) {
          s.out() << e->position() << "  " << FormatTime(e->record_time())
                  << "  " << e->stream() << "  " << e->type() << "  "
                  << e->actor() << "\n";
        } else {
          s.Print(*e);
        }
        if (wf->limit > 0 && ++seen >= wf->limit) {
          done = true;
          break;
        }
      }
      s.out().flush();
    }
    if (done) {
      context.TryCancel();
      return void(run.exit_code = kOk);
    }
    grpc::Status status = reader->Finish();
    run.exit_code = status.ok() ? kOk : s.Fail(status);
  });
}

}  // namespace

void AddEventCommands(CLI::App& app, Run& run) { AddEventGroup(app, run); }

}  // namespace transpo::ctl
