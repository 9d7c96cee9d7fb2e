// ChildProcess runs a server a benchmark drives (transpod, etcd) as a process
// of its own, so that the CPU it uses can be told apart from the client's:
// started with its output going to a file, killed if the benchmark dies
// (PR_SET_PDEATHSIG), stopped with SIGTERM. A benchmark that cannot start
// its server exits with a message.
//
// Thread-safety: one thread owns a ChildProcess.
//
// Example:
//   ChildProcess etcd({"etcd", "--data-dir", dir}, dir + ".log");
//   ... etcd.CpuSeconds() ...

#ifndef TRANSPO_BENCH_CHILD_PROCESS_H_
#define TRANSPO_BENCH_CHILD_PROCESS_H_

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace transpo::bench {

class ChildProcess {
 public:
  // Starts argv[0] (searched in PATH) with standard output and error
  // appended to `log_path`.
  ChildProcess(std::vector<std::string> argv, const std::string& log_path) {
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log < 0) {
      std::fprintf(stderr, "Error: cannot open %s: %s\n", log_path.c_str(),
                   std::strerror(errno));
      std::exit(1);
    }
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      // Only async-signal-safe calls between fork and exec.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
      execvp(args[0], args.data());
      _exit(127);
    }
    close(log);
    if (pid_ < 0) {
      std::fprintf(stderr, "Error: cannot start %s: %s\n", argv[0].c_str(),
                   std::strerror(errno));
      std::exit(1);
    }
  }
  ~ChildProcess() { Stop(); }

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // CPU time (user and system) the child used so far, in seconds.
  double CpuSeconds() const {
    std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the command (which may hold spaces) in parentheses:
    // state is field 3, utime 14, stime 15.
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i >= 14) ticks += std::stod(field);
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
  }

  // Whether the child still runs.
  bool Running() { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

  // Sends `signal` (SIGTERM: a graceful stop; SIGKILL: a crash), then waits
  // for the child to end.
  void Stop(int signal = SIGTERM) {
    if (pid_ <= 0) return;
    kill(pid_, signal);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  pid_t pid_ = 0;
};

// CPU time (user and system) this process used so far, in seconds.
inline double SelfCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// A loopback TCP port free at the time of the call.
inline int FreePort() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (s < 0 || bind(s, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::fprintf(stderr, "Error: no free port: %s\n", std::strerror(errno));
    std::exit(1);
  }
  close(s);
  return ntohs(address.sin_port);
}

// The command line of `transpod` as the benchmarks run it: on
// 127.0.0.1:`port`, no metrics endpoint, data in `dir`, a manual clock (no
// alert falls due while it runs).
inline std::vector<std::string> TranspodArgv(const std::string& transpod,
                                             int port, const std::string& dir) {
  return {transpod,
          "--listen",
          "127.0.0.1:" + std::to_string(port),
          "--metrics-listen",
          "",
          "--data-dir",
          dir,
          "--clock",
          "manual@2026-01-05T09:00"};
}

}  // namespace transpo::bench

#endif  // TRANSPO_BENCH_CHILD_PROCESS_H_
