// A tmpfs of a given size mounted on a directory for the life of a test, to
// fill a real file system up. Mounting needs root (CAP_SYS_ADMIN). The mount
// goes away when the TmpfsMount is destroyed and also if the test process
// dies first (abort, SIGKILL, timeout): a forked guard process waits for the
// test to go and unmounts then.
//
// Thread-safety: not thread-safe; create and destroy it on one thread.
//
// Example:
//   absl::StatusOr<std::unique_ptr<TmpfsMount>> disk =
//       TmpfsMount::Mount(dir.path() + "/disk", 40 << 20);
//   if (!disk.ok()) GTEST_SKIP() << disk.status();

#ifndef TRANSPO_TESTS_TESTING_TMPFS_MOUNT_H_
#define TRANSPO_TESTS_TESTING_TMPFS_MOUNT_H_

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace transpo::testing {

class TmpfsMount {
 public:
  // Creates directory `path` and mounts a tmpfs of `bytes` on it.
  // PermissionDenied if the process is not root; Internal if mounting fails.
  static absl::StatusOr<std::unique_ptr<TmpfsMount>> Mount(
      const std::string& path, uint64_t bytes) {
    if (geteuid() != 0) {
      return absl::PermissionDeniedError(
          "mounting a tmpfs needs root (CI runs as root)");
    }
    if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
      return absl::InternalError(
          absl::StrCat("mkdir ", path, ": ", std::strerror(errno)));
    }
    const std::string size = absl::StrCat("size=", bytes);
    if (mount("tmpfs", path.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
              size.c_str()) != 0) {
      return absl::InternalError(
          absl::StrCat("mount tmpfs on ", path, ": ", std::strerror(errno)));
    }
    // The guard holds the read end of a pipe whose write end only this
    // process holds (close-on-exec): end of file means the test is gone.
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      umount2(path.c_str(), MNT_DETACH);
      return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
    }
    const pid_t guard = fork();
    if (guard == 0) {
      close(fds[1]);
      char byte;
      while (read(fds[0], &byte, 1) != 0) {
      }
      umount2(path.c_str(), MNT_DETACH);
      _exit(0);
    }
    close(fds[0]);
    if (guard < 0) {
      close(fds[1]);
      umount2(path.c_str(), MNT_DETACH);
      return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
    }
    return std::unique_ptr<TmpfsMount>(new TmpfsMount(path, fds[1], guard));
  }

  ~TmpfsMount() {
    umount2(path_.c_str(), MNT_DETACH);
    close(guard_pipe_);  // the guard finds nothing left to unmount
    waitpid(guard_, nullptr, 0);
  }

  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;

  const std::string& path() const { return path_; }

 private:
  TmpfsMount(std::string path, int guard_pipe, pid_t guard)
      : path_(std::move(path)), guard_pipe_(guard_pipe), guard_(guard) {}

  const std::string path_;
  const int guard_pipe_;
  const pid_t guard_;
};

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_TESTING_TMPFS_MOUNT_H_
