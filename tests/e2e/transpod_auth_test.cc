// The transpod binary with authentication: the token file re-read on SIGHUP
// while clients call (no call with a valid token fails, a revoked token is
// refused at once, a broken file keeps the one in force), `transpod token
// create`, and the refusal to listen beyond loopback without authentication.

#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/transpod_process.h"
#include "transpo/v1/clock.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;

// A token file entry: `id` with `role`, its token hashing to `hash`.
std::string Entry(const std::string& id, const std::string& role,
                  const std::string& hash) {
  return absl::StrCat("principals { id: \"", id, "\" role: \"", role,
                      "\" token_sha256: \"", hash, "\" }\n");
}

// Writes `text` to `path` as an editor or a deployment tool does: a new
// file renamed over the old one.
void Replace(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    ASSERT_TRUE(out.good());
  }
  std::filesystem::rename(temporary, path);
}

using Child = testing::TranspodProcess;

std::unique_ptr<Child> StartTranspod(std::vector<std::string> args) {
  return testing::StartTranspodProcess(TRANSPOD_PATH, std::move(args));
}

// The standard output and error of `command` (run by /bin/sh), and its exit
// status.
std::pair<std::string, int> Shell(const std::string& command) {
  testing::Subprocess shell =
      testing::Spawn({"/bin/sh", "-c", command + " 2>&1"});
  FILE* out = fdopen(shell.ReleaseStdout(), "r");
  std::string text;
  char buffer[1024];
  while (out != nullptr && fgets(buffer, sizeof(buffer), out) != nullptr) {
    text += buffer;
  }
  if (out != nullptr) fclose(out);
  const int status = shell.Wait();
  return {text, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

grpc::Status GetTime(v1::ClockService::Stub& stub, const std::string& token) {
  v1::GetTimeResponse response;
  return stub.GetTime(As(token).get(), {}, &response);
}

class TranspodAuthTest : public ::testing::Test {
 protected:
  // The SHA-256 of `token`, by coreutils' sha256sum rather than transpod's
  // own code.
  static std::string HashOf(const std::string& token) {
    auto [out, status] = Shell(
        absl::StrCat("printf %s '", token, "' | sha256sum | cut -d' ' -f1"));
    EXPECT_EQ(status, 0) << out;
    return out.substr(0, 64);
  }

  static std::string Coordinator() {
    return Entry("coordinator", "coordinator", HashOf("coordinator"));
  }

  testing::TempDir dir_;
};

TEST_F(TranspodAuthTest, SighupRotatesTokensUnderLoad) {
  const std::string tokens = dir_.path() + "/tokens.textproto";
  Replace(tokens, absl::StrCat(Coordinator(), Entry("old-viewer", "viewer",
                                                    HashOf("old-viewer"))));
  auto child = StartTranspod({"--listen", "127.0.0.1:0", "--metrics-listen", "",
                              "--data-dir", dir_.path() + "/data",
                              "--token-file", tokens});
  ASSERT_NE(child->port, 0);
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", child->port),
                                     grpc::InsecureChannelCredentials());
  auto clock = v1::ClockService::NewStub(channel);
  auto directives = v1::DirectiveService::NewStub(channel);
  ASSERT_TRUE(GetTime(*clock, "old-viewer").ok());
  ASSERT_EQ(GetTime(*clock, "new-viewer").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  // The coordinator writes and reads throughout.
  std::atomic<bool> stop{false};
  std::atomic<int> calls{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> load;
  load.reserve(4);
  for (int t = 0; t < 4; ++t) {
    load.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        grpc::Status status;
        if (t % 2 == 0) {
          v1::CreateDirectiveRequest request;
          request.mutable_directive()->set_celex(
              absl::StrFormat("3%04dL%04d", 2000 + t, i % 10000));
          request.mutable_directive()->set_short_title("load");
          request.mutable_directive()->add_deadlines()->set_date("2030-01-01");
          request.set_request_id(absl::StrCat("load-", t, "-", i % 10000));
          v1::CreateDirectiveResponse response;
          status = directives->CreateDirective(As("coordinator").get(), request,
                                               &response);
        } else {
          status = GetTime(*clock, "coordinator");
        }
        ++calls;
        if (!status.ok()) {
          ++failures;
          ADD_FAILURE() << "a valid token failed: " << status.error_message();
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  // Revoke old-viewer, admit new-viewer.
  Replace(tokens, absl::StrCat(Coordinator(), Entry("new-viewer", "viewer",
                                                    HashOf("new-viewer"))));
  child->process.Kill(SIGHUP);
  EXPECT_THAT(child->AwaitLine("SIGHUP"), HasSubstr("reloaded"));
  grpc::Status revoked = GetTime(*clock, "old-viewer");
  EXPECT_EQ(revoked.error_code(), grpc::StatusCode::UNAUTHENTICATED)
      << revoked.error_message();
  EXPECT_TRUE(GetTime(*clock, "new-viewer").ok());

  // A broken file: the one in force stays.
  Replace(tokens, "principals { id: \"coordinator\" role: \"boss\" }\n");
  child->process.Kill(SIGHUP);
  EXPECT_THAT(child->AwaitLine("SIGHUP"),
              HasSubstr("not reloaded, the previous one stays in force: "
                        "token file " +
                        tokens + ": principals[0].role \"boss\""));
  EXPECT_TRUE(GetTime(*clock, "new-viewer").ok());
  EXPECT_EQ(GetTime(*clock, "old-viewer").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  stop = true;
  for (std::thread& t : load) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(calls.load(), 20);
}

TEST_F(TranspodAuthTest, TokenCreatePrintsATokenAndTheEntryForIt) {
  auto [out, status] = Shell(
      absl::StrCat(TRANSPOD_PATH,
                   " token create --principal jdupont --role correspondent "
                   "--administration adm-a"));
  ASSERT_EQ(status, 0) << out;
  // "token (shown once ...):\n<token>\n\nadd to the token file ...:\n<entry>"
  const size_t start = out.find("):\n");
  ASSERT_NE(start, std::string::npos) << out;
  const std::string token =
      out.substr(start + 3, out.find('\n', start + 3) - start - 3);
  EXPECT_TRUE(absl::StartsWith(token, "tpo_")) << token;
  EXPECT_EQ(token.size(), 4u + 43u) << token;
  const std::string entry = out.substr(out.find("principals {"));
  EXPECT_THAT(entry, HasSubstr("id: \"jdupont\""));
  EXPECT_THAT(entry, HasSubstr("administrations: \"adm-a\""));
  EXPECT_THAT(entry, HasSubstr(HashOf(token)));
  EXPECT_THAT(
      out, ::testing::Not(HasSubstr(absl::StrCat("token_sha256: \"", token))));
  // A second token is another.
  auto [again, again_status] = Shell(absl::StrCat(
      TRANSPOD_PATH, " token create --principal jdupont --role viewer"));
  EXPECT_THAT(again, ::testing::Not(HasSubstr(token)));

  // The entry, as printed, lets the token in, as jdupont.
  const std::string tokens = dir_.path() + "/tokens.textproto";
  Replace(tokens, absl::StrCat(Coordinator(), entry));
  auto child = StartTranspod({"--listen", "127.0.0.1:0", "--metrics-listen", "",
                              "--data-dir", dir_.path() + "/data",
                              "--token-file", tokens});
  ASSERT_NE(child->port, 0);
  auto clock = v1::ClockService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", child->port),
                          grpc::InsecureChannelCredentials()));
  EXPECT_TRUE(GetTime(*clock, token).ok());
  v1::SetTimeRequest set;
  set.mutable_advance()->set_seconds(1);
  v1::SetTimeResponse response;
  grpc::Status denied = clock->SetTime(As(token).get(), set, &response);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(denied.error_message(),
              HasSubstr("principal \"jdupont\" (correspondent)"));

  auto [bad, bad_status] = Shell(absl::StrCat(
      TRANSPOD_PATH, " token create --principal jdupont --role correspondent"));
  EXPECT_EQ(bad_status, 1);
  EXPECT_THAT(bad, HasSubstr("a correspondent needs at least one "
                             "administration"));
}

TEST_F(TranspodAuthTest, RefusesToListenBeyondLoopbackWithoutAuth) {
  const std::string flags =
      absl::StrCat(" --listen 0.0.0.0:0 --metrics-listen '' --data-dir ",
                   dir_.path(), "/data");
  auto [out, status] = Shell(absl::StrCat(TRANSPOD_PATH, flags));
  EXPECT_EQ(status, 1);
  EXPECT_THAT(out, HasSubstr("Error: FAILED_PRECONDITION: --listen "
                             "\"0.0.0.0:0\" is not a loopback address and no "
                             "authentication is configured"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/data"))
      << "it checked after opening the log";

  auto insecure =
      StartTranspod({"--listen", "0.0.0.0:0", "--metrics-listen", "",
                     "--data-dir", dir_.path() + "/data", "--insecure"});
  EXPECT_NE(insecure->port, 0);
  EXPECT_THAT(insecure->AwaitLine("authentication"),
              HasSubstr("authentication OFF"));
}

}  // namespace
}  // namespace transpo
