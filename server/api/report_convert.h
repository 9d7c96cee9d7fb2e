// The note's content (domain/note.h) as transpo.v1 messages.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_API_REPORT_CONVERT_H_
#define TRANSPO_SERVER_API_REPORT_CONVERT_H_

#include "server/domain/note.h"
#include "transpo/v1/reports.pb.h"

namespace transpo::api {

v1::Note ToProtoNote(const domain::Note& note);

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_REPORT_CONVERT_H_
