#include "server/api/alert_convert.h"

#include "absl/strings/str_format.h"
#include "server/api/enum_convert.h"
#include "server/app/proto_time.h"
#include "server/domain/calendar.h"

namespace transpo::api {
namespace {

void SetTime(absl::Time t, google::protobuf::Timestamp& out) {
  if (t != absl::InfinitePast()) app::ToProtoTime(t, out);
}

}  // namespace

v1::Alert ToProtoRaised(const domain::DeadlineRef& deadline,
                        const domain::AlertNotice& notice) {
  v1::Alert out;
  out.set_id(domain::AlertId(domain::KeyOf(deadline, notice.rule_id)));
  out.set_subject(deadline.subject);
  out.set_deadline_kind(ToProto(deadline.kind));
  out.set_deadline_date(domain::FormatDate(deadline.date));
  out.set_deadline_description(notice.deadline_description);
  out.set_rule_id(notice.rule_id);
  out.set_severity(ToProto(notice.severity));
  out.set_day(domain::FormatDate(notice.day));
  out.set_days_before(notice.days_before);
  out.set_celex(notice.celex);
  out.set_title(notice.title);
  v1::AlertAudience* audience = out.mutable_audience();
  for (const auto& a : notice.audience.administrations) {
    audience->add_administrations(a);
  }
  for (const auto& c : notice.audience.correspondents) {
    audience->add_correspondents(c);
  }
  audience->set_coordinator(notice.audience.coordinator);
  out.set_status(v1::ALERT_STATUS_FIRING);
  return out;
}

v1::Alert ToProtoAlert(const domain::DeadlineAlertsState& state) {
  v1::Alert out = ToProtoRaised(state.deadline, state.current);
  out.set_status(ToProto(state.status));
  SetTime(state.raised_at, *out.mutable_raise_time());
  SetTime(state.notified_at, *out.mutable_notify_time());
  out.set_notifications(state.notifications);
  out.set_acknowledged_by(state.acknowledged.actor);
  SetTime(state.acknowledged.time, *out.mutable_acknowledge_time());
  out.set_comment(state.comment);
  out.set_resolution(state.resolution);
  out.set_version(state.version);
  return out;
}

v1::AlertPolicy ToProto(const domain::AlertPolicy& policy,
                        const absl::TimeZone& zone) {
  v1::AlertPolicy out;
  for (const domain::AlertRule& r : policy.rules) {
    v1::AlertRule* rule = out.add_rules();
    rule->set_id(r.id);
    rule->set_kind(ToProto(r.kind));
    rule->set_days_before(r.days_before);
    rule->set_severity(ToProto(r.severity));
    rule->mutable_repeat()->set_seconds(absl::ToInt64Seconds(r.repeat));
    rule->set_time_of_day(absl::StrFormat("%02d:%02d", r.minute_of_day / 60,
                                          r.minute_of_day % 60));
  }
  out.set_coordinator_from(ToProto(policy.coordinator_from));
  out.set_time_zone(zone.name());
  return out;
}

}  // namespace transpo::api
