// `loka`: one binary, one subcommand per capability. main() only dispatches.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"loka: local-first language ID, text classification, search and sensing"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "loka 0.1.0");
  int exit_code = 0;
  loka::cli::AddTrainCommand(app, &exit_code);
  loka::cli::AddTestCommand(app, &exit_code);
  loka::cli::AddPredictCommand(app, &exit_code);
  loka::cli::AddQuantizeCommand(app, &exit_code);
  loka::cli::AddEmbedCommand(app, &exit_code);
  loka::cli::AddInfoCommand(app, &exit_code);
  loka::cli::AddAgriCommand(app, &exit_code);
  loka::cli::AddLangidCommand(app, &exit_code);
  loka::cli::AddServeCommand(app, &exit_code);
  loka::cli::AddKeysCommand(app, &exit_code);
  loka::cli::AddDetectCommand(app, &exit_code);
  loka::cli::AddReadingsCommand(app, &exit_code);
  loka::cli::AddKbCommand(app, &exit_code);
  loka::cli::AddHelplineCommand(app, &exit_code);
  loka::cli::AddFedCommand(app, &exit_code);
  loka::cli::AddHubCommand(app, &exit_code);
  loka::cli::RefuseNonFiniteNumbers(app);
  loka::cli::RefuseNegativeUnsigned(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  // Output lost to a full disk or a closed pipe is an error, whatever the verb printed.
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "loka: error writing to stdout\n");
    return 1;
  }
  return exit_code;
}
