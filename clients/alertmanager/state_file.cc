#include "clients/alertmanager/state_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace transpo::bridge {
namespace {

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::InternalError(
      absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

// Writes all of `data` to `fd`.
bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) errno = EIO;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

absl::Status SyncDirectory(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open directory", dir);
  const bool synced = fsync(fd) == 0;
  close(fd);
  if (!synced) return Errno("cannot sync directory", dir);
  return absl::OkStatus();
}

// Keeps the first parse error, to name it.
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (error_.empty()) {
      error_ = absl::StrCat("line ", line + 1, " column ", column + 1, ": ",
                            message);
    }
  }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

}  // namespace

absl::StatusOr<alertmanager::v1::BridgeState> LoadState(
    const std::string& path) {
  alertmanager::v1::BridgeState state;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) && !ec) return state;
  std::ifstream in(path);
  std::stringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    return absl::InternalError(absl::StrCat("cannot read state file ", path));
  }
  google::protobuf::TextFormat::Parser parser;
  FirstError error;
  parser.RecordErrorsTo(&error);
  if (!parser.ParseFromString(text.str(), &state)) {
    return absl::DataLossError(absl::StrCat(
        "state file ", path, " (", error.error(),
        ") is not a transpo.alertmanager.v1.BridgeState in text format; move "
        "it away to deliver again from the start of the log"));
  }
  return state;
}

absl::Status SaveState(const std::string& path,
                       const alertmanager::v1::BridgeState& state) {
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(state, &text)) {
    return absl::InternalError("cannot print the state");
  }
  const std::string temp = path + ".tmp";
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", temp);
  if (!WriteAll(fd, text) || fsync(fd) != 0) {
    absl::Status error = Errno("cannot write", temp);
    close(fd);
    unlink(temp.c_str());
    return error;
  }
  if (close(fd) != 0 || rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status error = Errno("cannot replace", path);
    unlink(temp.c_str());
    return error;
  }
  return SyncDirectory(path);
}

absl::StatusOr<std::unique_ptr<StateLock>> StateLock::Acquire(
    const std::string& state_file) {
  const std::string path = state_file + ".lock";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot open", path);
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return absl::FailedPreconditionError(absl::StrCat(
        "state file ", state_file,
        " is in use by another transpo-alertmanager (", path, " is locked)"));
  }
  return std::unique_ptr<StateLock>(new StateLock(fd));
}

StateLock::~StateLock() { close(fd_); }

}  // namespace transpo::bridge
