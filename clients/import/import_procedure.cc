// Importer::Impl::Procedure and CourtCase: stages, replies, closure and
// court deadlines, never rewritten.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clients/import/importer_impl.h"

namespace transpo::clients {

using import_detail::FromGrpc;
using import_detail::Same;

Importer::Impl::Result Importer::Impl::Procedure(const SourceRecord& r) {
  const v1::InfringementProcedure& want = r.record.procedure();
  v1::InfringementService::Stub& stub = *procedures_;
  v1::GetProcedureRequest get;
  get.set_number(want.number());
  v1::GetProcedureResponse got;
  grpc::Status status =
      Read(stub, &v1::InfringementService::Stub::GetProcedure, get, &got);
  bool created = false;
  v1::InfringementProcedure current;
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    created = true;
    if (options_.dry_run) return Outcome::kCreated;
    v1::OpenProcedureRequest open;
    open.set_number(want.number());
    open.set_type(want.type());
    *open.mutable_celex() = want.celex();
    v1::OpenProcedureResponse response;
    if (auto f = Write(stub, &v1::InfringementService::Stub::OpenProcedure,
                       open, 0, "open procedure", &response)) {
      return *f;
    }
    current = response.procedure();
  } else if (!status.ok()) {
    return FromGrpc(status, "read procedure");
  } else if (LeaveAlone(got.procedure().audit())) {
    return Outcome::kUnchanged;
  } else {
    current = got.procedure();
  }
  bool changed = false;
  for (int i = 0; i < want.stages_size(); ++i) {
    v1::Stage stage = want.stages(i);
    const std::string reply = stage.reply_date();
    stage.clear_reply_date();
    if (i < current.stages_size()) {
      v1::Stage have = current.stages(i);
      const std::string had_reply = have.reply_date();
      have.clear_reply_date();
      // Left out, the reply due date is the server's default.
      if (stage.reply_due_date().empty()) have.clear_reply_due_date();
      if (!Same(have, stage)) {
        return Failure{
            "procedures",
            absl::StrCat("procedure ", want.number(), ": stage ", i + 1,
                         " differs from the server's (", have.date(),
                         "); stages are never rewritten")};
      }
      if (reply.empty() || !had_reply.empty()) continue;
    } else {
      changed = true;
      if (options_.dry_run) break;
      v1::RecordStageRequest record;
      record.set_number(want.number());
      *record.mutable_stage() = stage;
      v1::RecordStageResponse response;
      if (auto f =
              Write(stub, &v1::InfringementService::Stub::RecordStage, record,
                    current.version(), "record stage", &response)) {
        return *f;
      }
      current = response.procedure();
      if (reply.empty()) continue;
    }
    changed = true;
    if (options_.dry_run) break;
    v1::RecordReplyRequest record;
    record.set_number(want.number());
    record.set_stage(stage.kind());
    record.set_reply_date(reply);
    v1::RecordReplyResponse response;
    if (auto f = Write(stub, &v1::InfringementService::Stub::RecordReply,
                       record, current.version(), "record reply", &response)) {
      return *f;
    }
    current = response.procedure();
  }
  if (want.closed() && !current.closed()) {
    changed = true;
    if (!options_.dry_run) {
      v1::CloseProcedureRequest close;
      close.set_number(want.number());
      close.set_closure_date(want.closure_date());
      close.set_reason(want.closure_reason());
      v1::CloseProcedureResponse response;
      if (auto f =
              Write(stub, &v1::InfringementService::Stub::CloseProcedure, close,
                    current.version(), "close procedure", &response)) {
        return *f;
      }
    }
  }
  if (created) return Outcome::kCreated;
  return changed ? Outcome::kUpdated : Outcome::kUnchanged;
}

Importer::Impl::Result Importer::Impl::CourtCase(const SourceRecord& r) {
  const v1::CourtCase& want = r.record.court_case();
  v1::CourtCaseService::Stub& stub = *court_cases_;
  v1::GetCourtCaseRequest get;
  get.set_number(want.number());
  v1::GetCourtCaseResponse got;
  grpc::Status status =
      Read(stub, &v1::CourtCaseService::Stub::GetCourtCase, get, &got);
  bool created = false;
  v1::CourtCase current;
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    created = true;
    if (options_.dry_run) return Outcome::kCreated;
    v1::CreateCourtCaseRequest create;
    v1::CourtCase& c = *create.mutable_court_case();
    c.set_number(want.number());
    c.set_kind(want.kind());
    c.set_title(want.title());
    *c.mutable_celex() = want.celex();
    v1::CreateCourtCaseResponse response;
    if (auto f = Write(stub, &v1::CourtCaseService::Stub::CreateCourtCase,
                       create, 0, "create court case", &response)) {
      return *f;
    }
    current = response.court_case();
  } else if (!status.ok()) {
    return FromGrpc(status, "read court case");
  } else if (LeaveAlone(got.court_case().audit())) {
    return Outcome::kUnchanged;
  } else {
    current = got.court_case();
  }
  bool changed = false;
  for (const v1::CourtDeadline& deadline : want.deadlines()) {
    bool have = false;
    for (const v1::CourtDeadline& h : current.deadlines()) {
      have = have || Same(h, deadline);
    }
    if (have) continue;
    changed = true;
    if (options_.dry_run) break;
    v1::AddCourtDeadlineRequest add;
    add.set_number(want.number());
    *add.mutable_deadline() = deadline;
    v1::AddCourtDeadlineResponse response;
    if (auto f = Write(stub, &v1::CourtCaseService::Stub::AddCourtDeadline, add,
                       current.version(), "add court deadline", &response)) {
      return *f;
    }
    current = response.court_case();
  }
  if (created) return Outcome::kCreated;
  return changed ? Outcome::kUpdated : Outcome::kUnchanged;
}

// --atomic: the administrations dossiers name must be in the file or on
// the server.

}  // namespace transpo::clients
