// transpoctl: the Euro-coordinator's command line for transpod.
//
//   transpoctl [global flags] RESOURCE VERB [ID] [flags]
//
// See `transpoctl --help` and the README's walkthrough.

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/ctl/command.h"
#include "clients/ctl/completion.h"
#include "clients/ctl/session.h"
#include "clients/ctl/version.h"

namespace {

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

}  // namespace

int main(int argc, char** argv) {
  using transpo::ctl::GlobalOptions;
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
