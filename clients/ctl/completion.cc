#include "clients/ctl/completion.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace transpo::ctl {
namespace {

// Adds `[path]="words"` for `app` and its subcommands.
void AddWords(const CLI::App& app, const std::string& path,
              std::string& table) {
  std::vector<std::string> words;
  for (const CLI::App* sub : app.get_subcommands({})) {
    words.push_back(sub->get_name());
  }
  for (const CLI::Option* option : app.get_options({})) {
    for (const std::string& name : option->get_lnames()) {
      words.push_back("--" + name);
    }
  }
  absl::StrAppend(&table, "  [\"", path, "\"]=\"", absl::StrJoin(words, " "),
                  "\"\n");
  for (const CLI::App* sub : app.get_subcommands({})) {
    AddWords(*sub, absl::StrCat(path, " ", sub->get_name()), table);
  }
}

}  // namespace

std::string BashCompletion(const CLI::App& app) {
  std::string table;
  AddWords(app, "", table);
  return absl::StrCat(
      "# bash completion for transpoctl: source <(transpoctl completion bash)\n"
      "declare -gA _transpoctl_words=(\n",
      table,
      ")\n"
      "_transpoctl() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} path=\"\" w\n"
      "  for w in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n"
      "    [[ -n \"${_transpoctl_words[\"$path $w\"]+x}\" ]] && "
      "path=\"$path $w\"\n"
      "  done\n"
      "  mapfile -t COMPREPLY < <(compgen -W "
      "\"${_transpoctl_words[\"$path\"]}\""
      " -- \"$cur\")\n"
      "}\n"
      "complete -F _transpoctl transpoctl\n");
}

void AddCompletionCommand(CLI::App& app, Run& run) {
  CLI::App* completion = AddCommand(
      app, "completion", "Print a shell completion script",
      "  source <(transpoctl completion bash)\n"
      "  transpoctl completion bash > /etc/bash_completion.d/transpoctl");
  auto shell = std::make_shared<std::string>();
  completion->add_option("shell", *shell, "bash")
      ->required()
      ->check(CLI::IsMember({"bash"}));
  completion->callback([&run, &app] {
    run.session.out() << BashCompletion(app);
    run.exit_code = kOk;
  });
}

}  // namespace transpo::ctl
