// TranspoctlTest: the transpod binary on port 0 (manual clock at
// 2026-11-25 09:00, a temporary data directory, the demo data set) and
// transpoctl run against it as a user would: a process with its arguments,
// environment, standard output and error, exit code, and optionally a
// pseudo-terminal.
//
// Example:
//   TEST_F(TranspoctlTest, X) {
//     CtlResult r = Ctl({"dossier", "show", "32019L1937", "-o", "json"});
//     EXPECT_EQ(r.code, 0);
//   }

#ifndef TRANSPO_TESTS_E2E_TRANSPOCTL_FIXTURE_H_
#define TRANSPO_TESTS_E2E_TRANSPOCTL_FIXTURE_H_

#include <fcntl.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/transpod_process.h"

namespace transpo {

struct CtlResult {
  int code = -1;
  std::string out;
  std::string err;
};

using TranspodChild = testing::TranspodProcess;

// transpod on port 0, a manual clock at 2026-11-25 09:00, the demo data
// set (or none).
inline std::unique_ptr<TranspodChild> StartTranspod(const std::string& data_dir,
                                                    bool demo = true) {
  std::vector<std::string> args = {"--listen=127.0.0.1:0", "--metrics-listen",
                                   "", "--data-dir=" + data_dir,
                                   "--clock=manual@2026-11-25T09:00"};
  if (demo) {
    args.push_back("--demo-data=" DEMO_DIR "/administrations.csv");
    args.push_back("--demo-data=" DEMO_DIR "/dossiers.csv");
  }
  return testing::StartTranspodProcess(TRANSPOD_PATH, std::move(args));
}

class TranspoctlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = StartTranspod(absl::StrCat(dir_.path(), "/data"));
    ASSERT_NE(server_->port, 0);
    server_address_ = absl::StrCat("127.0.0.1:", server_->port);
  }

  // Runs transpoctl with `args` against the server (TRANSPO_SERVER), with
  // `env` ("NAME=value") added; stdout and stderr apart, or both on a
  // pseudo-terminal (`pty`, then in `out`).
  CtlResult Ctl(const std::vector<std::string>& args,
                const std::vector<std::string>& env = {},
                bool pty = false) const {
    std::vector<std::string> argv = {TRANSPOCTL_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> environment = {"TRANSPO_SERVER=" + server_address_,
                                            "PATH=/usr/bin:/bin"};
    environment.insert(environment.end(), env.begin(), env.end());
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    std::vector<char*> cenv;
    for (std::string& e : environment) cenv.push_back(e.data());
    cenv.push_back(nullptr);

    CtlResult result;
    const std::string out_path = absl::StrCat(dir_.path(), "/ctl.out");
    const std::string err_path = absl::StrCat(dir_.path(), "/ctl.err");
    int master = -1;
    pid_t pid;
    if (pty) {
      pid = forkpty(&master, nullptr, nullptr, nullptr);
    } else {
      pid = fork();
    }
    if (pid == 0) {
      if (!pty) {
        const int out =
            open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err =
            open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, STDOUT_FILENO);
        dup2(err, STDERR_FILENO);
        close(out);
        close(err);
      }
      execve(cargv[0], cargv.data(), cenv.data());
      _exit(127);
    }
    if (pty) {
      char buffer[4096];
      ssize_t n;
      while ((n = read(master, buffer, sizeof(buffer))) > 0) {
        result.out.append(buffer, n);
      }
      close(master);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (!pty) {
      result.out = ReadFile(out_path);
      result.err = ReadFile(err_path);
    }
    return result;
  }

  // The JSON document on stdout, parsed (fails the test if it is not one).
  static google::protobuf::Struct Json(const CtlResult& r) {
    google::protobuf::Struct parsed;
    const auto status =
        google::protobuf::util::JsonStringToMessage(r.out, &parsed);
    EXPECT_TRUE(status.ok()) << status << "\n" << r.out << r.err;
    return parsed;
  }

  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  testing::TempDir dir_;
  std::unique_ptr<TranspodChild> server_;
  std::string server_address_;
};

}  // namespace transpo

#endif  // TRANSPO_TESTS_E2E_TRANSPOCTL_FIXTURE_H_
