// Starts a program with its standard output on a pipe the test reads, for
// tests that kill processes.
//
// Example:
//   Subprocess child = Spawn({"/path/to/transpod", "--listen", "127.0.0.1:0"});
//   ... read(child.stdout_fd, ...) ...; kill(child.pid, SIGKILL);

#ifndef TRANSPO_TESTS_TESTING_SUBPROCESS_H_
#define TRANSPO_TESTS_TESTING_SUBPROCESS_H_

#include <spawn.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"

extern char** environ;

namespace transpo::testing {

struct Subprocess {
  pid_t pid = 0;
  int stdout_fd = -1;  // the read end; the caller closes it
};

// argv[0] is the program's path. Fails the test if it cannot start.
inline Subprocess Spawn(std::vector<std::string> argv) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  Subprocess child;
  EXPECT_EQ(
      posix_spawn(&child.pid, args[0], &actions, nullptr, args.data(), environ),
      0)
      << "cannot start " << argv[0];
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  child.stdout_fd = fds[0];
  return child;
}

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_TESTING_SUBPROCESS_H_
