// read_bench: the read paths of transpod against a large log, through the
// gRPC API (in-process channel): the first page of ListDossiers with and
// without filters, paging through every dossier, GetDossier and ListDossiers
// as of a past date, the two-monthly note (GetNote) now and as of a past date.
// The data set (N directives, about ten events each, made over twelve months of
// manual-clock time) is written once through the API and kept in --data-dir for
// the next runs.
//
//   read_bench [--directives 100000] [--data-dir /tmp/transpo-read-bench]
//              [--repeat 200]

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/directory.h"
#include "server/transpod.h"
#include "transpo/v1/clock.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"
#include "transpo/v1/reports.grpc.pb.h"

namespace transpo {
namespace {

constexpr int kPhases = 12;  // months of log time
constexpr int kClients = 32;
const char* const kAdministrations[] = {"bee", "bm",  "be",    "bl",
                                        "bpl", "bfb", "urban", "bi"};

absl::Time PhaseTime(int phase) {
  return absl::FromCivil(absl::CivilSecond(2020, 1, 1, 9, 0, 0),
                         absl::UTCTimeZone()) +
         absl::Hours(24 * 30 * phase);
}

std::string Celex(int i) {
  return absl::StrFormat("3%04dL%04d", 2000 + i / 10000, i % 10000);
}

void Die(absl::string_view what, const grpc::Status& status) {
  std::fprintf(stderr, "Error: %s: %s\n", std::string(what).c_str(),
               status.error_message().c_str());
  std::exit(1);
}

std::unique_ptr<Transpod> Start(const std::string& dir,
                                const std::string& clock) {
  auto server = Transpod::Start({.listen = "127.0.0.1:0",
                                 .metrics_listen = "",
                                 .data_dir = dir,
                                 .clock = clock});
  if (!server.ok()) {
    std::fprintf(stderr, "Error: %s\n", server.status().ToString().c_str());
    std::exit(1);
  }
  return *std::move(server);
}

// The commands of directive `i`: ten or eleven events.
void MakeDirective(int i, v1::DirectiveService::Stub& directives,
                   v1::DossierService::Stub& dossiers) {
  const std::string celex = Celex(i);
  auto call = [&](auto method, const auto& request, auto& response) {
    grpc::ClientContext context;
    context.AddMetadata("transpo-actor", "read-bench");
    grpc::Status status = method(&context, request, &response);
    if (!status.ok()) Die(celex, status);
  };
  v1::CreateDirectiveRequest create;
  v1::Directive& d = *create.mutable_directive();
  d.set_celex(celex);
  d.set_short_title(absl::StrCat("Benchmark directive ", i));
  d.set_policy_area(absl::StrCat("area-", i % 10));
  const absl::CivilDay deadline =
      absl::CivilDay(2015, 1, 1) + (static_cast<int64_t>(i) * 37) % 5500;
  d.add_deadlines()->set_date(absl::FormatCivilTime(deadline));
  v1::CreateDirectiveResponse created;
  call([&](auto* c, auto& r,
           auto* o) { return directives.CreateDirective(c, r, o); },
       create, created);
  v1::AssignDossierRequest assign;
  assign.set_celex(celex);
  assign.set_lead_administration(kAdministrations[i % 8]);
  assign.add_involved_administrations(kAdministrations[(i + 1) % 8]);
  v1::AssignDossierResponse assigned;
  call([&](auto* c, auto& r,
           auto* o) { return dossiers.AssignDossier(c, r, o); },
       assign, assigned);
  v1::UpdateDossierRequest update;
  update.mutable_dossier()->set_celex(celex);
  update.mutable_dossier()->set_delay_cause("awaiting advice");
  update.mutable_update_mask()->add_paths("delay_cause");
  v1::UpdateDossierResponse updated;
  call([&](auto* c, auto& r,
           auto* o) { return dossiers.UpdateDossier(c, r, o); },
       update, updated);
  for (auto kind : {v1::MILESTONE_KIND_DRAFT, v1::MILESTONE_KIND_ADOPTION}) {
    v1::SetMilestoneRequest milestone;
    milestone.set_celex(celex);
    milestone.mutable_milestone()->set_kind(kind);
    milestone.mutable_milestone()->set_planned_date("2021-06-01");
    v1::SetMilestoneResponse set;
    call([&](auto* c, auto& r,
             auto* o) { return dossiers.SetMilestone(c, r, o); },
         milestone, set);
  }
  update.mutable_dossier()->set_expected_completion_date("2022-06-30");
  update.mutable_update_mask()->add_paths("expected_completion_date");
  call([&](auto* c, auto& r,
           auto* o) { return dossiers.UpdateDossier(c, r, o); },
       update, updated);
  for (int m = 0; m < 2 + i % 2; ++m) {
    v1::RecordMeasureRequest measure;
    measure.set_celex(celex);
    measure.mutable_measure()->set_id(absl::StrCat("m", m));
    measure.mutable_measure()->set_act_type("order");
    measure.mutable_measure()->set_title("An order of the Government");
    v1::RecordMeasureResponse recorded;
    call([&](auto* c, auto& r,
             auto* o) { return dossiers.RecordMeasure(c, r, o); },
         measure, recorded);
  }
  if (i % 4 == 0) return;  // stays assigned
  v1::ChangeDossierStatusRequest drafting;
  drafting.set_celex(celex);
  drafting.set_status(v1::DOSSIER_STATUS_DRAFTING);
  v1::ChangeDossierStatusResponse changed;
  call([&](auto* c, auto& r,
           auto* o) { return dossiers.ChangeDossierStatus(c, r, o); },
       drafting, changed);
  if (i % 4 != 3) return;
  v1::NotifyMeasureRequest notify;
  notify.set_celex(celex);
  notify.set_measure_id("m0");
  notify.set_notification_date("2020-01-01");
  notify.set_scope(v1::NOTIFICATION_SCOPE_FULL);
  v1::NotifyMeasureResponse notified;
  call([&](auto* c, auto& r,
           auto* o) { return dossiers.NotifyMeasure(c, r, o); },
       notify, notified);
}

// Writes the data set through the API, twelve monthly phases.
void Fill(const std::string& dir, int n) {
  std::filesystem::remove_all(dir);
  auto server = Start(dir, "manual@2020-01-01T10:00");
  auto channel = server->InProcessChannel();
  auto clock = v1::ClockService::NewStub(channel);
  bench::RegisterAdministrations(
      channel, {std::begin(kAdministrations), std::end(kAdministrations)});
  const absl::Time begin = absl::Now();
  for (int phase = 0; phase < kPhases; ++phase) {
    v1::SetTimeRequest set;
    set.mutable_time()->set_seconds(absl::ToUnixSeconds(PhaseTime(phase)));
    v1::SetTimeResponse moved;
    grpc::ClientContext context;
    if (phase > 0) {
      grpc::Status status = clock->SetTime(&context, set, &moved);
      if (!status.ok()) Die("clock", status);
    }
    std::atomic<int> next{phase * n / kPhases};
    const int end = (phase + 1) * n / kPhases;
    std::vector<std::thread> clients;
    for (int t = 0; t < kClients; ++t) {
      clients.emplace_back([&] {
        auto directives = v1::DirectiveService::NewStub(channel);
        auto dossiers = v1::DossierService::NewStub(channel);
        for (int i; (i = next++) < end;)
          MakeDirective(i, *directives, *dossiers);
      });
    }
    for (auto& c : clients) c.join();
    std::printf("filled month %d/%d: %d directives, %llu events, %.0f s\n",
                phase + 1, kPhases, end,
                static_cast<unsigned long long>(server->log().head()),
                absl::ToDoubleSeconds(absl::Now() - begin));
    std::fflush(stdout);
  }
  server->Shutdown(absl::Seconds(5));
  std::ofstream(dir + "/read-bench-filled") << n << "\n";
}

struct Latency {
  double p50_ms = 0;
  double p99_ms = 0;
};

Latency Measure(int repeat, const std::function<void(int)>& run) {
  std::vector<double> ms;
  for (int i = 0; i < repeat; ++i) {
    const absl::Time start = absl::Now();
    run(i);
    ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

void Print(const char* name, const Latency& latency, double goal_ms) {
  std::printf("%-44s %10.2f %10.2f   goal p99 < %g ms: %s\n", name,
              latency.p50_ms, latency.p99_ms, goal_ms,
              latency.p99_ms < goal_ms ? "met" : "MISSED");
}

}  // namespace
}  // namespace transpo

int main(int argc, char** argv) {
  using namespace transpo;  // NOLINT(google-build-using-namespace)
  int n = 100000;
  int repeat = 200;
  std::string dir = "/tmp/transpo-read-bench";
  CLI::App app{"read_bench: transpod's reads against a large log"};
  app.add_option("--directives", n, "Directives in the data set")
      ->capture_default_str();
  app.add_option("--data-dir", dir, "Where the data set is kept between runs")
      ->capture_default_str();
  app.add_option("--repeat", repeat, "Calls per latency figure")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  int filled = 0;
  std::ifstream(dir + "/read-bench-filled") >> filled;
  if (filled != n) Fill(dir, n);

  auto server = Start(dir, "manual@2021-01-01T10:00");
  auto channel = server->InProcessChannel();
  auto dossiers = v1::DossierService::NewStub(channel);
  std::printf("data set: %d directives, %llu events in %s\n\n", n,
              static_cast<unsigned long long>(server->log().head()),
              dir.c_str());
  auto list = [&](const v1::ListDossiersRequest& request) {
    grpc::ClientContext context;
    v1::ListDossiersResponse response;
    grpc::Status status = dossiers->ListDossiers(&context, request, &response);
    if (!status.ok()) Die("ListDossiers", status);
    return response;
  };
  auto first_page = [&](const char* name, v1::DossierFilter filter) {
    v1::ListDossiersRequest request;
    *request.mutable_filter() = filter;
    Print(name, Measure(repeat, [&](int) { list(request); }), 5);
  };
  auto all_pages = [&](const char* name, v1::ListDossiersRequest request) {
    request.set_page_size(500);
    int pages = 0, dossiers_seen = 0;
    const absl::Time start = absl::Now();
    bool finished = false;
    while (absl::Now() - start < absl::Seconds(60)) {
      v1::ListDossiersResponse response = list(request);
      ++pages;
      dossiers_seen += response.dossiers_size();
      if (response.next_page_token().empty()) {
        finished = true;
        break;
      }
      request.set_page_token(response.next_page_token());
    }
    const double s = absl::ToDoubleSeconds(absl::Now() - start);
    std::printf("%-44s %10d %10.2f   (%d dossiers%s) goal < 3 s: %s\n", name,
                pages, s, dossiers_seen, finished ? "" : ", stopped at 60 s",
                finished && s < 3 ? "met" : "MISSED");
  };

  std::printf("%-44s %10s %10s\n", "ListDossiers, first page of 50", "p50 ms",
              "p99 ms");
  first_page("no filter", {});
  v1::DossierFilter overdue;
  overdue.set_overdue_only(true);
  first_page("overdue", overdue);
  v1::DossierFilter administration;
  administration.set_administration("urban");
  first_page("lead or involved administration", administration);
  v1::DossierFilter drafting;
  drafting.add_statuses(v1::DOSSIER_STATUS_DRAFTING);
  first_page("status drafting", drafting);
  v1::DossierFilter due;
  due.set_deadline_after("2021-01-01");
  due.set_deadline_before("2021-03-01");
  first_page("a deadline within 60 days", due);
  v1::DossierFilter rare;
  rare.set_administration("bi");
  rare.add_statuses(v1::DOSSIER_STATUS_NOTIFIED);
  rare.set_policy_area("area-7");
  first_page("administration, status and area", rare);

  std::printf("\n%-44s %10s %10s\n", "ListDossiers, every page of 500", "pages",
              "seconds");
  all_pages("no filter", {});
  v1::ListDossiersRequest overdue_pages;
  *overdue_pages.mutable_filter() = overdue;
  all_pages("overdue", overdue_pages);

  // As of mid-June 2020: half of the data set, and older versions of it.
  const absl::Time past = PhaseTime(5) + absl::Hours(24 * 15);
  google::protobuf::Timestamp as_of;
  as_of.set_seconds(absl::ToUnixSeconds(past));
  std::mt19937 random(42);
  const int existing = 5 * n / kPhases;
  std::printf("\n%-44s %10s %10s\n", "As of 2020-06-15", "p50 ms", "p99 ms");
  Print("GetDossier",
        Measure(repeat,
                [&](int) {
                  v1::GetDossierRequest get;
                  get.set_celex(Celex(std::uniform_int_distribution<int>(
                      0, existing - 1)(random)));
                  *get.mutable_as_of() = as_of;
                  grpc::ClientContext context;
                  v1::GetDossierResponse response;
                  grpc::Status status =
                      dossiers->GetDossier(&context, get, &response);
                  if (!status.ok()) Die("GetDossier as of", status);
                }),
        5);
  v1::ListDossiersRequest then;
  *then.mutable_as_of() = as_of;
  Print("ListDossiers, first page of 50",
        Measure(std::max(3, repeat / 20), [&](int) { list(then); }), 1000);
  all_pages("ListDossiers, every page of 500", then);

  // The two-monthly note reads every version of every directive, procedure
  // and court case.
  auto reports = v1::ReportService::NewStub(channel);
  auto note = [&](const char* name, const std::string& as_of_date) {
    v1::GetNoteRequest request;
    request.set_as_of_date(as_of_date);
    Print(name,
          Measure(std::max(3, repeat / 40),
                  [&](int) {
                    grpc::ClientContext context;
                    v1::GetNoteResponse response;
                    grpc::Status status =
                        reports->GetNote(&context, request, &response);
                    if (!status.ok()) Die("GetNote", status);
                  }),
          1000);
  };
  std::printf("\n%-44s %10s %10s\n", "The note", "p50 ms", "p99 ms");
  note("GetNote as of 2020-06-15", "2020-06-15");
  note("GetNote as of today (2021-01-01)", "");
  server->Shutdown(absl::Seconds(5));
  return 0;
}
