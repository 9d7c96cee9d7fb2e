#include "clients/ctl/version.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "transpo/v1/server.grpc.pb.h"
#include "transpo_version.h"

namespace transpo::ctl {

void AddVersionCommand(CLI::App& app, Run& run) {
  Session& s = run.session;
  CLI::App* version =
      AddCommand(app, "version", "The client's version and the server's",
                 "  transpoctl version\n  transpoctl version --client");
  auto client_only = std::make_shared<bool>(false);
  version->add_flag("--client", *client_only,
                    "Only the client's (no call to the server)");
  version->callback([&run, &s, client_only] {
    v1::GetServerInfoResponse info;
    if (!*client_only) {
      auto stub = NewStub<v1::ServerService>(s);
      if (stub == nullptr) return void(run.exit_code = kUsage);
      grpc::Status status =
          s.Call(*stub, &v1::ServerService::Stub::GetServerInfo,
                 v1::GetServerInfoRequest(), &info);
      if (!status.ok()) return void(run.exit_code = s.Fail(status));
    }
    v1::GetServerInfoResponse client;
    client.set_version(TRANSPO_VERSION);
    client.add_api_versions("transpo.v1");
    if (s.format() == Format::kJson) {
      s.out() << "{\"client\":" << ToJson(client);
      if (!*client_only) s.out() << ",\"server\":" << ToJson(info);
      s.out() << "}\n";
      return void(run.exit_code = kOk);
    }
    if (s.format() == Format::kYaml) {
      auto indent = [](const std::string& yaml) {
        return absl::StrCat("  ",
                            absl::StrReplaceAll(absl::StripSuffix(yaml, "\n"),
                                                {{"\n", "\n  "}}),
                            "\n");
      };
      s.out() << "client:\n" << indent(ToYaml(client));
      if (!*client_only) s.out() << "server:\n" << indent(ToYaml(info));
      return void(run.exit_code = kOk);
    }
    s.out() << "client: transpoctl " << client.version() << "\n";
    if (!*client_only) {
      s.out() << "server: transpod " << info.version() << " ("
              << absl::StrJoin(info.api_versions(), ", ") << "), up since "
              << FormatTime(info.start_time()) << "\n";
    }
    run.exit_code = kOk;
  });
}

}  // namespace transpo::ctl
