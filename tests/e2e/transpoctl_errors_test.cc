// transpoctl's exit codes and error messages, its colour rules, request ids
// and --if-version, against the transpod binary.

#include <fstream>

#include "tests/e2e/transpoctl_fixture.h"
#include "tests/testing/certificates.h"

namespace transpo {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST_F(TranspoctlTest, EachExitCodeAsDocumented) {
  // 0: ok.
  EXPECT_EQ(Ctl({"dossier", "show", "32019L1937"}).code, 0);

  // 2: usage, before any call.
  CtlResult unknown = Ctl({"dossier", "show", "32019L1937", "--colour"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_THAT(unknown.err, StartsWith("Error: "));
  CtlResult missing = Ctl({"dossier", "show"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("celex is required"));
  CtlResult bad_enum = Ctl({"dossier", "status", "32019L1937", "finished"});
  EXPECT_EQ(bad_enum.code, 2);
  EXPECT_THAT(bad_enum.err,
              HasSubstr("Error: status \"finished\": want one of registered, "
                        "assigned, drafting"));
  CtlResult bad_output = Ctl({"-o", "xml", "clock", "show"});
  EXPECT_EQ(bad_output.code, 2);
  EXPECT_EQ(bad_output.err,
            "Error: --output \"xml\": want table, json or yaml\n");
  EXPECT_EQ(Ctl({"--as-of", "yesterday", "dossier", "list"}).code, 2);
  // Global flags a command would ignore are refused, not dropped.
  CtlResult as_of =
      Ctl({"--as-of", "2026-01-01", "dossier", "history", "32019L1937"});
  EXPECT_EQ(as_of.code, 2);
  EXPECT_THAT(as_of.err, HasSubstr("--as-of does not apply to \"dossier "
                                   "history\""));
  EXPECT_EQ(Ctl({"--request-id", "x", "dossier", "show", "32019L1937"}).code,
            2);
  EXPECT_EQ(Ctl({"--if-version", "3", "import", DEMO_DIR "/dossiers.csv"}).code,
            2);
  EXPECT_EQ(Ctl({"dossier", "list", "--due-within", "soon"}).code, 2);

  // 3: not found.
  CtlResult not_found = Ctl({"dossier", "show", "32099L9999"});
  EXPECT_EQ(not_found.code, 3);
  EXPECT_THAT(not_found.err, StartsWith("Error: "));
  EXPECT_THAT(not_found.err, HasSubstr("32099L9999"));
  EXPECT_EQ(Ctl({"correspondent", "show", "be", "nobody"}).code, 3);

  // 4: already exists, failed precondition, version conflict.
  CtlResult exists = Ctl({"directive", "add", "32019L1937", "--short-title",
                          "Again", "--deadline", "2021-12-17"});
  EXPECT_EQ(exists.code, 4) << exists.err;
  CtlResult illegal = Ctl({"dossier", "status", "32018L2001", "drafting"});
  EXPECT_EQ(illegal.code, 4);
  EXPECT_THAT(illegal.err, HasSubstr("cannot go from notified to drafting"));
  CtlResult conflict = Ctl({"--if-version", "1", "dossier", "update",
                            "32019L1937", "--delay-cause", "x"});
  EXPECT_EQ(conflict.code, 4);
  EXPECT_THAT(conflict.err,
              HasSubstr("read it again, then retry with --if-version"));

  // 5: unreachable, or past the deadline.
  CtlResult unreachable =
      Ctl({"--server", "127.0.0.1:1", "--timeout", "2s", "clock", "show"});
  EXPECT_EQ(unreachable.code, 5);
  EXPECT_THAT(unreachable.err, HasSubstr("server 127.0.0.1:1"));
  EXPECT_EQ(
      Ctl({"--server", "127.0.0.1:1", "--timeout", "2s", "dossier", "list"})
          .code,
      5);
  CtlResult import = Ctl({"--server", "127.0.0.1:1", "--timeout", "2s",
                          "import", DEMO_DIR "/dossiers.csv"});
  EXPECT_EQ(import.code, 5);
  EXPECT_THAT(import.err, HasSubstr("the import stopped"));

  // 1: anything else, e.g. a value the server refuses.
  CtlResult invalid =
      Ctl({"dossier", "update", "32019L1937", "--eta", "2027-02-30"});
  EXPECT_EQ(invalid.code, 1);
}

TEST_F(TranspoctlTest, ErrorsNameTheServersFieldViolation) {
  CtlResult r = Ctl({"dossier", "assign", "32019L1937", "--lead", "nowhere"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, StartsWith("Error: "));
  EXPECT_THAT(r.err, HasSubstr("nowhere"));
  EXPECT_THAT(r.err, HasSubstr("\n  field dossier.lead_administration"));
  EXPECT_EQ(r.out, "");
}

TEST_F(TranspoctlTest, AWriteRetriedWithItsRequestIdRecordsOnce) {
  const std::vector<std::string> write = {"--request-id",
                                          "coordinator-2026-11-25-1",
                                          "dossier",
                                          "update",
                                          "32019L1937",
                                          "--delay-cause",
                                          "waiting for the Council of State"};
  CtlResult first = Ctl(write);
  ASSERT_EQ(first.code, 0) << first.err;
  CtlResult again = Ctl(write);
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(again.out, first.out);  // the first answer, version included
  // The same id for another request is refused.
  CtlResult other = Ctl({"--request-id", "coordinator-2026-11-25-1", "dossier",
                         "update", "32019L1937", "--delay-cause", "other"});
  EXPECT_EQ(other.code, 4);
  // Without an id, each run is a new write.
  CtlResult a = Ctl(
      {"dossier", "update", "32019L1937", "--eta", "2027-09-01", "-o", "json"});
  CtlResult b = Ctl(
      {"dossier", "update", "32019L1937", "--eta", "2027-09-01", "-o", "json"});
  EXPECT_NE(a.out, b.out);  // versions differ
}

TEST_F(TranspoctlTest, IfVersionWritesOnlyOverThatVersion) {
  CtlResult show = Ctl({"dossier", "show", "32019L1937", "-o", "json"});
  const std::string version = Json(show).fields().at("version").string_value();
  ASSERT_FALSE(version.empty());
  CtlResult ok = Ctl({"--if-version", version, "dossier", "update",
                      "32019L1937", "--eta", "2027-12-01"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  CtlResult stale = Ctl({"--if-version", version, "dossier", "update",
                         "32019L1937", "--eta", "2028-01-01"});
  EXPECT_EQ(stale.code, 4);
}

TEST_F(TranspoctlTest, ColourOnlyOnATerminalAndNeverWithNoColor) {
  const std::vector<std::string> overdue = {"dossier", "list", "--overdue"};
  const std::vector<std::string> due = {"dossier", "list", "--due-within",
                                        "30d"};
  const std::string red = "\033[31m";
  const std::string yellow = "\033[33m";
  // A pipe: no colour.
  EXPECT_THAT(Ctl(overdue).out,
              AllOf(HasSubstr("overdue!"), Not(HasSubstr("\033["))));
  // A terminal: overdue in red, due within 30 days in yellow.
  CtlResult tty = Ctl(overdue, {}, /*pty=*/true);
  EXPECT_EQ(tty.code, 0);
  EXPECT_THAT(tty.out, HasSubstr(red + "2021-12-17   \033[0m"));
  EXPECT_THAT(tty.out, HasSubstr("1804 overdue!\033[0m"));
  EXPECT_THAT(Ctl(due, {}, true).out, HasSubstr(yellow + "2026-12-02"));
  // NO_COLOR, even on a terminal; an empty NO_COLOR does not count.
  EXPECT_THAT(Ctl(overdue, {"NO_COLOR=1"}, true).out,
              AllOf(HasSubstr("overdue!"), Not(HasSubstr("\033["))));
  EXPECT_THAT(Ctl(overdue, {"NO_COLOR="}, true).out, HasSubstr(red));
  // JSON never has colour.
  EXPECT_THAT(Ctl({"dossier", "list", "--overdue", "-o", "json"}, {}, true).out,
              Not(HasSubstr("\033[")));
}

TEST_F(TranspoctlTest, GlobalFlagsAlsoComeFromTheEnvironment) {
  CtlResult json = Ctl({"clock", "show"}, {"TRANSPO_OUTPUT=json"});
  EXPECT_THAT(json.out, HasSubstr("\"today\":\"2026-11-25\""));
  CtlResult as_of =
      Ctl({"dossier", "show", "32019L1937"}, {"TRANSPO_AS_OF=2026-11-24"});
  EXPECT_EQ(as_of.code, 3);
  EXPECT_THAT(as_of.err, HasSubstr("not found"))
      << "nothing was recorded before the demo data of 2026-11-25";
  CtlResult actor = Ctl(
      {"dossier", "update", "32019L1937", "--eta", "2027-05-01", "-o", "json"},
      {"TRANSPO_ACTOR=euro-coordinator"});
  EXPECT_THAT(actor.out, HasSubstr("\"updatedBy\":\"euro-coordinator\""));
  // (TRANSPO_SERVER: every test here finds the server through it.)
}

TEST_F(TranspoctlTest, AsOfReadsThePast) {
  ASSERT_EQ(Ctl({"clock", "set", "2026-12-10"}).code, 0);
  ASSERT_EQ(
      Ctl({"dossier", "update", "32019L1937", "--delay-cause", "a later cause"})
          .code,
      0);
  EXPECT_THAT(
      Ctl({"dossier", "show", "32019L1937", "--as-of", "2026-11-30"}).out,
      AllOf(HasSubstr("delay_cause: Reporting channels"),
            Not(HasSubstr("a later cause"))));
  EXPECT_THAT(Ctl({"dossier", "show", "32019L1937"}).out,
              HasSubstr("delay_cause: a later cause"));
}

TEST_F(TranspoctlTest, ATokenFromTheFlagTheEnvironmentOrAFile) {
  // A server with authentication: `transpod token create` gives the token
  // and the entry of its file.
  testing::Subprocess create =
      testing::Spawn({TRANSPOD_PATH, "token", "create", "--principal",
                      "euro-coordinator", "--role", "coordinator"});
  std::string printed;
  char buffer[512];
  ssize_t n;
  while ((n = read(create.stdout_fd(), buffer, sizeof(buffer))) > 0) {
    printed.append(buffer, n);
  }
  create.Wait();
  const size_t token_at = printed.find("tpo_");
  const size_t entry_at = printed.find("principals {");
  ASSERT_NE(token_at, std::string::npos) << printed;
  ASSERT_NE(entry_at, std::string::npos) << printed;
  const std::string token =
      printed.substr(token_at, printed.find('\n', token_at) - token_at);
  const std::string token_file = absl::StrCat(dir_.path(), "/tokens.textproto");
  std::ofstream(token_file) << printed.substr(entry_at);
  const std::string secret = absl::StrCat(dir_.path(), "/token");
  std::ofstream(secret) << token << "\n";

  auto secured = testing::StartTranspodProcess(
      TRANSPOD_PATH, {"--listen=127.0.0.1:0", "--metrics-listen", "",
                      absl::StrCat("--data-dir=", dir_.path(), "/secured"),
                      "--token-file=" + token_file});
  ASSERT_NE(secured->port, 0);
  const std::string server = absl::StrCat("127.0.0.1:", secured->port);
  CtlResult none = Ctl({"--server", server, "clock", "show"});
  EXPECT_EQ(none.code, 1);
  EXPECT_THAT(none.err, StartsWith("Error: "));
  EXPECT_EQ(Ctl({"--server", server, "--token", token, "clock", "show"}).code,
            0);
  EXPECT_EQ(
      Ctl({"--server", server, "clock", "show"}, {"TRANSPO_TOKEN=" + token})
          .code,
      0);
  EXPECT_EQ(
      Ctl({"--server", server, "--token-file", secret, "clock", "show"}).code,
      0);
  // The writes are the principal's.
  CtlResult add = Ctl({"--server", server, "--token-file", secret, "-o", "json",
                       "administration", "add", "hub", "--name-nl", "hub",
                       "--name-fr", "hub"});
  EXPECT_THAT(add.out, HasSubstr("\"updatedBy\":\"euro-coordinator\""));
  EXPECT_EQ(
      Ctl({"--server", server, "--token", "tpo_wrong", "clock", "show"}).code,
      1);
}

TEST_F(TranspoctlTest, TlsTrustingTheCaWithAClientCertificate) {
  // A server speaking TLS only, asking for certificates of the test's CA,
  // knowing the coordinator by a certificate name and no token.
  testing::Certificates certificates(dir_.path());
  if (::testing::Test::HasFatalFailure()) return;
  certificates.Client("coordinator", "euro-coordinator.clients.test");
  certificates.Client("forged", "euro-coordinator.clients.test", "",
                      "other-ca");
  if (::testing::Test::HasFatalFailure()) return;
  const std::string token_file = absl::StrCat(dir_.path(), "/tls.textproto");
  std::ofstream(token_file)
      << "principals { id: \"euro-coordinator\" role: \"coordinator\" "
         "certificate_names: \"euro-coordinator.clients.test\" }\n";
  auto secured = testing::StartTranspodProcess(
      TRANSPOD_PATH, {"--listen=127.0.0.1:0", "--metrics-listen", "",
                      absl::StrCat("--data-dir=", dir_.path(), "/tls"),
                      "--token-file=" + token_file,
                      "--tls-cert=" + certificates.Path("server.pem"),
                      "--tls-key=" + certificates.Path("server.key"),
                      "--tls-client-ca=" + certificates.Path("ca.pem")});
  ASSERT_NE(secured->port, 0);
  const std::string server = absl::StrCat("127.0.0.1:", secured->port);
  // `args` over TLS, trusting `ca`.
  auto with = [&](std::vector<std::string> args,
                  const std::string& ca = "ca.pem") {
    const std::vector<std::string> tls = {"--server",  server,
                                          "--timeout", "5s",
                                          "--cacert",  certificates.Path(ca)};
    args.insert(args.begin(), tls.begin(), tls.end());
    return args;
  };
  const std::vector<std::string> client_certificate = {
      "--cert", certificates.Path("coordinator.pem"), "--key",
      certificates.Path("coordinator.key")};

  // The certificate names the writer.
  std::vector<std::string> add =
      with({"-o", "json", "administration", "add", "hub", "--name-nl", "hub",
            "--name-fr", "hub"});
  add.insert(add.begin(), client_certificate.begin(), client_certificate.end());
  CtlResult added = Ctl(add);
  EXPECT_EQ(added.code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("\"updatedBy\":\"euro-coordinator\""));
  // TLS without a certificate (or a token): the server does not know who.
  CtlResult anonymous = Ctl(with({"clock", "show"}));
  EXPECT_EQ(anonymous.code, 1);
  EXPECT_THAT(anonymous.err, HasSubstr("no credentials"));
  // Another CA's certificate with the same name: no connection.
  CtlResult forged =
      Ctl(with({"--cert", certificates.Path("forged.pem"), "--key",
                certificates.Path("forged.key"), "clock", "show"}));
  EXPECT_EQ(forged.code, 5) << forged.err;
  // A server certificate the client does not trust, or no TLS at all.
  std::vector<std::string> other_ca = with({"clock", "show"}, "other-ca.pem");
  other_ca.insert(other_ca.begin(), client_certificate.begin(),
                  client_certificate.end());
  EXPECT_EQ(Ctl(other_ca).code, 5);
  EXPECT_EQ(Ctl({"--server", server, "--timeout", "5s", "clock", "show"}).code,
            5);
  // A certificate without its key is a usage error naming the flag.
  CtlResult no_key = Ctl(
      with({"--cert", certificates.Path("coordinator.pem"), "clock", "show"}));
  EXPECT_EQ(no_key.code, 2);
  EXPECT_THAT(no_key.err, HasSubstr("--key"));
}

}  // namespace
}  // namespace transpo
