// Every transpoctl subcommand against a real transpod, its table and its
// JSON output checked.

#include <fstream>
#include <iterator>

#include "absl/strings/str_split.h"
#include "tests/e2e/transpoctl_fixture.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Runs `args` expecting success; returns stdout.
#define CTL_OK(...)                         \
  [&] {                                     \
    CtlResult r = Ctl(__VA_ARGS__);         \
    EXPECT_EQ(r.code, 0) << r.out << r.err; \
    return r.out;                           \
  }()

TEST_F(TranspoctlTest, DirectiveAddShowListUpdate) {
  EXPECT_THAT(
      CTL_OK({"directive", "add", "32099L0001", "--short-title",
              "Test directive", "--deadline", "2027-03-01", "--deadline",
              "2028-03-01 Article 5", "--policy-area", "testing"}),
      AllOf(HasSubstr("celex: 32099L0001"),
            HasSubstr("competence: to-be-determined"),
            HasSubstr("scope: Article 5")));
  CtlResult show = Ctl({"directive", "show", "32099L0001", "-o", "json"});
  ASSERT_EQ(show.code, 0);
  EXPECT_EQ(Json(show).fields().at("celex").string_value(), "32099L0001");
  EXPECT_THAT(show.out, HasSubstr("\"scope\":\"Article 5\""));
  EXPECT_THAT(CTL_OK({"directive", "update", "32099L0001", "--title",
                      "A longer title", "-o", "json"}),
              HasSubstr("\"title\":\"A longer title\""));
  EXPECT_THAT(CTL_OK({"directive", "list", "--policy-area", "testing"}),
              AllOf(StartsWith("CELEX "),
                    HasSubstr("32099L0001  Test directive  2027-03-01  "
                              "testing      to-be-determined")));
  CtlResult list = Ctl({"directive", "list", "-o", "json"});
  EXPECT_EQ(Json(list).fields().at("directives").list_value().values_size(),
            53);
  EXPECT_THAT(CTL_OK({"directive", "show", "32099L0001", "-o", "yaml"}),
              AllOf(HasSubstr("celex: \"32099L0001\"\n"),
                    HasSubstr("deadlines:\n- date: \"2027-03-01\"\n")));
}

TEST_F(TranspoctlTest, DossierLifeAndMeasures) {
  CTL_OK({"directive", "add", "32099L0002", "--short-title", "Life",
          "--deadline", "2027-03-01"});
  EXPECT_THAT(CTL_OK({"dossier", "assign", "32099L0002", "--lead", "be",
                      "--correspondent", "s.peeters", "--involved", "bm"}),
              AllOf(HasSubstr("status: assigned"),
                    HasSubstr("lead_administration: be")));
  EXPECT_THAT(
      CTL_OK({"dossier", "status", "32099L0002", "drafting", "-o", "json"}),
      HasSubstr("\"status\":\"DOSSIER_STATUS_DRAFTING\""));
  EXPECT_THAT(CTL_OK({"dossier", "milestone", "32099L0002", "draft", "--actual",
                      "2026-11-20"}),
              HasSubstr("kind: draft"));
  EXPECT_THAT(CTL_OK({"dossier", "update", "32099L0002", "--eta", "2027-06-01",
                      "--delay-cause", "advice pending", "-o", "json"}),
              HasSubstr("\"expectedCompletionDate\":\"2027-06-01\""));
  EXPECT_THAT(CTL_OK({"measure", "add", "32099L0002", "ord-1", "--act-type",
                      "ordinance", "--title", "Ordinance", "--adopted",
                      "2026-11-01", "--published", "2026-11-10"}),
              HasSubstr("id: ord-1"));
  EXPECT_THAT(CTL_OK({"measure", "notify", "32099L0002", "ord-1", "--date",
                      "2026-11-20", "--scope", "partial", "-o", "json"}),
              HasSubstr("\"status\":\"DOSSIER_STATUS_PARTIALLY_NOTIFIED\""));
  EXPECT_THAT(CTL_OK({"dossier", "show", "32099L0002"}),
              AllOf(HasSubstr("status: partially-notified"),
                    HasSubstr("notification_scope: partial")));
  EXPECT_THAT(Json(Ctl({"dossier", "show", "32099L0002", "-o", "json"}))
                  .fields()
                  .at("delayCause")
                  .string_value(),
              "advice pending");
  const std::string history = CTL_OK({"dossier", "history", "32099L0002"});
  EXPECT_THAT(history, StartsWith("VERSION  TIME"));
  EXPECT_EQ(std::count(history.begin(), history.end(), '\n'), 1 + 9);
  EXPECT_THAT(CTL_OK({"dossier", "history", "32099L0002", "-o", "json"}),
              HasSubstr("\"stream\":\"directive-32099L0002\""));
}

