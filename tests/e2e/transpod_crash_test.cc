// Kills the transpod binary with SIGKILL while gRPC clients create
// directives, restarts it, and checks that every acknowledged directive is
// there, that the log verifies, and that retrying an acknowledged request
// writes nothing. Repeated several times on the same data directory.

#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "transpo/v1/directives.grpc.pb.h"
#include "transpo/v1/event_log.grpc.pb.h"

namespace transpo {
namespace {

constexpr int kRounds = 5;
constexpr int kClients = 8;

// A transpod child process and the port it serves on.
struct Child {
  testing::Subprocess process;
  int port = 0;
  FILE* out = nullptr;

  ~Child() {
    process.Kill(SIGKILL);
    process.Wait();
    if (out != nullptr) fclose(out);
  }
};

// Starts transpod on a free port and waits for the line naming it.
std::unique_ptr<Child> StartTranspod(const std::string& data_dir) {
  auto child = std::make_unique<Child>();
  child->process =
      testing::Spawn({TRANSPOD_PATH, "--listen", "127.0.0.1:0",
                      "--metrics-listen", "", "--data-dir", data_dir});
  child->out = fdopen(child->process.ReleaseStdout(), "r");
  char line[512];
  while (child->port == 0 && child->out != nullptr &&
         fgets(line, sizeof(line), child->out) != nullptr) {
    int port = 0;
    if (std::sscanf(line, "transpod: gRPC on 127.0.0.1:%d", &port) == 1)
      child->port = port;
  }
  EXPECT_NE(child->port, 0) << "transpod printed no port";
  return child;
}

void Kill(Child& child) {
  child.process.Kill(SIGKILL);
  child.process.Wait();
}

std::string Celex(int round, int client, int seq) {
  return absl::StrFormat("3%04dL%04d", 2000 + round * 10 + client, seq);
}

v1::CreateDirectiveRequest CreateRequest(const std::string& celex) {
  v1::CreateDirectiveRequest request;
  request.set_request_id("create-" + celex);
  request.mutable_directive()->set_celex(celex);
  request.mutable_directive()->set_short_title("Crash-tested directive");
  request.mutable_directive()->add_deadlines()->set_date("2030-01-01");
  return request;
}

TEST(TranspodCrashTest, SigkillLosesNoAcknowledgedCommand) {
  testing::TempDir dir;
  const unsigned seed = std::random_device{}();
  std::printf("transpod crash test: seed %u\n", seed);
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  std::mt19937 random(seed);
  std::vector<std::string> acknowledged;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(::testing::Message() << "round " << round);
    std::unique_ptr<Child> child = StartTranspod(dir.path());
    ASSERT_NE(child->port, 0);
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", child->port),
                                       grpc::InsecureChannelCredentials());
    // Kill after a random number of acknowledgements, while clients write.
    const int kill_after = std::uniform_int_distribution<int>(20, 300)(random);
    absl::Mutex mu;
    std::vector<std::string> acked;
    std::atomic<bool> killed{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        auto stub = v1::DirectiveService::NewStub(channel);
        for (int seq = 0; !killed; ++seq) {
          grpc::ClientContext context;
          context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(10));
          v1::CreateDirectiveResponse response;
          const std::string celex = Celex(round, c, seq);
          if (!stub->CreateDirective(&context, CreateRequest(celex), &response)
                   .ok())
            return;
          absl::MutexLock lock(&mu);
          acked.push_back(celex);
          if (static_cast<int>(acked.size()) == kill_after) {
            killed = true;
            Kill(*child);
          }
        }
      });
    }
    for (auto& t : clients) t.join();
    ASSERT_TRUE(killed) << "clients stopped before the kill";
    acknowledged.insert(acknowledged.end(), acked.begin(), acked.end());
  }

  // A last start: everything acknowledged in any round is there.
  std::unique_ptr<Child> child = StartTranspod(dir.path());
  ASSERT_NE(child->port, 0);
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", child->port),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::DirectiveService::NewStub(channel);
  for (const std::string& celex : acknowledged) {
    grpc::ClientContext context;
    v1::GetDirectiveRequest get;
    get.set_celex(celex);
    v1::GetDirectiveResponse got;
    ASSERT_TRUE(stub->GetDirective(&context, get, &got).ok())
        << "acknowledged " << celex << " lost";
  }
  // A retried acknowledged request writes nothing.
  auto events = v1::EventLogService::NewStub(channel);
  auto head = [&] {
    grpc::ClientContext context;
    v1::ReadEventsRequest request;
    request.set_page_size(1);
    v1::ReadEventsResponse response;
    EXPECT_TRUE(events->ReadEvents(&context, request, &response).ok());
    return response.head_position();
  };
  const uint64_t before = head();
  grpc::ClientContext context;
  v1::CreateDirectiveResponse retried;
  ASSERT_TRUE(stub->CreateDirective(
                      &context, CreateRequest(acknowledged.front()), &retried)
                  .ok());
  EXPECT_EQ(retried.directive().version(), 1u);
  EXPECT_EQ(head(), before);
  Kill(*child);

  // The log verifies (positions, versions, hash chain).
  const std::string verify =
      absl::StrCat(TRANSPOD_PATH, " verify --data-dir ", dir.path());
  EXPECT_EQ(std::system(verify.c_str()), 0);
  std::printf(
      "transpod crash test: %d kills, %zu acknowledged creations checked\n",
      kRounds, acknowledged.size());
}

}  // namespace
}  // namespace transpo
