#include "clients/import/records.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "clients/csv.h"
#include "clients/enum_names.h"

namespace transpo::clients {
namespace {

using google::protobuf::util::JsonStringToMessage;
using google::protobuf::util::MessageToJsonString;

constexpr const char* kDossierColumns[] = {"celex",
                                           "short_title",
                                           "deadline",
                                           "other_deadlines",
                                           "policy_area",
                                           "confidence",
                                           "title",
                                           "oj_reference",
                                           "adoption_date",
                                           "competence",
                                           "status",
                                           "status_reason",
                                           "lead_administration",
                                           "involved_administrations",
                                           "correspondents",
                                           "experts",
                                           "responsible_minister",
                                           "expected_completion_date",
                                           "delay_cause",
                                           "milestones",
                                           "measures",
                                           "procedures"};

constexpr const char* kAdministrationColumns[] = {
    "administration",     "name_nl", "name_fr",  "correspondent",
    "correspondent_name", "email",   "language", "active"};

bool IsDate(absl::string_view text) {
  absl::CivilDay day;
  return text.size() == 10 && absl::ParseCivilTime(text, &day);
}

// The items of a list cell, separated by ';' ("\;" is a ';' in an item,
// "\\" a backslash).
std::vector<std::string> SplitList(absl::string_view cell) {
  std::vector<std::string> items;
  std::string item;
  auto flush = [&] {
    absl::string_view trimmed = absl::StripAsciiWhitespace(item);
    if (!trimmed.empty()) items.emplace_back(trimmed);
    item.clear();
  };
  for (size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '\\' && i + 1 < cell.size()) {
      item.push_back(cell[++i]);
    } else if (cell[i] == ';') {
      flush();
    } else {
      item.push_back(cell[i]);
    }
  }
  flush();
  return items;
}

// The inverse of SplitList.
template <typename Items>
std::string JoinList(const Items& items) {
  return absl::StrJoin(
      items, "; ", [](std::string* out, const std::string& item) {
        out->append(absl::StrReplaceAll(item, {{"\\", "\\\\"}, {";", "\\;"}}));
      });
}

// "YYYY-MM-DD" or "YYYY-MM-DD scope".
bool ParseDeadline(absl::string_view text, v1::TranspositionDeadline* out) {
  std::pair<std::string, std::string> parts =
      absl::StrSplit(absl::StripAsciiWhitespace(text), absl::MaxSplits(' ', 1));
  if (!IsDate(parts.first)) return false;
  out->set_date(parts.first);
  out->set_scope(std::string(absl::StripAsciiWhitespace(parts.second)));
  return true;
}

std::string FormatDeadline(const v1::TranspositionDeadline& deadline) {
  return deadline.scope().empty()
             ? deadline.date()
             : absl::StrCat(deadline.date(), " ", deadline.scope());
}

// Reads a JSON array cell into the repeated field `field` of `message`.
bool ParseJsonCell(absl::string_view cell, absl::string_view field,
                   google::protobuf::Message* message, std::string* error) {
  const auto status = JsonStringToMessage(
      absl::StrCat("{\"", field, "\":", cell, "}"), message);
  if (!status.ok()) *error = std::string(status.message());
  return status.ok();
}

// The JSON array of `field` in `message` ("[]" when empty).
std::string JsonCell(const google::protobuf::Message& message,
                     absl::string_view field) {
  std::string json;
  (void)MessageToJsonString(message, &json);
  absl::string_view text = json;
  if (!absl::ConsumePrefix(&text, absl::StrCat("{\"", field, "\":")) ||
      !absl::ConsumeSuffix(&text, "}")) {
    return "";
  }
  return std::string(text);
}

class DossierRow {
 public:
  DossierRow(const CsvRow& row, const std::vector<std::string>& header)
      : row_(row), header_(header) {}

