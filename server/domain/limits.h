// Bounds on what one resource may hold. They keep every resource small enough
// to travel in one gRPC response (a default client accepts 4 MiB; the largest
// dossier these bounds allow is under 1 MiB) and every event in one record.
// A command that would cross one is InvalidArgument naming the field.
//
// Thread-safety: constants.

#ifndef TRANSPO_SERVER_DOMAIN_LIMITS_H_
#define TRANSPO_SERVER_DOMAIN_LIMITS_H_

#include <cstddef>

namespace transpo::domain {

// A title, a reason, a description, a reference: bytes of UTF-8.
inline constexpr size_t kMaxTextBytes = 2000;
// A name (administration, person, minister, policy area) or a list item.
inline constexpr size_t kMaxNameBytes = 200;
// Transposition deadlines of one directive.
inline constexpr size_t kMaxDeadlines = 20;
// Involved administrations of one dossier.
inline constexpr size_t kMaxAdministrations = 20;
// Correspondents, and experts, of one dossier.
inline constexpr size_t kMaxPeople = 50;
// A measure's id.
inline constexpr size_t kMaxMeasureIdBytes = 64;
// Measures of one dossier.
inline constexpr size_t kMaxMeasures = 50;
// Deadlines or articles one measure covers.
inline constexpr size_t kMaxCovers = 50;
// Directives one procedure or court case concerns.
inline constexpr size_t kMaxDirectivesConcerned = 50;
// Procedures concerning one directive (their reply dates are deadlines of
// its dossier).
inline constexpr size_t kMaxProceduresPerDirective = 20;
// Stages of one procedure (additional letters and opinions may repeat).
inline constexpr size_t kMaxStages = 30;
// Deadlines of one court case.
inline constexpr size_t kMaxCourtDeadlines = 100;
// Correspondents of one administration.
inline constexpr size_t kMaxCorrespondents = 100;
// An e-mail address (RFC 5321's limit on a path).
inline constexpr size_t kMaxEmailBytes = 254;

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_LIMITS_H_
