// The words of the reports, one table per language (labels_nl.cc,
// labels_fr.cc, labels_en.cc) with the same keys in each: no text of a
// report is written anywhere else. Brussels is bilingual: Dutch and French
// are first-class, English is for the Commission and colleagues.
//
// Thread-safety: the tables are constants; a Labels is immutable.
//
// Example:
//   Labels labels(Language::kFrench);
//   labels.Get("figures.overdue");  // "En retard"

#ifndef TRANSPO_SERVER_REPORT_LABELS_H_
#define TRANSPO_SERVER_REPORT_LABELS_H_

#include <span>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "server/domain/court_case.h"
#include "server/domain/dossier.h"
#include "server/domain/procedure.h"

namespace transpo::report {

enum class Language { kDutch, kFrench, kEnglish };

// "nl", "fr", "en": the HTML lang attribute and the file names.
const char* LanguageCode(Language language);

struct Label {
  absl::string_view key;
  absl::string_view text;
};

// The table of one language.
std::span<const Label> DutchLabels();
std::span<const Label> FrenchLabels();
std::span<const Label> EnglishLabels();
std::span<const Label> LabelTable(Language language);

class Labels {
 public:
  explicit Labels(Language language);

  // The text of `key`. A key missing from the table is a bug (the tests
  // check every table has every key): it shows as "[key]".
  std::string Get(absl::string_view key) const;

  std::string Status(domain::DossierStatus status) const;
  std::string Stage(domain::StageKind kind) const;
  std::string Type(domain::ProcedureType type) const;
  std::string CourtCaseKind(domain::CourtCaseKind kind) const;
  // The short name of a month, 1 to 12.
  std::string Month(int month) const;

  Language language() const { return language_; }

 private:
  Language language_;
  absl::flat_hash_map<absl::string_view, absl::string_view> texts_;
};

}  // namespace transpo::report

#endif  // TRANSPO_SERVER_REPORT_LABELS_H_
