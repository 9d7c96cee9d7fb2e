// What every transpoctl command shares: the global flags, the channel to
// transpod, the context of each call (deadline, actor, request id), the
// output format and the mapping of errors to messages and exit codes.
//
// Exit codes (documented in the README and `transpoctl --help`):
//   0 ok, 1 other error, 2 usage, 3 not found, 4 conflict (already exists,
//   failed precondition, version conflict), 5 server unreachable or deadline
//   exceeded.
//
// Thread-safety: one Session per process, used by its main thread.

#ifndef TRANSPO_CLIENTS_CTL_SESSION_H_
#define TRANSPO_CLIENTS_CTL_SESSION_H_

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/ctl/render.h"

namespace transpo::ctl {

enum ExitCode : int {
  kOk = 0,
  kOther = 1,
  kUsage = 2,
  kNotFound = 3,
  kConflict = 4,
  kUnreachable = 5,
};

// The exit code of a gRPC status.
int ExitCodeOf(grpc::StatusCode code);

enum class Format { kTable, kJson, kYaml };

struct GlobalOptions {
  std::string server = "localhost:50051";
  std::string timeout = "10s";
  std::string actor;
  std::string token;
  std::string token_file;
  std::string cacert;
  std::string cert;
  std::string key;
  std::string output = "table";
  std::string as_of;
  std::string request_id;
  uint64_t if_version = 0;
};

class Session {
 public:
  Session(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  // Takes the global flags once parsed: kOk, or kUsage after printing what
  // is wrong with them.
  int Configure(const GlobalOptions& options);

  // The channel, dialled on first use; nullptr after printing why (then
  // return kUsage or kOther).
  std::shared_ptr<grpc::Channel> Channel();

  // A context with the call's deadline and the actor (if any).
  std::unique_ptr<grpc::ClientContext> Context() const;

  // --as-of as a timestamp, for reads; nullopt when not given.
  const std::optional<google::protobuf::Timestamp>& as_of() const {
    return as_of_;
  }
  // The day reads are about: --as-of's, else the server's today (GetTime);
  // nullopt after printing why, with its exit code in `*exit_code`.
  std::optional<absl::CivilDay> Today(int* exit_code);

  // --request-id, or a new random one ("ctl-" and 24 hex digits).
  std::string RequestId();
  uint64_t if_version() const { return options_.if_version; }
  const std::string& actor() const { return options_.actor; }
  absl::Duration timeout() const { return timeout_; }

  // Calls a unary RPC; writes (`request_id` set) are sent again with the
  // same id while the server is UNAVAILABLE, three attempts in all, each
  // with its own --timeout; the id makes sure it records at most once.
  template <typename Stub, typename Request, typename Response>
  grpc::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*),
                    const Request& request, Response* response,
                    const std::string& request_id = "") {
    grpc::Status status;
    for (int attempt = 0; attempt < 3; ++attempt) {
      std::unique_ptr<grpc::ClientContext> context = Context();
      status = (stub.*method)(context.get(), request, response);
      if (status.error_code() != grpc::StatusCode::UNAVAILABLE ||
          request_id.empty()) {
        break;
      }
    }
    last_request_id_ = request_id;
    return status;
  }

  // Prints "Error: <message>" to stderr, the field violations of the status
  // below it, and returns its exit code.
  int Fail(const grpc::Status& status);
  // Prints "Error: <message>" and returns `code`.
  int Fail(int code, const std::string& message);

  // Prints one resource (table: its description) or a list response (table:
  // `table`), and returns kOk.
  int Print(const google::protobuf::Message& message);
  int Print(const google::protobuf::Message& response, const Table& table);
  // Plain text for -o table (messages such as "time set"); the message for
  // json and yaml.
  int PrintText(const std::string& text,
                const google::protobuf::Message& message);

  bool table() const { return options_.output == "table"; }
  Format format() const {
    return options_.output == "json"   ? Format::kJson
           : options_.output == "yaml" ? Format::kYaml
                                       : Format::kTable;
  }
  // Colour on a terminal, unless NO_COLOR is set.
  bool colour() const { return colour_; }
  void set_colour(bool colour) { colour_ = colour; }

  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

 private:
  GlobalOptions options_;
  std::ostream& out_;
  std::ostream& err_;
  absl::Duration timeout_;
  std::optional<google::protobuf::Timestamp> as_of_;
  std::optional<absl::CivilDay> as_of_day_;
  std::optional<absl::CivilDay> today_;
  std::shared_ptr<grpc::Channel> channel_;
  std::string last_request_id_;
  bool colour_ = false;
};

}  // namespace transpo::ctl

#endif  // TRANSPO_CLIENTS_CTL_SESSION_H_
