// transpoctl import FILE and transpoctl export [FILE].

#include <google/protobuf/struct.pb.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clients/ctl/command.h"
#include "clients/import/exporter.h"
#include "clients/import/importer.h"
#include "clients/import/records.h"

namespace transpo::ctl {
namespace {

struct ImportFlags {
  std::string file;
  bool dry_run = false;
  bool atomic = false;
  bool verbose = false;
};

// "[=========>          ]  23/52" on one line of a terminal.
void ShowProgress(std::ostream& err, int done, int total) {
  constexpr int kWidth = 30;
  const int filled = total > 0 ? done * kWidth / total : kWidth;
  err << "\r[" << std::string(filled, '=') << std::string(kWidth - filled, ' ')
      << "] " << done << "/" << total << (done == total ? "\n" : "")
      << std::flush;
}

google::protobuf::Value Number(int n) {
  google::protobuf::Value v;
  v.set_number_value(n);
  return v;
}

google::protobuf::Value Text(const std::string& text) {
  google::protobuf::Value v;
  v.set_string_value(text);
  return v;
}

int Import(Session& s, const ImportFlags& f) {
  std::ifstream in(f.file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    return s.Fail(kUsage,
                  absl::StrCat("import \"", f.file, "\": cannot be read"));
  }
  absl::StatusOr<clients::ParsedFile> file = clients::ParseRecords(text.str());
  if (!file.ok()) {
    return s.Fail(kOther, absl::StrCat(f.file, ": ", file.status().message()));
  }
  std::shared_ptr<grpc::Channel> channel = s.Channel();
  if (channel == nullptr) return kUsage;
  clients::ImportOptions options;
  options.dry_run = f.dry_run;
  options.atomic = f.atomic;
  options.actor = s.actor();
  options.timeout = s.timeout();
  const bool bar = !f.verbose && isatty(STDERR_FILENO) != 0;
  bool bar_open = false;  // a bar line not ended yet
  if (bar) {
    options.progress = [&s, &bar_open](int done, int total) {
      ShowProgress(s.err(), done, total);
      bar_open = done < total;
    };
  }
  if (f.verbose) {
    options.record_done = [&s](const std::string& what, const std::string& id) {
      s.out() << what << " " << id << "\n" << std::flush;
    };
  }
  clients::Importer importer(channel, options);
  clients::ImportSummary summary = importer.Run(*file);
  if (bar_open) s.err() << "\n";
  for (const clients::RowError& e : summary.errors) {
    s.err() << "Error: " << e.ToString() << "\n";
  }
  const int records = summary.created + summary.updated + summary.unchanged +
                      (summary.refused ? 0 : summary.failed);
  if (s.format() != Format::kTable) {
    google::protobuf::Struct out;
    auto& fields = *out.mutable_fields();
    fields["format"] = Text(file->format);
    fields["created"] = Number(summary.created);
    fields["updated"] = Number(summary.updated);
    fields["unchanged"] = Number(summary.unchanged);
    fields["failed"] = Number(summary.failed);
    fields["dryRun"].set_bool_value(f.dry_run);
    fields["refused"].set_bool_value(summary.refused);
    for (const clients::RowError& e : summary.errors) {
      google::protobuf::Struct error;
      (*error.mutable_fields())["line"] = Number(e.line);
      (*error.mutable_fields())["column"] = Text(e.column);
      (*error.mutable_fields())["value"] = Text(e.value);
      (*error.mutable_fields())["reason"] = Text(e.reason);
      *fields["errors"]
           .mutable_list_value()
           ->add_values()
           ->mutable_struct_value() = std::move(error);
    }
    // JSON is also YAML.
    s.out() << ToJson(out) << "\n";
  } else if (summary.refused) {
    s.out() << f.file << " (" << file->format << "): refused (--atomic), "
            << summary.errors.size() << " errors; nothing written\n";
  } else {
    s.out() << f.file << " (" << file->format << "): " << records
            << " records: " << summary.created << " created, "
            << summary.updated << " updated, " << summary.unchanged
            << " unchanged, " << summary.failed << " failed"
            << (f.dry_run ? " (dry run: nothing written)" : "") << "\n";
  }
  if (summary.unreachable) {
    s.err() << "  the server (--server, TRANSPO_SERVER) did not answer: the "
               "import stopped; run it again to finish it\n";
    return kUnreachable;
  }
  return summary.failed == 0 ? kOk : kOther;
}

struct ExportFlags {
  std::string file;
  std::string format;
  std::string what = "dossiers";
};

int Export(Session& s, const ExportFlags& f) {
  std::string format = f.format;
  if (format.empty()) {
    format = absl::EndsWith(f.file, ".csv") ? "csv" : "json";
  }
  if (format != "csv" && format != "json") {
    return s.Fail(kUsage,
                  absl::StrCat("--format \"", format, "\": want json or csv"));
  }
  if (f.what != "dossiers" && f.what != "administrations") {
    return s.Fail(kUsage, absl::StrCat("--what \"", f.what,
                                       "\": want dossiers or administrations"));
  }
  std::shared_ptr<grpc::Channel> channel = s.Channel();
  if (channel == nullptr) return kUsage;
  clients::ExportOptions options;
  options.as_of = s.as_of();
  options.timeout = s.timeout();
  absl::StatusOr<std::vector<v1::ExportRecord>> records =
      clients::ExportAll(channel, options);
  if (!records.ok()) {
    const auto code = static_cast<grpc::StatusCode>(records.status().code());
    return s.Fail(grpc::Status(code, std::string(records.status().message())));
  }
  const std::string text =
      format == "json"
          ? clients::WriteJsonLines(*records)
          : (f.what == "dossiers" ? clients::WriteDossiersCsv(*records)
                                  : clients::WriteAdministrationsCsv(*records));
  // What the file holds: every record, or the CSV's kind of rows.
  const auto written = std::count_if(
      records->begin(), records->end(), [&](const v1::ExportRecord& r) {
        return format == "json" ||
               (f.what == "dossiers" ? r.has_dossier()
                                     : r.has_administration());
      });
  if (f.file.empty() || f.file == "-") {
    s.out() << text;
    return kOk;
  }
  // A complete file or none: written aside, then renamed over.
  const std::string partial = f.file + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      return s.Fail(
          kOther, absl::StrCat("export \"", partial, "\": cannot be written"));
    }
  }
  if (std::rename(partial.c_str(), f.file.c_str()) != 0) {
    return s.Fail(kOther,
                  absl::StrCat("export \"", f.file, "\": cannot be renamed"));
  }
  s.err() << "exported " << written << " records to " << f.file << "\n";
  return kOk;
}

}  // namespace

