// transpoctl: the Euro-coordinator's command line for transpod.
//
//   transpoctl [global flags] RESOURCE VERB [ID] [flags]
//
// See `transpoctl --help` and the README's walkthrough.

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ctl/command.h"
#include "clients/ctl/completion.h"
#include "clients/ctl/session.h"
#include "clients/ctl/version.h"

namespace {

using transpo::ctl::GlobalOptions;

constexpr char kDescription[] =
    "transpoctl: the Euro-coordinator's command line for transpod, which "
    "follows the transposition of EU directives and infringement "
    "procedures in the Brussels-Capital Region.";

constexpr char kFooter[] = R"(
Examples:
  transpoctl dossier list --overdue
  transpoctl dossier list --due-within 60d --administration be
  transpoctl dossier show 32019L1937 -o json | jq .dossier.status
  transpoctl import deploy/demo/dossiers.csv --dry-run

Exit codes: 0 ok, 1 other error, 2 usage, 3 not found, 4 conflict (already
exists, failed precondition, version conflict), 5 server unreachable or
deadline exceeded.

Colour only on a terminal, never with NO_COLOR set.)";

// The commands --as-of applies to (reads of the state), and those
// --request-id and --if-version apply to (writes).
const absl::flat_hash_set<std::string>& ReadsAsOf() {
  static const auto* commands =
      new absl::flat_hash_set<std::string>{"directive show",
                                           "directive list",
                                           "dossier show",
                                           "dossier list",
                                           "procedure show",
                                           "procedure list",
                                           "court-case show",
                                           "court-case list",
                                           "administration show",
                                           "administration list",
                                           "correspondent show",
                                           "correspondent list",
                                           "alert list",
                                           "export",
                                           "note"};
  return *commands;
}

const absl::flat_hash_set<std::string>& Writes() {
  static const auto* commands = new absl::flat_hash_set<std::string>{
      "directive add",      "directive update",
      "dossier update",     "dossier assign",
      "dossier status",     "dossier milestone",
      "measure add",        "measure notify",
      "procedure open",     "procedure stage",
      "procedure reply",    "procedure close",
      "court-case add",     "court-case deadline",
      "administration add", "administration update",
      "correspondent add",  "correspondent update",
      "alert ack"};
  return *commands;
}

// "dossier list": the subcommands given, down to the one that runs.
std::string CommandOf(const CLI::App& app) {
  std::vector<std::string> names;
  const CLI::App* command = &app;
  while (!command->get_subcommands().empty()) {
    command = command->get_subcommands().front();
    names.push_back(command->get_name());
  }
  return absl::StrJoin(names, " ");
}

// Usage errors for global flags the command would ignore (--as-of only when
// given on the command line: TRANSPO_AS_OF is for the reads it applies to).
std::string Misplaced(const CLI::App& app, const GlobalOptions& options,
                      bool as_of_flag) {
  const std::string command = CommandOf(app);
  if (as_of_flag && !ReadsAsOf().contains(command)) {
    return absl::StrCat("--as-of does not apply to \"", command,
                        "\": it reads the state of show, list and export");
  }
  if ((!options.request_id.empty() || options.if_version != 0) &&
      !Writes().contains(command)) {
    return absl::StrCat("--request-id and --if-version do not apply to \"",
                        command, "\": they go with one write");
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  using transpo::ctl::Run;
  using transpo::ctl::Session;

  CLI::App app{kDescription, "transpoctl"};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions options;
  app.add_option("--server", options.server, "transpod's address, HOST:PORT")
      ->envname("TRANSPO_SERVER")
      ->capture_default_str();
  app.add_option("--timeout", options.timeout, "Deadline of every call")
      ->envname("TRANSPO_TIMEOUT")
      ->capture_default_str();
  app.add_option("--actor", options.actor,
                 "Who is writing, where the server runs without "
                 "authentication")
      ->envname("TRANSPO_ACTOR");
  app.add_option("--token", options.token, "Bearer token")
      ->envname("TRANSPO_TOKEN");
  app.add_option("--token-file", options.token_file,
                 "File holding the bearer token")
      ->envname("TRANSPO_TOKEN_FILE");
  app.add_option("--cacert", options.cacert, "PEM CA certificate (TLS)")
      ->envname("TRANSPO_CACERT");
  app.add_option("--cert", options.cert, "PEM client certificate (mutual TLS)")
      ->envname("TRANSPO_CERT");
  app.add_option("--key", options.key, "PEM key of --cert")
      ->envname("TRANSPO_KEY");
  app.add_option("-o,--output", options.output, "table, json or yaml")
      ->envname("TRANSPO_OUTPUT")
      ->capture_default_str();
  app.add_option("--as-of", options.as_of,
                 "Read the state as of a date (its end, Brussels time) or an "
                 "RFC 3339 time")
      ->envname("TRANSPO_AS_OF");
  app.add_option("--request-id", options.request_id,
                 "Request id of a write (default: a new one); the same id "
                 "again records nothing twice");
  app.add_option("--if-version", options.if_version,
                 "Write only if the resource is at this version");

  // Commands capture the session by reference; it is filled in once the
  // global flags are parsed (parse_complete_callback), before any runs.
  Session session(std::cout, std::cerr);
  Run run{session};
  app.parse_complete_callback([&] {
    const char* no_colour = std::getenv("NO_COLOR");
    session.set_colour(isatty(STDOUT_FILENO) != 0 &&
                       (no_colour == nullptr || *no_colour == '\0'));
    run.exit_code = session.Configure(options);
    if (run.exit_code == transpo::ctl::kOk) {
      const bool as_of_flag = std::any_of(argv + 1, argv + argc, [](char* arg) {
        return absl::StartsWith(arg, "--as-of");
      });
      if (std::string misplaced = Misplaced(app, options, as_of_flag);
          !misplaced.empty()) {
        run.exit_code = session.Fail(transpo::ctl::kUsage, misplaced);
      }
    }
    if (run.exit_code != transpo::ctl::kOk) {
      throw CLI::RuntimeError(run.exit_code);
    }
  });
  transpo::ctl::AddDirectiveCommands(app, run);
  transpo::ctl::AddDossierCommands(app, run);
  transpo::ctl::AddProcedureCommands(app, run);
  transpo::ctl::AddAdministrationCommands(app, run);
  transpo::ctl::AddAlertCommands(app, run);
  transpo::ctl::AddEventCommands(app, run);
  transpo::ctl::AddClockCommands(app, run);
  transpo::ctl::AddImportExportCommands(app, run);
  transpo::ctl::AddNoteCommands(app, run);
  transpo::ctl::AddVersionCommand(app, run);
  transpo::ctl::AddCompletionCommand(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << "Error: " << e.what() << "\n"
              << "Run with --help for usage.\n";
    return transpo::ctl::kUsage;
  }
  return run.exit_code;
}
