// transpod on a real small disk (a tmpfs; the test needs root, as CI has):
// when free space falls below the reserve, writes are refused with
// RESOURCE_EXHAUSTED and nothing is written, reads go on, the health status
// "transpo.writes" and the metric transpo_event_log_writes_refused say so, and
// writes resume by themselves once space is freed. On a disk already full,
// transpod starts read-only and `transpod verify` runs.

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "grpc_health.grpc.pb.h"
#include "tests/server/api_fixture.h"
#include "tests/testing/http_get.h"
#include "tests/testing/tmpfs_mount.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::HttpGet;
using ::transpo::testing::TmpfsMount;

constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr uint64_t kDiskBytes = 48 * kMiB;
constexpr uint64_t kReserveMiB = 8;

uint64_t FreeBytes(const std::string& path) {
  struct statvfs stats;
  if (statvfs(path.c_str(), &stats) != 0) return 0;
  return uint64_t{stats.f_bavail} * stats.f_frsize;
}

// Writes up to `bytes` to a new file, stopping at ENOSPC; the bytes written.
uint64_t WriteFiller(const std::string& path, uint64_t bytes) {
  const int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) return 0;
  std::string chunk(kMiB, 'f');
  uint64_t written = 0;
  while (written < bytes) {
    const ssize_t n = write(fd, chunk.data(),
                            std::min<uint64_t>(chunk.size(), bytes - written));
    if (n > 0) {
      written += n;
    } else if (n < 0 && errno == ENOSPC && chunk.size() > 4096) {
      chunk.resize(4096);
    } else {
      break;
    }
  }
  close(fd);
  return written;
}

class TranspodDiskFullTest : public ApiTest {
 protected:
  void SetUp() override {
    auto disk = TmpfsMount::Mount(mount_dir_.path() + "/disk", kDiskBytes);
    if (!disk.ok()) GTEST_SKIP() << disk.status();
    disk_ = *std::move(disk);
    StartOnDisk();
  }

  // The server closes its log before the disk goes away.
  void TearDown() override { server_.reset(); }

  void StartOnDisk() {
    auto server = Transpod::Start({.listen = "127.0.0.1:0",
                                   .metrics_listen = "127.0.0.1:0",
                                   .data_dir = disk_->path() + "/data",
                                   .clock = "manual@2021-06-01T09:00",
                                   .disk_reserve_mib = kReserveMiB});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    auto channel =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials());
    directives_ = v1::DirectiveService::NewStub(channel);
    dossiers_ = v1::DossierService::NewStub(channel);
    health_ = grpc::health::v1::Health::NewStub(channel);
  }

  v1::Directive Numbered(int n) {
    v1::Directive d = Whistleblowers();
    d.set_celex(absl::StrFormat("3202%dL%04d", n % 10, n));
    return d;
  }

  // A directive as large as the bounds allow (about 50 KB).
  v1::Directive Large(int n) {
    v1::Directive d = Numbered(n);
    d.set_title(std::string(2000, 't'));
    d.set_oj_reference(std::string(2000, 'o'));
    d.clear_deadlines();
    for (int i = 0; i < 20; ++i) {
      v1::TranspositionDeadline* deadline = d.add_deadlines();
      deadline->set_date("2030-01-01");
      deadline->set_scope(std::string(2000, 's'));
    }
    return d;
  }

  grpc::health::v1::HealthCheckResponse::ServingStatus Health(
      const std::string& service) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    EXPECT_TRUE(health_->Check(&context, request, &response).ok());
    return response.status();
  }

  // Waits (by the health Watch stream, up to 30 s) until writes are served.
  bool WaitUntilWritesServed() {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(Transpod::kWritesHealthService);
    auto stream = health_->Watch(&context, request);
    grpc::health::v1::HealthCheckResponse response;
    while (stream->Read(&response)) {
      if (response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
        context.TryCancel();
        return true;
      }
    }
    return false;
  }

  std::string Metric(const std::string& name) {
    auto text = HttpGet(server_->metrics_port(), "/metrics");
    EXPECT_TRUE(text.ok()) << text.status();
    const size_t at = text->find("\n" + name + " ");
    if (at == std::string::npos) return "(absent)";
    const size_t start = at + name.size() + 2;
    return text->substr(start, text->find('\n', start) - start);
  }

  TempDir mount_dir_;
  std::unique_ptr<TmpfsMount> disk_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

TEST_F(TranspodDiskFullTest, WritesWaitForRoomWhileReadsGoOn) {
  ASSERT_TRUE(Create(Numbered(1)).ok());
  std::vector<std::string> acknowledged = {Numbered(1).celex()};
  EXPECT_EQ(Health(Transpod::kWritesHealthService),
            grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(Metric("transpo_event_log_writes_refused"), "0");

  // Leave a few MiB above the reserve, then write through transpod until it
  // refuses: every answer is either a durable write or a refusal.
  const std::string filler = disk_->path() + "/filler";
  WriteFiller(filler, FreeBytes(disk_->path()) - (kReserveMiB + 3) * kMiB);
  grpc::Status refused;
  for (int n = 2; n < 1000; ++n) {
    refused = Create(Large(n));
    if (!refused.ok()) break;
    acknowledged.push_back(Large(n).celex());
  }
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << refused.error_message();
  EXPECT_THAT(refused.error_message(), HasSubstr("free space"));
  EXPECT_GT(acknowledged.size(), 5u);
  const uint64_t head = Head();
  EXPECT_EQ(Create(Numbered(5000)).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Head(), head);  // refused, nothing written
  EXPECT_EQ(GetDossier(Numbered(1).celex()).celex(), Numbered(1).celex());
  EXPECT_EQ(Health(Transpod::kWritesHealthService),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Health(""), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(Metric("transpo_event_log_writes_refused"), "1");

  ASSERT_TRUE(std::filesystem::remove(filler));
  ASSERT_TRUE(WaitUntilWritesServed());
  ASSERT_TRUE(Create(Numbered(5000)).ok());
  acknowledged.push_back(Numbered(5000).celex());
  EXPECT_EQ(Metric("transpo_event_log_writes_refused"), "0");

  // Nothing acknowledged was lost, and the log verifies.
  server_.reset();
  const std::string verify = absl::StrCat(TRANSPOD_PATH, " verify --data-dir ",
                                          disk_->path(), "/data");
  EXPECT_EQ(std::system(verify.c_str()), 0);
  StartOnDisk();
  for (const std::string& celex : acknowledged) {
    EXPECT_EQ(GetDossier(celex).celex(), celex);
  }
}

TEST_F(TranspodDiskFullTest, StartsReadOnlyOnAFullDiskAndVerifies) {
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(Create(Numbered(i)).ok());
  server_.reset();
  const std::string filler = disk_->path() + "/filler";
  WriteFiller(filler, kDiskBytes);
  ASSERT_LT(FreeBytes(disk_->path()), 64 * 1024u);

  StartOnDisk();
  EXPECT_EQ(GetDossier(Numbered(3).celex()).celex(), Numbered(3).celex());
  EXPECT_EQ(Create(Numbered(4)).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Health(Transpod::kWritesHealthService),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  server_.reset();

  const std::string verify = absl::StrCat(TRANSPOD_PATH, " verify --data-dir ",
                                          disk_->path(), "/data");
  EXPECT_EQ(std::system(verify.c_str()), 0);
}

}  // namespace
}  // namespace transpo