TEST_F(TranspoctlTest, DossierListAnswersTheDailyQuestions) {
  const std::string overdue = CTL_OK({"dossier", "list", "--overdue"});
  EXPECT_THAT(overdue, StartsWith("CELEX       SHORT TITLE"));
  EXPECT_THAT(overdue, HasSubstr("NEXT DEADLINE  DAYS LEFT"));
  // Deadline 2021-12-17, today 2026-11-25: 1804 days overdue, marked.
  EXPECT_THAT(overdue, HasSubstr("32019L1937  Protection of whistleblowers  "));
  EXPECT_THAT(overdue, HasSubstr("gob       2021-12-17     1804 overdue!"));
  EXPECT_THAT(overdue, Not(HasSubstr("32024L2831")));  // not yet due
  CtlResult json = Ctl({"dossier", "list", "--overdue", "-o", "json"});
  EXPECT_THAT(json.out, HasSubstr("\"daysOverdue\":1804"));
  EXPECT_GE(Json(json).fields().at("dossiers").list_value().values_size(), 30);

  const std::string due = CTL_OK({"dossier", "list", "--due-within", "60d"});
  EXPECT_THAT(due, HasSubstr("32024L2831  Platform work"));
  EXPECT_THAT(due, HasSubstr("2026-12-02     7\n"));
  EXPECT_THAT(due, Not(HasSubstr("overdue")));
  EXPECT_THAT(CTL_OK({"dossier", "list", "--administration", "bew", "--status",
                      "assigned", "-o", "json"}),
              AllOf(HasSubstr("\"celex\":\"32024L2831\""),
                    Not(HasSubstr("DOSSIER_STATUS_DRAFTING"))));
  const std::string two =
      CTL_OK({"dossier", "list", "--policy-area", "energy", "--limit", "2"});
  EXPECT_THAT(two, HasSubstr("32018L2001"));
  EXPECT_EQ(std::count(two.begin(), two.end(), '\n'), 1 + 2);
}

TEST_F(TranspoctlTest, ProceduresAndCourtCases) {
  EXPECT_THAT(CTL_OK({"procedure", "open", "INFR(2026)0999", "--type",
                      "non-communication", "--celex", "32019L1937"}),
              HasSubstr("number: INFR(2026)0999"));
  EXPECT_THAT(
      CTL_OK({"procedure", "stage", "INFR(2026)0999", "letter-of-formal-notice",
              "--date", "2026-11-20", "-o", "json"}),
      HasSubstr("\"kind\":\"STAGE_KIND_LETTER_OF_FORMAL_NOTICE\""));
  EXPECT_THAT(CTL_OK({"procedure", "reply", "INFR(2026)0999",
                      "letter-of-formal-notice", "--date", "2026-11-24"}),
              HasSubstr("reply_date: 2026-11-24"));
  EXPECT_THAT(CTL_OK({"procedure", "close", "INFR(2026)0999", "--date",
                      "2026-11-25", "--reason", "withdrawn", "-o", "json"}),
              HasSubstr("\"closed\":true"));
  EXPECT_THAT(CTL_OK({"procedure", "show", "INFR(2026)0999"}),
              HasSubstr("closure_reason: withdrawn"));
  EXPECT_THAT(CTL_OK({"procedure", "list", "--open"}),
              AllOf(HasSubstr("INFR(2026)0093  non-communication  32024L1788  "
                              "letter-of-formal-notice  2026-10-08  2026-12-08"
                              "  open"),
                    Not(HasSubstr("INFR(2026)0999"))));
  EXPECT_EQ(Json(Ctl({"procedure", "list", "-o", "json"}))
                .fields()
                .at("procedures")
                .list_value()
                .values_size(),
            6);

  EXPECT_THAT(
      CTL_OK({"court-case", "add", "C-123/26", "--kind", "action", "--title",
              "Commission v Belgium", "--celex", "32019L1152"}),
      HasSubstr("kind: action"));
  EXPECT_THAT(
      CTL_OK({"court-case", "deadline", "C-123/26", "--date", "2027-02-01",
              "--description", "defence due", "-o", "json"}),
      HasSubstr("\"description\":\"defence due\""));
  EXPECT_THAT(CTL_OK({"court-case", "show", "C-123/26", "-o", "json"}),
              HasSubstr("\"number\":\"C-123/26\""));
  EXPECT_THAT(CTL_OK({"court-case", "list"}),
              HasSubstr("C-123/26  action  32019L1152  2027-02-01     "
                        "Commission v Belgium"));
  EXPECT_THAT(CTL_OK({"court-case", "list", "-o", "json"}),
              HasSubstr("\"courtCases\""));
}