  // Adds the row's dossier record and the procedure records of its
  // "procedures" cell to `out`; false after adding the row's errors instead.
  bool Read(std::vector<SourceRecord>& out, std::vector<RowError>& errors);

 private:
  const std::string* Cell(absl::string_view column) const {
    for (size_t i = 0; i < header_.size() && i < row_.cells.size(); ++i) {
      if (header_[i] == column) return &row_.cells[i];
    }
    return nullptr;
  }
  void Error(std::vector<RowError>& errors, std::string column,
             std::string value, std::string reason) const {
    errors.push_back(
        {row_.line, std::move(column), std::move(value), std::move(reason)});
  }
  bool Date(std::vector<RowError>& errors, const char* column,
            std::string* out) const {
    const std::string* cell = Cell(column);
    if (cell == nullptr || cell->empty()) return true;
    const std::string value(absl::StripAsciiWhitespace(*cell));
    if (!IsDate(value)) {
      Error(errors, column, value, "want a date, YYYY-MM-DD");
      return false;
    }
    *out = value;
    return true;
  }

  const CsvRow& row_;
  const std::vector<std::string>& header_;
};

bool DossierRow::Read(std::vector<SourceRecord>& records,
                      std::vector<RowError>& errors) {
  const size_t errors_before = errors.size();
  if (row_.cells.size() != header_.size()) {
    Error(errors, "", "",
          absl::StrCat(row_.cells.size(), " cells, the header has ",
                       header_.size()));
    return false;
  }
  SourceRecord out;
  out.line = row_.line;
  out.columns.insert(header_.begin(), header_.end());
  std::vector<SourceRecord> procedure_records;
  v1::DossierRecord& r = *out.record.mutable_dossier();
  v1::Directive& d = *r.mutable_directive();
  v1::Dossier& dossier = *r.mutable_dossier();
  auto text = [&](const char* column) {
    const std::string* cell = Cell(column);
    return cell == nullptr ? std::string()
                           : std::string(absl::StripAsciiWhitespace(*cell));
  };
  d.set_celex(text("celex"));
  dossier.set_celex(d.celex());
  if (d.celex().empty()) Error(errors, "celex", "", "required");
  d.set_short_title(text("short_title"));
  d.set_title(text("title"));
  d.set_oj_reference(text("oj_reference"));
  (void)Date(errors, "adoption_date", d.mutable_adoption_date());
  d.set_policy_area(text("policy_area"));
  // Deadlines: the first, then "DATE scope; DATE scope".
  if (out.Has("deadline")) {
    const std::string first = text("deadline");
    if (!ParseDeadline(first, d.add_deadlines())) {
      Error(errors, "deadline", first,
            "want a date, YYYY-MM-DD (and its scope, if any)");
    }
  }
  for (const std::string& item : SplitList(text("other_deadlines"))) {
    if (!ParseDeadline(item, d.add_deadlines())) {
      Error(errors, "other_deadlines", item, "want \"YYYY-MM-DD scope\"");
    }
  }
  // An empty status or competence leaves the server's as it is.
  d.set_competence(v1::COMPETENCE_TO_BE_DETERMINED);
  if (text("competence").empty()) out.columns.erase("competence");
  if (text("status").empty()) out.columns.erase("status");
  if (const std::string c = text("competence"); !c.empty()) {
    if (auto competence = ParseEnumName(v1::Competence_descriptor(), c)) {
      d.set_competence(static_cast<v1::Competence>(*competence));
    } else {
      Error(errors, "competence", c,
            absl::StrCat("want ", EnumValues(v1::Competence_descriptor())));
    }
  }
  dossier.set_status(v1::DOSSIER_STATUS_REGISTERED);
  if (const std::string s = text("status"); !s.empty()) {
    if (auto status = ParseEnumName(v1::DossierStatus_descriptor(), s)) {
      dossier.set_status(static_cast<v1::DossierStatus>(*status));
    } else {
      Error(errors, "status", s,
            absl::StrCat("want ", EnumValues(v1::DossierStatus_descriptor())));
    }
  }
  dossier.set_status_reason(text("status_reason"));
  dossier.set_lead_administration(text("lead_administration"));
  for (const std::string& item : SplitList(text("involved_administrations"))) {
    dossier.add_involved_administrations(item);
  }
  for (const std::string& item : SplitList(text("correspondents"))) {
    dossier.add_correspondents(item);
  }
  for (const std::string& item : SplitList(text("experts"))) {
    dossier.add_experts(item);
  }
  dossier.set_responsible_minister(text("responsible_minister"));
  (void)Date(errors, "expected_completion_date",
             dossier.mutable_expected_completion_date());
  dossier.set_delay_cause(text("delay_cause"));
  std::string error;
  for (const char* column : {"milestones", "measures"}) {
    const std::string cell = text(column);
    v1::Dossier parsed;  // parsing replaces the whole message
    if (cell.empty()) continue;
    if (!ParseJsonCell(cell, column, &parsed, &error)) {
      Error(errors, column, cell.substr(0, 64),
            absl::StrCat("want a JSON array: ", error));
    } else if (std::string(column) == "milestones") {
      *dossier.mutable_milestones() = parsed.milestones();
    } else {
      *dossier.mutable_measures() = parsed.measures();
    }
  }
  if (const std::string cell = text("procedures"); !cell.empty()) {
    v1::ListProceduresResponse procedures;
    if (!ParseJsonCell(cell, "procedures", &procedures, &error)) {
      Error(errors, "procedures", cell.substr(0, 64),
            absl::StrCat("want a JSON array: ", error));
    } else {
      for (v1::InfringementProcedure& p : *procedures.mutable_procedures()) {
        SourceRecord& procedure = procedure_records.emplace_back();
        procedure.line = row_.line;
        *procedure.record.mutable_procedure() = std::move(p);
      }
    }
  }
  if (errors.size() != errors_before) return false;
  records.push_back(std::move(out));
  for (SourceRecord& p : procedure_records) records.push_back(std::move(p));
  return true;
}

// Administrations CSV rows, grouped by administration (first row's line).
void ReadAdministrations(const std::vector<CsvRow>& rows,
                         const std::vector<std::string>& header,
                         ParsedFile& file) {
  std::map<std::string, size_t> index;  // id -> position in file.records
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    auto cell = [&](absl::string_view column) {
      for (size_t i = 0; i < header.size() && i < row.cells.size(); ++i) {
        if (header[i] == column) {
          return std::string(absl::StripAsciiWhitespace(row.cells[i]));
        }
      }
      return std::string();
    };
    auto error = [&](std::string column, std::string value,
                     std::string reason) {
      file.errors.push_back(
          {row.line, std::move(column), std::move(value), std::move(reason)});
    };
    if (row.cells.size() != header.size()) {
      error("", "",
            absl::StrCat(row.cells.size(), " cells, the header has ",
                         header.size()));
      continue;
    }
    const std::string id = cell("administration");
    if (id.empty()) {
      error("administration", "", "required");
      continue;
    }
    v1::Correspondent c;
    c.set_id(cell("correspondent"));
    c.set_name(cell("correspondent_name"));
    c.set_email(cell("email"));
    c.set_active(true);
    if (const std::string language = cell("language"); !language.empty()) {
      auto value = ParseEnumName(v1::Language_descriptor(), language);
      if (!value) {
        error("language", language, "want nl or fr");
        continue;
      }
      c.set_language(static_cast<v1::Language>(*value));
    }
    if (const std::string active = cell("active"); !active.empty()) {
      if (active != "true" && active != "false") {
        error("active", active, "want true or false");
        continue;
      }
      c.set_active(active == "true");
    }
    auto [it, added] = index.emplace(id, file.records.size());
    if (added) {
      SourceRecord& record = file.records.emplace_back();
      record.line = row.line;
      record.columns.insert(header.begin(), header.end());
      v1::Administration& a = *record.record.mutable_administration();
      a.set_id(id);
      a.set_name_nl(cell("name_nl"));
      a.set_name_fr(cell("name_fr"));
      // Empty names are left as they are.
      for (const char* column : {"name_nl", "name_fr"}) {
        if (cell(column).empty()) record.columns.erase(column);
      }
    }
    if (!c.id().empty()) {
      SourceRecord& record = file.records[it->second];
      for (const char* column :
           {"correspondent_name", "email", "language", "active"}) {
        if (cell(column).empty()) record.empty_cells[c.id()].insert(column);
      }
      *record.record.mutable_administration()->add_correspondents() =
          std::move(c);
    }
  }
}

