// The `loka` binary's verbs. Each Add*Command registers one subcommand on `app`; its callback
// runs the verb and stores the process exit code in *exit_code (0 ok, 1 error, 2 usage).
// Verbs print results on stdout and progress/errors on stderr.
#ifndef LOKA_CLI_COMMANDS_H_
#define LOKA_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "core/status.h"

namespace loka::cli {

void AddTrainCommand(CLI::App& app, int* exit_code);
void AddTestCommand(CLI::App& app, int* exit_code);
void AddPredictCommand(CLI::App& app, int* exit_code);
void AddQuantizeCommand(CLI::App& app, int* exit_code);
void AddInfoCommand(CLI::App& app, int* exit_code);
void AddAgriCommand(CLI::App& app, int* exit_code);
void AddLangidCommand(CLI::App& app, int* exit_code);
void AddServeCommand(CLI::App& app, int* exit_code);
void AddKeysCommand(CLI::App& app, int* exit_code);
void AddDetectCommand(CLI::App& app, int* exit_code);
void AddReadingsCommand(CLI::App& app, int* exit_code);
void AddKbCommand(CLI::App& app, int* exit_code);

// Prints "loka: <status>" on stderr and returns the exit code for it (1).
int ReportError(const Status& status);

}  // namespace loka::cli

#endif  // LOKA_CLI_COMMANDS_H_