TEST_F(TranspoctlTest, AdministrationsAndCorrespondents) {
  EXPECT_THAT(CTL_OK({"administration", "add", "hub", "--name-nl",
                      "hub.brussels", "--name-fr", "hub.brussels"}),
              HasSubstr("id: hub"));
  EXPECT_THAT(CTL_OK({"administration", "update", "hub", "--name-fr",
                      "hub.brussels (FR)", "-o", "json"}),
              HasSubstr("\"nameFr\":\"hub.brussels (FR)\""));
  EXPECT_THAT(
      CTL_OK({"correspondent", "add", "hub", "j.doe", "--name", "Jo Doe",
              "--email", "jo.doe@example.org", "--language", "fr"}),
      HasSubstr("email: jo.doe@example.org"));
  EXPECT_THAT(CTL_OK({"correspondent", "update", "hub", "j.doe", "--active",
                      "false", "-o", "json"}),
              Not(HasSubstr("\"active\":true")));
  EXPECT_THAT(CTL_OK({"correspondent", "show", "hub", "j.doe"}),
              HasSubstr("name: Jo Doe"));
  EXPECT_THAT(CTL_OK({"correspondent", "list", "hub"}),
              HasSubstr("j.doe  Jo Doe  jo.doe@example.org  fr        no"));
  EXPECT_THAT(CTL_OK({"correspondent", "list", "hub", "-o", "json"}),
              HasSubstr("\"id\":\"j.doe\""));
  EXPECT_THAT(CTL_OK({"administration", "show", "hub", "-o", "json"}),
              HasSubstr("\"nameNl\":\"hub.brussels\""));
  EXPECT_THAT(
      CTL_OK({"administration", "list"}),
      AllOf(StartsWith("ID "), HasSubstr("be        Leefmilieu Brussel")));
  // Names with accents: raw UTF-8 in YAML, columns aligned by character.
  EXPECT_THAT(CTL_OK({"administration", "show", "bew", "-o", "yaml"}),
              HasSubstr("nameFr: \"Bruxelles \xC3\x89"
                        "conomie et Emploi\"\n"));
  const std::string table = CTL_OK({"administration", "list"});
  auto column = [&table](const std::string& line_start,
                         const std::string& cell) {
    const size_t line = table.find(line_start);
    const size_t at = table.find(cell, line);
    return std::count_if(table.begin() + line, table.begin() + at, [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    });
  };
  EXPECT_EQ(column("bew ",
                   "Bruxelles \xC3\x89"
                   "conomie"),
            column("ID ", "NAME (FR)"));
  EXPECT_EQ(column("bew ", "2\n"), column("ID ", "CORRESPONDENTS"));
  EXPECT_EQ(Json(Ctl({"administration", "list", "-o", "json"}))
                .fields()
                .at("administrations")
                .list_value()
                .values_size(),
            12);
}