// The header's columns, checked against the format's.
absl::Status CheckHeader(const CsvRow& header,
                         absl::Span<const char* const> known,
                         absl::Span<const char* const> required) {
  for (const std::string& column : header.cells) {
    if (std::find(known.begin(), known.end(), column) == known.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", header.line, ": unknown column \"", column,
          "\" (the columns are ", absl::StrJoin(known, ", "), ")"));
    }
  }
  for (const char* column : required) {
    if (std::find(header.cells.begin(), header.cells.end(), column) ==
        header.cells.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", header.line, ": the header has no column \"", column, "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string RowError::ToString() const {
  std::string text = absl::StrCat("line ", line);
  if (!column.empty()) absl::StrAppend(&text, ", column ", column);
  if (!value.empty()) absl::StrAppend(&text, ", \"", value, "\"");
  absl::StrAppend(&text, ": ", reason);
  return text;
}

absl::StatusOr<ParsedFile> ParseRecords(absl::string_view text) {
  ParsedFile file;
  absl::ConsumePrefix(&text, "\xEF\xBB\xBF");  // a UTF-8 byte-order mark
  // The first line that is not a comment or blank tells the format.
  size_t start = 0;
  while (start < text.size() &&
         (text[start] == '#' || text[start] == '\n' || text[start] == '\r')) {
    const size_t end = text.find('\n', start);
    start = end == absl::string_view::npos ? text.size() : end + 1;
  }
  if (start >= text.size()) {
    file.format = "empty file";  // e.g. the export of an empty server
    return file;
  }
  if (text[start] == '{') {
    file.format = "JSON lines";
    int n = 0;
    for (absl::string_view row : absl::StrSplit(text, '\n')) {
      ++n;
      row = absl::StripAsciiWhitespace(row);
      if (row.empty() || row[0] == '#') continue;
      SourceRecord record;
      record.line = n;
      const auto status = JsonStringToMessage(std::string(row), &record.record);
      if (!status.ok()) {
        file.errors.push_back({n, "", std::string(row.substr(0, 64)),
                               std::string(status.message().as_string())});
      } else if (record.record.record_case() ==
                 v1::ExportRecord::RECORD_NOT_SET) {
        file.errors.push_back({n, "", std::string(row.substr(0, 64)),
                               "want one of administration, dossier, "
                               "procedure, courtCase"});
      } else {
        file.records.push_back(std::move(record));
      }
    }
    return file;
  }
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(text);
  if (!rows.ok()) return rows.status();
  std::vector<std::string> header;
  for (const std::string& cell : rows->front().cells) {
    header.emplace_back(absl::StripAsciiWhitespace(cell));
  }
  CsvRow header_row{rows->front().line, header};
  if (!header.empty() && header.front() == "administration") {
    file.format = "administrations CSV";
    absl::Status valid =
        CheckHeader(header_row, kAdministrationColumns, {"administration"});
    if (!valid.ok()) return valid;
    ReadAdministrations(*rows, header, file);
    return file;
  }
  file.format = "dossiers CSV";
  absl::Status valid = CheckHeader(header_row, kDossierColumns,
                                   {"celex", "short_title", "deadline"});
  if (!valid.ok()) return valid;
  for (size_t r = 1; r < rows->size(); ++r) {
    (void)DossierRow((*rows)[r], header).Read(file.records, file.errors);
  }
  return file;
}

std::string WriteDossiersCsv(const std::vector<v1::ExportRecord>& records) {
  std::multimap<std::string, const v1::InfringementProcedure*> by_celex;
  for (const v1::ExportRecord& r : records) {
    if (!r.has_procedure()) continue;
    for (const std::string& celex : r.procedure().celex()) {
      by_celex.emplace(celex, &r.procedure());
    }
  }
  std::string out = FormatCsvRow(std::vector<std::string>(
      std::begin(kDossierColumns), std::end(kDossierColumns)));
  for (const v1::ExportRecord& r : records) {
    if (!r.has_dossier()) continue;
    const v1::Directive& d = r.dossier().directive();
    const v1::Dossier& dossier = r.dossier().dossier();
    std::vector<std::string> others;
    for (int i = 1; i < d.deadlines_size(); ++i) {
      others.push_back(FormatDeadline(d.deadlines(i)));
    }
    v1::Dossier milestones;
    *milestones.mutable_milestones() = dossier.milestones();
    v1::Dossier measures;
    *measures.mutable_measures() = dossier.measures();
    v1::ListProceduresResponse procedures;
    auto [begin, end] = by_celex.equal_range(d.celex());
    for (auto it = begin; it != end; ++it) {
      *procedures.add_procedures() = *it->second;
      procedures.mutable_procedures()->rbegin()->clear_deadlines();
      procedures.mutable_procedures()->rbegin()->clear_version();
      procedures.mutable_procedures()->rbegin()->clear_audit();
    }
    out += FormatCsvRow({
        d.celex(),
        d.short_title(),
        d.deadlines().empty() ? "" : FormatDeadline(d.deadlines(0)),
        JoinList(others),
        d.policy_area(),
        "",
        d.title(),
        d.oj_reference(),
        d.adoption_date(),
        ShortName(d.competence()),
        ShortName(dossier.status()),
        dossier.status_reason(),
        dossier.lead_administration(),
        JoinList(dossier.involved_administrations()),
        JoinList(dossier.correspondents()),
        JoinList(dossier.experts()),
        dossier.responsible_minister(),
        dossier.expected_completion_date(),
        dossier.delay_cause(),
        dossier.milestones().empty() ? "" : JsonCell(milestones, "milestones"),
        dossier.measures().empty() ? "" : JsonCell(measures, "measures"),
        procedures.procedures().empty() ? ""
                                        : JsonCell(procedures, "procedures"),
    });
  }
  return out;
}

std::string WriteAdministrationsCsv(
    const std::vector<v1::ExportRecord>& records) {
  std::string out = FormatCsvRow(std::vector<std::string>(
      std::begin(kAdministrationColumns), std::end(kAdministrationColumns)));
  for (const v1::ExportRecord& r : records) {
    if (!r.has_administration()) continue;
    const v1::Administration& a = r.administration();
    if (a.correspondents().empty()) {
      out +=
          FormatCsvRow({a.id(), a.name_nl(), a.name_fr(), "", "", "", "", ""});
    }
    for (const v1::Correspondent& c : a.correspondents()) {
      out += FormatCsvRow({a.id(), a.name_nl(), a.name_fr(), c.id(), c.name(),
                           c.email(), ShortName(c.language()),
                           c.active() ? "true" : "false"});
    }
  }
  return out;
}

std::string WriteJsonLines(const std::vector<v1::ExportRecord>& records) {
  std::string out;
  for (const v1::ExportRecord& r : records) {
    std::string json;
    (void)MessageToJsonString(r, &json);
    absl::StrAppend(&out, json, "\n");
  }
  return out;
}

}  // namespace transpo::clients
