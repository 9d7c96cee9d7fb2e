// Authenticator tells who calls (a bearer token, or the certificate of a
// mutual TLS client, looked up in the PrincipalDirectory) and whether they
// may call the RPC (app::Authorize and its table). Every handler starts
// with it, before it reads anything of the request:
//
//   auto caller = auth_.Authorize(context, kService, __func__);
//   if (!caller.ok()) return Finish(context, caller.status());
//
// (`__func__` is the handler's name, which is the RPC's.) No credentials, or
// a token or certificate the directory does not know, is UNAUTHENTICATED; a
// role that may not call the RPC, or a transpo-actor naming someone else,
// PERMISSION_DENIED. Each denial is counted by reason and logged with the
// peer address (at most kLogLinesPerSecond lines a second; the count of
// those not logged follows).
//
// A stream keeps its Caller and asks StillValid before each message (and
// when woken after a reload): once the token file is replaced, a stream
// whose credentials it no longer holds (or holds with another role or
// administrations) ends UNAUTHENTICATED.
//
// Without a directory authentication is off: every caller is a coordinator
// named by its transpo-actor metadata (transpod allows that on loopback
// only). Calls on transpod's own in-process channel (the demo data import)
// are trusted the same way: that channel's interceptor
// (InProcessInterceptors) sends a secret made at start that never leaves
// the process.
//
// Thread-safety: every method may be called from any thread, concurrently
// with Replace.

#ifndef TRANSPO_SERVER_API_AUTHENTICATOR_H_
#define TRANSPO_SERVER_API_AUTHENTICATOR_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_interceptor.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/app/principals.h"

namespace transpo::api {

// An authenticated and authorized call.
struct Caller {
  // Its role and scope; its id is the actor recorded with its writes.
  app::Principal principal;
  // What it was recognised by: the SHA-256 of its token, or else the names
  // of its client certificate; neither when authentication is off or the
  // call is transpod's own.
  std::string token_sha256;
  std::vector<std::string> certificate_names;
  // The directory's generation it was last recognised in.
  uint64_t generation = 0;
};

class Authenticator {
 public:
  // Receives the reason of each denial: "no_credentials", "unknown_token",
  // "unknown_certificate", "role", "actor", "scope" or "revoked".
  using OnDenied = std::function<void(absl::string_view reason)>;

  static constexpr int kLogLinesPerSecond = 20;

  // `directory` null: authentication off. `on_denied` may be empty.
  Authenticator(std::shared_ptr<const app::PrincipalDirectory> directory,
                OnDenied on_denied);

  // Uses `directory` for every call from now on (a token file re-read): a
  // token it no longer holds is refused at once, and streams opened with it
  // end before their next message. Null is ignored.
  void Replace(std::shared_ptr<const app::PrincipalDirectory> directory);

  // The caller of `context` if it may call `service`/`method` (e.g.
  // "transpo.v1.DossierService", "SetMilestone"); else UNAUTHENTICATED or
  // PERMISSION_DENIED, counted and logged.
  absl::StatusOr<Caller> Authorize(const grpc::CallbackServerContext* context,
                                   absl::string_view service,
                                   absl::string_view method) const;

  // OK while the directory in force recognises `caller` as it did (same
  // principal, role and administrations; `caller.generation` then moves to
  // the directory's); else UNAUTHENTICATED, counted as "revoked". A
  // comparison of generations while nothing was replaced.
  absl::Status StillValid(Caller& caller) const;

  // Counts and logs a denial decided after Authorize (a correspondent out of
  // its scope), if `status` is PERMISSION_DENIED; returns `status`.
  absl::Status Checked(const std::string& peer,
                       const absl::Status& status) const;

  // What a channel of this process adds to its calls to be trusted.
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
  InProcessInterceptors() const;

 private:
  absl::StatusOr<Caller> Authenticate(
      const grpc::CallbackServerContext* context) const;
  bool FromThisProcess(const grpc::CallbackServerContext& context) const;
  std::shared_ptr<const app::PrincipalDirectory> directory() const;
  absl::Status Deny(absl::string_view reason, const std::string& peer,
                    absl::Status status) const;

  const bool enabled_;
  // Random, 256 bits; empty (nothing trusted) if no random bytes came.
  const std::string in_process_secret_;
  const OnDenied on_denied_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const app::PrincipalDirectory> directory_
      ABSL_GUARDED_BY(mu_);
  // Bumped by each Replace, under mu_.
  std::atomic<uint64_t> generation_{0};
  // The log lines of denials in the current second, and those left out.
  mutable absl::Mutex log_mu_;
  mutable absl::Time log_second_ ABSL_GUARDED_BY(log_mu_);
  mutable int log_lines_ ABSL_GUARDED_BY(log_mu_) = 0;
  mutable uint64_t not_logged_ ABSL_GUARDED_BY(log_mu_) = 0;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_AUTHENTICATOR_H_
