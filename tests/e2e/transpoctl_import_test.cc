// transpoctl import and export against the transpod binary: good and bad
// rows, --atomic, --dry-run, an import killed half way and run again, and
// export then import into a fresh server.

#include <regex>

#include "tests/e2e/transpoctl_fixture.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The export with who and when (audit) left out: what must be equal
// between two servers brought to the same state.
std::string WithoutAudit(const std::string& jsonl) {
  static const std::regex audit(R"(,?"audit":\{[^}]*\})");
  return std::regex_replace(jsonl, audit, "");
}

class TranspoctlImportTest : public TranspoctlTest {
 protected:
  // Writes `text` to a file in the test's directory; its path.
  std::string File(const std::string& name, const std::string& text) {
    const std::string path = absl::StrCat(dir_.path(), "/", name);
    std::ofstream(path) << text;
    return path;
  }
  // The head position, from the last event.
  std::string Head() const {
    return Ctl({"event", "tail", "-n", "1", "-o", "json"}).out;
  }
  CtlResult CtlAt(const TranspodChild& server,
                  std::vector<std::string> args) const {
    args.insert(args.begin(),
                {"--server", absl::StrCat("127.0.0.1:", server.port)});
    return Ctl(args);
  }
};

constexpr char kMixed[] =
    "# two good rows, two bad ones\n"
    "celex,short_title,deadline,status,lead_administration\n"
    "32099L0001,First good,2027-01-01,assigned,be\n"
    "32099L0002,Bad date,2027-02-30,,\n"
    "32099L0003,Unknown administration,2027-01-01,assigned,nowhere\n"
    "32099L0004,Second good,2027-01-01,,\n";

TEST_F(TranspoctlImportTest, GoodRowsAreImportedBadOnesReportedAndSkipped) {
  const std::string path = File("mixed.csv", kMixed);
  CtlResult r = Ctl({"import", path});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr("(dossiers CSV): 4 records: 2 created, 0 "
                               "updated, 0 unchanged, 2 failed"));
  EXPECT_THAT(r.err, HasSubstr("Error: line 4, column deadline, "
                               "\"2027-02-30\": want a date, YYYY-MM-DD"));
  EXPECT_THAT(r.err, HasSubstr("Error: line 5, column lead_administration, "
                               "\"32099L0003\": assign dossier: "));
  EXPECT_EQ(Ctl({"dossier", "show", "32099L0004"}).code, 0);
  EXPECT_EQ(Ctl({"dossier", "show", "32099L0002"}).code, 3);
  // The same file again: nothing new, the same rows refused.
  CtlResult again = Ctl({"import", path, "-o", "json"});
  EXPECT_EQ(again.code, 1);
  EXPECT_THAT(again.out, HasSubstr("\"unchanged\":2"));
  EXPECT_THAT(again.out, HasSubstr("\"created\":0"));
  EXPECT_THAT(again.out, HasSubstr("\"column\":\"deadline\""));
}

TEST_F(TranspoctlImportTest, AtomicRejectsTheWholeFileAndDryRunWritesNothing) {
  const std::string path = File("mixed.csv", kMixed);
  const std::string head = Head();
  CtlResult atomic = Ctl({"import", path, "--atomic"});
  EXPECT_EQ(atomic.code, 1);
  EXPECT_THAT(atomic.out, HasSubstr("refused (--atomic), 2 errors; nothing "
                                    "written"));
  EXPECT_THAT(atomic.err, HasSubstr("column lead_administration, \"nowhere\""));
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(Ctl({"dossier", "show", "32099L0001"}).code, 3);

  // On a terminal, a progress bar (on stderr, which the pty carries too).
  CtlResult tty = Ctl({"import", DEMO_DIR "/dossiers.csv", "--dry-run"}, {},
                      /*pty=*/true);
  EXPECT_THAT(tty.out, HasSubstr("\r[======"));
  EXPECT_THAT(tty.out, HasSubstr("] 57/57"));
  CtlResult dry = Ctl({"import", DEMO_DIR "/dossiers.csv", "--dry-run"});
  EXPECT_THAT(dry.err, ::testing::Not(HasSubstr("\r[")));
  EXPECT_EQ(dry.code, 0);
  EXPECT_THAT(dry.out, HasSubstr("57 records: 0 created, 0 updated, 57 "
                                 "unchanged, 0 failed (dry run"));
  const std::string changed =
      File("changed.csv",
           "celex,short_title,deadline\n"
           "32019L1937,Whistleblowers (renamed),2021-12-17\n"
           "32099L0005,New,2027-01-01\n");
  CtlResult dry_changes = Ctl({"import", changed, "--dry-run"});
  EXPECT_THAT(dry_changes.out, HasSubstr("2 records: 1 created, 1 updated"));
  EXPECT_EQ(Head(), head);
}

