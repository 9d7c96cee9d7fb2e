// Importer::Impl::Administration: an administration and its correspondents.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clients/import/importer_impl.h"

namespace transpo::clients {

using import_detail::FromGrpc;

Importer::Impl::Result Importer::Impl::Administration(const SourceRecord& r) {
  const v1::Administration& want = r.record.administration();
  v1::GetAdministrationRequest get;
  get.set_id(want.id());
  v1::GetAdministrationResponse got;
  grpc::Status status =
      Read(*administrations_,
           &v1::AdministrationService::Stub::GetAdministration, get, &got);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    if (options_.dry_run) return Outcome::kCreated;
    v1::CreateAdministrationRequest create;
    v1::Administration& a = *create.mutable_administration();
    a.set_id(want.id());
    a.set_name_nl(want.name_nl());
    a.set_name_fr(want.name_fr());
    *a.mutable_correspondents() = want.correspondents();
    v1::CreateAdministrationResponse created;
    if (auto f = Write(*administrations_,
                       &v1::AdministrationService::Stub::CreateAdministration,
                       create, 0, "create administration", &created)) {
      return *f;
    }
    // Correspondents are created active: those who left are marked so.
    for (const v1::Correspondent& c : want.correspondents()) {
      if (c.active()) continue;
      if (auto f = SetActive(want.id(), c.id(), false, nullptr)) return *f;
    }
    return Outcome::kCreated;
  }
  if (!status.ok()) return FromGrpc(status, "read administration");
  if (LeaveAlone(got.administration().audit())) return Outcome::kUnchanged;
  v1::Administration current = got.administration();
  bool changed = false;
  v1::UpdateAdministrationRequest update;
  update.mutable_administration()->set_id(want.id());
  if (r.Has("name_nl") && current.name_nl() != want.name_nl()) {
    update.mutable_administration()->set_name_nl(want.name_nl());
    update.mutable_update_mask()->add_paths("name_nl");
  }
  if (r.Has("name_fr") && current.name_fr() != want.name_fr()) {
    update.mutable_administration()->set_name_fr(want.name_fr());
    update.mutable_update_mask()->add_paths("name_fr");
  }
  if (!update.update_mask().paths().empty()) {
    changed = true;
    if (!options_.dry_run) {
      v1::UpdateAdministrationResponse response;
      if (auto f = Write(*administrations_,
                         &v1::AdministrationService::Stub::UpdateAdministration,
                         update, current.version(), "update administration",
                         &response)) {
        return *f;
      }
      current = response.administration();
    }
  }
  v1::AdministrationService::Stub& stub = *administrations_;
  for (const v1::Correspondent& c : want.correspondents()) {
    const v1::Correspondent* have = nullptr;
    for (const v1::Correspondent& h : current.correspondents()) {
      if (h.id() == c.id()) have = &h;
    }
    if (have == nullptr) {
      changed = true;
      if (options_.dry_run) continue;
      v1::AddCorrespondentRequest add;
      add.set_administration_id(want.id());
      *add.mutable_correspondent() = c;
      v1::AddCorrespondentResponse response;
      if (auto f =
              Write(stub, &v1::AdministrationService::Stub::AddCorrespondent,
                    add, current.version(), "add correspondent", &response)) {
        return *f;
      }
      current = response.administration();
      if (!c.active()) {
        if (auto f = SetActive(want.id(), c.id(), false, &current)) return *f;
      }
      continue;
    }
    // The fields of the columns the file has, where they differ.
    v1::UpdateCorrespondentRequest update_c;
    update_c.set_administration_id(want.id());
    *update_c.mutable_correspondent() = c;
    auto& mask = *update_c.mutable_update_mask();
    if (r.Has(c.id(), "correspondent_name") && have->name() != c.name()) {
      mask.add_paths("name");
    }
    if (r.Has(c.id(), "email") && have->email() != c.email()) {
      mask.add_paths("email");
    }
    if (r.Has(c.id(), "language") && have->language() != c.language()) {
      mask.add_paths("language");
    }
    if (r.Has(c.id(), "active") && have->active() != c.active()) {
      mask.add_paths("active");
    }
    if (mask.paths().empty()) continue;
    changed = true;
    if (options_.dry_run) continue;
    v1::UpdateCorrespondentResponse response;
    if (auto f = Write(
            stub, &v1::AdministrationService::Stub::UpdateCorrespondent,
            update_c, current.version(), "update correspondent", &response)) {
      return *f;
    }
    current = response.administration();
  }
  return changed ? Outcome::kUpdated : Outcome::kUnchanged;
}

}  // namespace transpo::clients
