// The `loka` binary's verbs. Each Add*Command registers one subcommand on `app`; its callback
// runs the verb through RunVerb, which stores the process exit code in *exit_code (0 ok,
// 1 error; CLI11 itself answers a usage error with 2). Verbs print results on stdout and
// progress/errors on stderr.
#ifndef LOKA_CLI_COMMANDS_H_
#define LOKA_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <functional>

#include "core/status.h"

namespace loka::cli {

void AddTrainCommand(CLI::App& app, int* exit_code);
void AddTestCommand(CLI::App& app, int* exit_code);
void AddPredictCommand(CLI::App& app, int* exit_code);
void AddQuantizeCommand(CLI::App& app, int* exit_code);
void AddEmbedCommand(CLI::App& app, int* exit_code);
void AddInfoCommand(CLI::App& app, int* exit_code);
void AddAgriCommand(CLI::App& app, int* exit_code);
void AddLangidCommand(CLI::App& app, int* exit_code);
void AddServeCommand(CLI::App& app, int* exit_code);
void AddKeysCommand(CLI::App& app, int* exit_code);
void AddDetectCommand(CLI::App& app, int* exit_code);
void AddReadingsCommand(CLI::App& app, int* exit_code);
void AddKbCommand(CLI::App& app, int* exit_code);
void AddHelplineCommand(CLI::App& app, int* exit_code);
void AddFedCommand(CLI::App& app, int* exit_code);
void AddHubCommand(CLI::App& app, int* exit_code);

// Adds to every floating-point option of `app` and of its subcommands, at any depth, a check
// that refuses a value that is not a finite number ("nan", "inf", "1e999"): CLI11's Range lets
// NaN through, since every comparison with it is false. Call once all verbs are added.
void RefuseNonFiniteNumbers(CLI::App& app);

// Adds to every unsigned option of `app` and of its subcommands, at any depth, a check that
// refuses a negative value: CLI11 reads "-1" into a 64-bit unsigned option as 2^64 - 1 (no
// limit, a huge seed) while a 32-bit one refuses it. Call once all verbs are added.
void RefuseNegativeUnsigned(CLI::App& app);

// Runs one verb: stores 0 in *exit_code when `verb` returns ok; else prints "loka: <status>"
// on stderr and stores 1. An exception escaping `verb` (from CLI11, nlohmann/json or the
// standard library) is reported the same way, as an internal error, instead of ending the
// process.
void RunVerb(int* exit_code, const std::function<Status()>& verb);

}  // namespace loka::cli

#endif  // LOKA_CLI_COMMANDS_H_