TEST_F(TranspoctlTest, AlertsEventsClockVersionCompletion) {
  CtlResult alerts = Ctl({"alert", "list", "--limit", "3", "-o", "json"});
  ASSERT_EQ(alerts.code, 0) << alerts.err;
  const google::protobuf::Struct parsed = Json(alerts);
  const auto& list = parsed.fields().at("alerts").list_value();
  ASSERT_GT(list.values_size(), 0);
  const std::string id =
      list.values(0).struct_value().fields().at("id").string_value();
  EXPECT_THAT(CTL_OK({"alert", "list", "--min-severity", "critical"}),
              AllOf(StartsWith("SEVERITY"), HasSubstr(id)));
  EXPECT_THAT(CTL_OK({"alert", "ack", id, "--comment", "on it"}),
              HasSubstr("status: acknowledged"));
  EXPECT_THAT(
      CTL_OK({"alert", "list", "--status", "acknowledged", "-o", "json"}),
      HasSubstr("\"comment\":\"on it\""));
  EXPECT_THAT(CTL_OK({"alert", "forecast", "--until", "2027-01-31"}),
              AllOf(StartsWith("FIRES"), HasSubstr("32024L2881")));
  EXPECT_THAT(
      CTL_OK({"alert", "forecast", "--until", "2027-01-31", "-o", "json"}),
      HasSubstr("\"celex\":\"32024L2881\""));
  EXPECT_THAT(CTL_OK({"alert", "policy"}), HasSubstr("time_zone: "));
  EXPECT_THAT(CTL_OK({"alert", "policy", "-o", "json"}),
              HasSubstr("\"rules\""));
  EXPECT_THAT(CTL_OK({"alert", "watch", "--until-caught-up"}),
              AllOf(StartsWith("CURSOR  CHANGE"), HasSubstr(id)));
  EXPECT_THAT(CTL_OK({"alert", "watch", "--limit", "1", "-o", "json"}),
              HasSubstr("\"change\":\"ALERT_CHANGE_"));

  EXPECT_THAT(CTL_OK({"event", "tail", "-n", "3"}),
              AllOf(StartsWith("POSITION"), HasSubstr("alerts-")));
  EXPECT_THAT(CTL_OK({"event", "tail", "--from", "1", "-n", "2", "-o", "json"}),
              HasSubstr("\"position\":\"1\""));
  EXPECT_THAT(CTL_OK({"event", "stream", "directive-32019L1937"}),
              HasSubstr("directive-32019L1937"));
  EXPECT_THAT(CTL_OK({"event", "watch", "--from", "1", "--limit", "2"}),
              HasSubstr("administration-"));
  EXPECT_THAT(
      CTL_OK({"event", "watch", "--from", "2", "--limit", "1", "-o", "json"}),
      HasSubstr("\"position\":\"2\""));

  EXPECT_EQ(CTL_OK({"clock", "show"}), "2026-11-25  (2026-11-25 09:00)\n");
  EXPECT_THAT(CTL_OK({"clock", "show", "-o", "json"}),
              HasSubstr("\"manual\":true"));
  EXPECT_THAT(CTL_OK({"clock", "set", "2026-12-01"}),
              StartsWith("2026-12-01  (2026-12-01 12:00)"));
  EXPECT_THAT(CTL_OK({"clock", "advance", "2d", "-o", "json"}),
              HasSubstr("\"today\":\"2026-12-03\""));

  EXPECT_THAT(CTL_OK({"version"}),
              AllOf(HasSubstr("client: transpoctl 0.1.0"),
                    HasSubstr("server: transpod 0.1.0 (transpo.v1)")));
  EXPECT_THAT(CTL_OK({"version", "-o", "json"}),
              HasSubstr("\"server\":{\"version\":\"0.1.0\""));
  const std::string completion = CTL_OK({"completion", "bash"});
  EXPECT_THAT(completion, HasSubstr("complete -F _transpoctl transpoctl"));
  EXPECT_THAT(completion, HasSubstr("[\" dossier list\"]=\""));
  EXPECT_THAT(completion, HasSubstr("--due-within"));
}

TEST_F(TranspoctlTest, TheNoteAsOfADay) {
  // The demo data on 25 November 2026: 50 directives followed, 33 overdue.
  EXPECT_THAT(
      CTL_OK({"note"}),
      AllOf(StartsWith("Note as of 2026-11-25 (changes since 2026-09-25, "
                       "falling due to 2027-01-25)\n"),
            HasSubstr("Directives followed 50, transposed 14 (0 on time), "
                      "overdue 33 (24 by two years or more); deficit 66.0%"),
            HasSubstr("\n32019L1937  Protection of whistleblowers"),
            HasSubstr("\nThe twelve months\nMONTH END   FOLLOWED  OVERDUE  "
                      "DEFICIT\n2025-12-31"),
            HasSubstr("\nFalling due by 2027-01-25\n"),
            HasSubstr("\n32024L2831  Platform work"),
            HasSubstr("\nINFR(2026)0093  non-communication  32024L1788  "
                      "letter-of-formal-notice  2026-10-08  2026-12-08")));
  CtlResult json = Ctl({"note", "--since", "2026-11-01", "--horizon",
                        "2026-12-05", "-o", "json"});
  ASSERT_EQ(json.code, 0) << json.err;
  const google::protobuf::Struct parsed = Json(json);
  const auto& note = parsed.fields();
  EXPECT_EQ(note.at("sinceDate").string_value(), "2026-11-01");
  EXPECT_EQ(note.at("fallingDue").list_value().values_size(), 1);
  EXPECT_EQ(
      note.at("figures").struct_value().fields().at("overdue").string_value(),
      "33");  // int64 is a JSON string
  // The note of a day after the server's today is refused.
  CtlResult future = Ctl({"note", "--as-of", "2026-12-01"});
  EXPECT_NE(future.code, 0);
  EXPECT_THAT(future.err, HasSubstr("as_of_date \"2026-12-01\": after today"));
}

