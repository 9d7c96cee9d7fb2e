// Starts a program with its standard output on a pipe the test reads, for
// tests that kill processes. The child dies with its Subprocess: destroying
// it (a failed ASSERT returns early) kills and reaps the child, and the
// kernel kills the child if the test process itself dies (PR_SET_PDEATHSIG),
// so a failing test never leaves a server running for ctest to wait on.
//
// Thread-safety: one thread owns a Subprocess.
//
// Example:
//   Subprocess child = Spawn({"/path/to/transpod", "--listen", "127.0.0.1:0"});
//   ... read(child.stdout_fd(), ...) ...; child.Kill(SIGKILL);

#ifndef TRANSPO_TESTS_TESTING_SUBPROCESS_H_
#define TRANSPO_TESTS_TESTING_SUBPROCESS_H_

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

extern char** environ;

namespace transpo::testing {

class Subprocess {
 public:
  Subprocess() = default;
  Subprocess(pid_t pid, int stdout_fd) : pid_(pid), stdout_fd_(stdout_fd) {}
  Subprocess(Subprocess&& other) noexcept
      : pid_(std::exchange(other.pid_, 0)),
        stdout_fd_(std::exchange(other.stdout_fd_, -1)) {}
  Subprocess& operator=(Subprocess&& other) noexcept {
    Reset();
    pid_ = std::exchange(other.pid_, 0);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    return *this;
  }
  ~Subprocess() { Reset(); }

  pid_t pid() const { return pid_; }
  // The read end of the child's standard output; -1 once closed.
  int stdout_fd() const { return stdout_fd_; }

  // Hands the read end of standard output to the caller (e.g. to fdopen it).
  int ReleaseStdout() { return std::exchange(stdout_fd_, -1); }

  // Sends `signal` (if the child still runs).
  void Kill(int signal) {
    if (pid_ > 0) kill(pid_, signal);
  }

  // Waits for the child to end; its wait status, or -1 if there is none.
  int Wait() {
    if (pid_ <= 0) return -1;
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    return status;
  }

 private:
  void Reset() {
    if (pid_ > 0) {
      Kill(SIGKILL);
      Wait();
    }
    if (stdout_fd_ >= 0) close(stdout_fd_);
    stdout_fd_ = -1;
  }

  pid_t pid_ = 0;
  int stdout_fd_ = -1;
};

// argv[0] is the program's path. Fails the test if it cannot start.
inline Subprocess Spawn(std::vector<std::string> argv) {
  int fds[2];
  if (pipe(fds) != 0) {
    ADD_FAILURE() << "pipe: " << strerror(errno);
    return Subprocess();
  }
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died already
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execve(args[0], args.data(), environ);
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    ADD_FAILURE() << "cannot start " << argv[0] << ": " << strerror(errno);
    close(fds[0]);
    return Subprocess();
  }
  return Subprocess(pid, fds[0]);
}

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_TESTING_SUBPROCESS_H_
