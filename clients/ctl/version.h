// transpoctl version: the client's version and the server's.

#ifndef TRANSPO_CLIENTS_CTL_VERSION_H_
#define TRANSPO_CLIENTS_CTL_VERSION_H_

#include "CLI/CLI.hpp"
#include "clients/ctl/command.h"

namespace transpo::ctl {

void AddVersionCommand(CLI::App& app, Run& run);

}  // namespace transpo::ctl

#endif  // TRANSPO_CLIENTS_CTL_VERSION_H_
