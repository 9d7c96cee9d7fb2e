// absl::Time to and from google.protobuf.Timestamp and Duration, exact to
// the nanosecond, negative times included. For the stored rows and the API.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_APP_PROTO_TIME_H_
#define TRANSPO_SERVER_APP_PROTO_TIME_H_

#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace transpo::app {

inline void ToProtoTime(absl::Time t, google::protobuf::Timestamp& out) {
  const absl::Duration since_epoch = t - absl::UnixEpoch();
  const int64_t seconds =
      absl::ToInt64Seconds(absl::Floor(since_epoch, absl::Seconds(1)));
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(since_epoch - absl::Seconds(seconds))));
}

inline absl::Time FromProtoTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

inline absl::Duration FromProtoDuration(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

}  // namespace transpo::app

#endif  // TRANSPO_SERVER_APP_PROTO_TIME_H_
