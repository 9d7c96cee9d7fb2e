// transpoctl completion bash: a bash completion script generated from the
// command tree (subcommands and flags at each level).
//
// Example:
//   source <(transpoctl completion bash)

#ifndef TRANSPO_CLIENTS_CTL_COMPLETION_H_
#define TRANSPO_CLIENTS_CTL_COMPLETION_H_

#include <string>

#include "CLI/CLI.hpp"
#include "clients/ctl/command.h"

namespace transpo::ctl {

void AddCompletionCommand(CLI::App& app, Run& run);

// The script for `app` (exposed for tests).
std::string BashCompletion(const CLI::App& app);

}  // namespace transpo::ctl

#endif  // TRANSPO_CLIENTS_CTL_COMPLETION_H_