void AddImportExportCommands(CLI::App& app, Run& run) {
  Session& s = run.session;
  auto imp = std::make_shared<ImportFlags>();
  CLI::App* import_command = AddCommand(
      app, "import",
      "Import directives, dossiers, administrations, procedures from CSV or "
      "JSON lines (docs/import-format.md); what is already there is left "
      "as it is",
      "  transpoctl import deploy/demo/administrations.csv\n"
      "  transpoctl import deploy/demo/dossiers.csv --dry-run\n"
      "  transpoctl import backup.jsonl --atomic");
  import_command->add_option("file", imp->file, "The file to import")
      ->required();
  import_command->add_flag("--dry-run", imp->dry_run,
                           "Report what would change; write nothing");
  import_command->add_flag(
      "--atomic", imp->atomic,
      "Check the whole file first and write nothing if a row is "
      "wrong; stop at the first row the server refuses");
  import_command->add_flag("-v,--verbose", imp->verbose,
                           "Print each record's outcome as it is imported");
  import_command->callback(
      [&run, &s, imp] { run.exit_code = Import(s, *imp); });

  auto exp = std::make_shared<ExportFlags>();
  CLI::App* export_command = AddCommand(
      app, "export",
      "Export the state: JSON lines (everything) or CSV (dossiers or "
      "administrations), which import reads back",
      "  transpoctl export backup.jsonl\n"
      "  transpoctl export dossiers.csv\n"
      "  transpoctl export administrations.csv --what administrations\n"
      "  transpoctl export --format csv --as-of 2025-12-31 > end-2025.csv");
  export_command->add_option("file", exp->file,
                             "Where to write (default: standard output)");
  export_command->add_option("--format", exp->format,
                             "json or csv (default: from the file's "
                             "extension, else json)");
  export_command
      ->add_option("--what", exp->what, "For CSV: dossiers or administrations")
      ->capture_default_str();
  export_command->callback(
      [&run, &s, exp] { run.exit_code = Export(s, *exp); });
}

}  // namespace transpo::ctl
