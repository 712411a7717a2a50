// `loka helpline erase --number N`: a phone number's tickets, messages, queued replies and
// corrections deleted on its owner's request; `loka helpline export --number N`: all of them as
// JSON (docs/helpline.md, "Phone numbers"). Both work beside a running node (their own
// connection to the database, one transaction).
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "helpline/helpline.h"
#include "store/helpline.h"

namespace loka::cli {
namespace {

struct HelplineArgs {
  std::string db = "loka.db";
  std::string number;
};

Status RunErase(const HelplineArgs& a) {
  LOKA_ASSIGN_OR_RETURN(store::HelplineStore st, store::HelplineStore::Open(a.db));
  LOKA_ASSIGN_OR_RETURN(int64_t tickets, helpline::EraseNumber(st, a.number));
  std::printf("erased %lld ticket(s) of %s\n", static_cast<long long>(tickets),
              a.number.c_str());
  return Status::Ok();
}

Status RunExport(const HelplineArgs& a) {
  LOKA_ASSIGN_OR_RETURN(store::HelplineStore st, store::HelplineStore::Open(a.db));
  LOKA_ASSIGN_OR_RETURN(std::string json, helpline::ExportNumber(st, a.number));
  std::printf("%s\n", json.c_str());
  return Status::Ok();
}

}  // namespace

void AddHelplineCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<HelplineArgs>();
  CLI::App* cmd = app.add_subcommand("helpline", "The helpline's tickets and phone numbers");
  cmd->require_subcommand(1);
  CLI::App* erase = cmd->add_subcommand(
      "erase", "Delete every ticket, message, queued reply and correction of a phone number");
  erase->add_option("--db", args->db, "SQLite database")->capture_default_str();
  erase->add_option("--number", args->number, "The phone number (+ and digits)")->required();
  erase->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunErase(*args); }); });
  CLI::App* exp = cmd->add_subcommand(
      "export", "Print every ticket, message and reply of a phone number as JSON (its owner's copy)");
  exp->add_option("--db", args->db, "SQLite database")->capture_default_str();
  exp->add_option("--number", args->number, "The phone number (+ and digits)")->required();
  exp->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunExport(*args); }); });
}

}  // namespace loka::cli