TEST_F(TranspoctlImportTest, AnImportKilledHalfWayAndRunAgainHasNoDuplicates) {
  // The fixture's server loaded the demo data in one go; a fresh one gets
  // it in two runs of transpoctl import, the first killed.
  testing::TempDir other;
  auto fresh = StartTranspod(absl::StrCat(other.path(), "/data"),
                             /*demo=*/false);
  ASSERT_NE(fresh->port, 0);
  ASSERT_EQ(CtlAt(*fresh, {"import", DEMO_DIR "/administrations.csv"}).code, 0);
  const std::string server = absl::StrCat("127.0.0.1:", fresh->port);
  {
    testing::Subprocess import =
        testing::Spawn({TRANSPOCTL_PATH, "--server", server, "import", "-v",
                        DEMO_DIR "/dossiers.csv"});
    FILE* out = fdopen(import.ReleaseStdout(), "r");
    char line[256];
    for (int i = 0; i < 10 && fgets(line, sizeof(line), out) != nullptr; ++i) {
    }
    import.Kill(SIGKILL);
    import.Wait();
    fclose(out);
  }
  CtlResult rest = CtlAt(*fresh, {"import", DEMO_DIR "/dossiers.csv"});
  EXPECT_EQ(rest.code, 0) << rest.err;
  // It was interrupted: the rest had something left to create.
  EXPECT_THAT(rest.out, ::testing::Not(HasSubstr(": 0 created")));

  // The same state, and the same versions: no step recorded twice.
  CtlResult want = Ctl({"export", "--format", "json"});
  CtlResult got = CtlAt(*fresh, {"export", "--format", "json"});
  ASSERT_EQ(want.code, 0);
  EXPECT_EQ(WithoutAudit(got.out), WithoutAudit(want.out));
}

TEST_F(TranspoctlImportTest,
       ExportThenImportIntoAFreshServerGivesTheSameState) {
  ASSERT_EQ(Ctl({"court-case", "add", "C-123/26", "--kind", "action", "--title",
                 "Commission v Belgium", "--celex", "32019L1152"})
                .code,
            0);
  const std::string all = absl::StrCat(dir_.path(), "/all.jsonl");
  const std::string administrations =
      absl::StrCat(dir_.path(), "/administrations.csv");
  const std::string dossiers = absl::StrCat(dir_.path(), "/dossiers.csv");
  ASSERT_EQ(Ctl({"export", all}).code, 0);
  ASSERT_EQ(Ctl({"export", administrations, "--what", "administrations"}).code,
            0);
  CtlResult csv = Ctl({"export", dossiers});
  ASSERT_EQ(csv.code, 0);
  EXPECT_THAT(ReadFile(dossiers), StartsWith("celex,short_title,deadline,"));
  const std::string want = WithoutAudit(Ctl({"export"}).out);

  testing::TempDir json_dir;
  auto from_json = StartTranspod(absl::StrCat(json_dir.path(), "/data"), false);
  CtlResult imported = CtlAt(*from_json, {"import", all});
  EXPECT_EQ(imported.code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("(JSON lines): 69 records: 69 created"));
  EXPECT_EQ(WithoutAudit(CtlAt(*from_json, {"export"}).out), want);

  testing::TempDir csv_dir;
  auto from_csv = StartTranspod(absl::StrCat(csv_dir.path(), "/data"), false);
  ASSERT_EQ(CtlAt(*from_csv, {"import", administrations}).code, 0);
  ASSERT_EQ(CtlAt(*from_csv, {"import", dossiers}).code, 0);
  // CSV carries all but the court cases.
  std::string want_csv = want;
  want_csv.erase(want_csv.find("{\"courtCase\""));
  EXPECT_EQ(WithoutAudit(CtlAt(*from_csv, {"export"}).out), want_csv);
}

}  // namespace
}  // namespace transpo