TEST_F(TranspoctlTest, TheNoteAndTheYearlyReportAsDocuments) {
  // The demo data on 25 November 2026, as the text says it above.
  const std::string md = CTL_OK({"note", "--format", "md", "--lang", "nl"});
  EXPECT_THAT(md, AllOf(StartsWith("# Nota aan de Brusselse Regering"),
                        HasSubstr("| Opgevolgde richtlijnen | 50 |\n"),
                        HasSubstr("| Laattijdig | 33 |\n"),
                        HasSubstr("| Omzettingstekort | 66,0\u00a0% |\n"),
                        HasSubstr("| 32019L1937 | Protection of "
                                  "whistleblowers |")));
  EXPECT_THAT(CTL_OK({"note", "--format", "csv"}),
              AllOf(StartsWith("\xEF\xBB\xBFKey figures\r\nFigure,Value\r\n"),
                    HasSubstr("\r\nOverdue,33\r\n")));
  EXPECT_THAT(CTL_OK({"note", "--format", "json"}),
              AllOf(HasSubstr("\"figures\":{\"followed\":\"50\","
                              "\"transposed\":\"14\",\"overdue\":\"33\","),
                    HasSubstr("\"trend\":[{\"date\":\"2025-12-31\"")));

  // --out DIR writes the document under its own name.
  testing::TempDir dir;
  CtlResult html =
      Ctl({"note", "--format", "html", "--lang", "fr", "--out", dir.path()});
  ASSERT_EQ(html.code, 0) << html.err;
  const std::string file = dir.path() + "/note-2026-11-25-fr.html";
  EXPECT_THAT(html.err, HasSubstr("wrote " + file));
  std::ifstream in(file);
  const std::string page((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  EXPECT_THAT(page, AllOf(HasSubstr("<html lang=\"fr\">"),
                          HasSubstr("<td>Directives suivies</td>\n<td "
                                    "align=\"right\">50</td>"),
                          HasSubstr("<figure class=\"chart\"><svg")));

  EXPECT_THAT(CTL_OK({"report", "yearly", "--year", "2026"}),
              StartsWith("Yearly report 2026 as of 2026-11-25 (changes since "
                         "2025-12-31, falling due to 2027-05-25)\n"));
  EXPECT_THAT(CTL_OK({"report", "yearly", "--year", "2025", "--format", "md",
                      "--lang", "fr"}),
              StartsWith("# Rapport au Parlement bruxellois sur la "
                         "transposition des directives européennes et les "
                         "procédures d’infraction, 2025\n"));
  CtlResult future = Ctl({"report", "yearly", "--year", "2027"});
  EXPECT_EQ(future.code, 1);  // refused by the server
  EXPECT_THAT(future.err, HasSubstr("year \"2027\": not from 1958"));
  CtlResult nowhere = Ctl(
      {"note", "--format", "md", "--out", dir.path() + "/no/such/dir/note.md"});
  EXPECT_EQ(nowhere.code, 1);
  EXPECT_THAT(nowhere.err, HasSubstr("cannot open " + dir.path() +
                                     "/no/such/dir/note.md: No such file"));
  CtlResult bad = Ctl({"note", "--format", "pdf"});
  EXPECT_EQ(bad.code, 2);  // a usage error
  EXPECT_THAT(bad.err, HasSubstr("--format"));
}

TEST_F(TranspoctlTest, EveryCommandHasHelpWithAWorkedExample) {
  // The command tree, from the completion script: [" dossier list"]="...".
  const std::string script = CTL_OK({"completion", "bash"});
  std::vector<std::pair<std::string, std::string>> commands;
  for (size_t at = script.find("[\" "); at != std::string::npos;
       at = script.find("[\" ", at + 1)) {
    const size_t end = script.find("\"]=\"", at);
    const size_t words_end = script.find('"', end + 4);
    commands.emplace_back(script.substr(at + 3, end - at - 3),
                          script.substr(end + 4, words_end - end - 4));
  }
  int leaves = 0;
  for (const auto& [path, words] : commands) {
    std::vector<std::string> args = absl::StrSplit(path, ' ');
    args.push_back("--help");
    CtlResult help = Ctl(args);
    EXPECT_EQ(help.code, 0) << path;
    const bool group = !words.empty() && words[0] != '-';
    if (group) continue;  // lists its subcommands
    ++leaves;
    EXPECT_THAT(help.out, AllOf(HasSubstr("\nExample:\n"),
                                HasSubstr("transpoctl " + path)))
        << path;
  }
  EXPECT_GE(leaves, 45);
}

}  // namespace
}  // namespace transpo
