#include "server/api/values_convert.h"

#include "absl/strings/str_cat.h"
#include "server/app/proto_time.h"
#include "server/domain/calendar.h"
#include "server/domain/field_error.h"

namespace transpo::api {

absl::StatusOr<std::optional<absl::CivilDay>> FromProtoDate(
    absl::string_view field, const std::string& text) {
  if (text.empty()) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = domain::ParseDate(field, text);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

absl::StatusOr<absl::CivilDay> FromProtoRequiredDate(absl::string_view field,
                                                     const std::string& text) {
  if (text.empty()) return domain::FieldError(field, "required (YYYY-MM-DD)");
  return domain::ParseDate(field, text);
}

std::string ToProtoDate(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? domain::FormatDate(*day) : "";
}

absl::StatusOr<std::set<std::string>> FromProtoMask(
    const google::protobuf::FieldMask& mask) {
  if (mask.paths().empty()) {
    return domain::FieldError("update_mask", "names no field to update");
  }
  absl::Status size =
      CheckRequestList("update_mask.paths", mask.paths_size(), kMaxMaskPaths);
  if (!size.ok()) return size;
  return std::set<std::string>(mask.paths().begin(), mask.paths().end());
}

absl::Status CheckRequestList(absl::string_view field, int size,
                              int max_items) {
  if (size > max_items) {
    return domain::FieldError(
        field, absl::StrCat(size, " items, at most ", max_items));
  }
  return absl::OkStatus();
}

void ToProtoAudit(const domain::Change& created, const domain::Change& changed,
                  v1::Audit& out) {
  if (created.time != absl::InfinitePast()) {
    app::ToProtoTime(created.time, *out.mutable_create_time());
  }
  if (changed.time != absl::InfinitePast()) {
    app::ToProtoTime(changed.time, *out.mutable_update_time());
  }
  out.set_updated_by(changed.actor);
}

}  // namespace transpo::api
