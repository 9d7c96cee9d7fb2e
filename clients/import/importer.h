// Brings the server to the state a file describes (records.h), through the
// public API: each record is compared with the server's resource and only
// the difference is written, with request ids derived from the record, the
// step and the version it applies to. So importing a file twice records
// nothing new, and an import interrupted half way and run again completes
// it without duplicates (docs/import-format.md).
//
// Order: administrations, dossiers, procedures, court cases, whatever their
// order in the file. A dossier's status is reached by the moves its
// lifecycle allows (assign, drafting, adopted, notifications, closed).
//
// Thread-safety: one Run at a time; it makes blocking calls.
//
// Example:
//   Importer importer(channel, {.dry_run = true});
//   ImportSummary summary = importer.Run(*ParseRecords(text));

#ifndef TRANSPO_CLIENTS_IMPORT_IMPORTER_H_
#define TRANSPO_CLIENTS_IMPORT_IMPORTER_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "clients/import/records.h"

namespace transpo::clients {

struct ImportOptions {
  // Compare and report; write nothing.
  bool dry_run = false;
  // Check every record before writing any (file.errors, and administrations
  // named by dossiers known to the file or the server); stop at the first
  // record the server refuses.
  bool atomic = false;
  // Create what is missing and leave as it is what someone other than
  // `actor` changed last (transpod's demo data: a restart must not undo what
  // users did since, and completes what an interrupted start left).
  bool create_only = false;
  // Sent as transpo-actor (servers without authentication); empty: none.
  std::string actor;
  // The deadline of each call.
  absl::Duration timeout = absl::Seconds(10);
  // Called after each record: (records done, records in all).
  std::function<void(int, int)> progress;
  // Called after each record with what happened to it: "created",
  // "updated", "unchanged" or "failed", and its id.
  std::function<void(const std::string&, const std::string&)> record_done;
};

struct ImportSummary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  int failed = 0;  // records (or rows) in error
  // The file's own (unreadable rows) and the server's, by line.
  std::vector<RowError> errors;
  // Set when --atomic refused the file before any write.
  bool refused = false;
  // Set when the server could not be reached (or did not answer in time):
  // the import stopped there.
  bool unreachable = false;
};

class Importer {
 public:
  Importer(const std::shared_ptr<grpc::Channel>& channel,
           ImportOptions options);
  ~Importer();

  ImportSummary Run(const ParsedFile& file);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace transpo::clients

#endif  // TRANSPO_CLIENTS_IMPORT_IMPORTER_H_
