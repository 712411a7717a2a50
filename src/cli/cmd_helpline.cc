// `loka helpline erase --number N`: a phone number's tickets, messages, queued replies,
// corrections and alert subscriptions deleted on its owner's request; `loka helpline export
// --number N`: all of them as JSON (docs/helpline.md, "Phone numbers"); `loka helpline subscribe
// --number N --field ID | --station ID`: a phone subscribed to farm alerts by SMS, `unsubscribe
// --id ID` removes it. All work beside a running node (their own connection to the database,
// one transaction).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "helpline/alert_sms.h"
#include "helpline/helpline.h"
#include "store/helpline.h"

namespace loka::cli {
namespace {

struct HelplineArgs {
  std::string db = "loka.db";
  std::string number;
  int64_t field = 0;
  std::string station;
  std::vector<std::string> kinds;
  std::string language = "eng";
  int64_t id = 0;
};

Status RunErase(const HelplineArgs& a) {
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(store::HelplineStore st, store::HelplineStore::Open(a.db));
  LOKA_ASSIGN_OR_RETURN(int64_t tickets, helpline::EraseNumber(st, a.number));
  std::printf("erased %lld ticket(s) of %s\n", static_cast<long long>(tickets),
              a.number.c_str());
  return Status::Ok();
}

Status RunExport(const HelplineArgs& a) {
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(store::HelplineStore st, store::HelplineStore::Open(a.db));
  LOKA_ASSIGN_OR_RETURN(std::string json, helpline::ExportNumber(st, a.number));
  std::printf("%s\n", json.c_str());
  return Status::Ok();
}

Status RunSubscribe(const HelplineArgs& a) {
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(store::HelplineStore st, store::HelplineStore::Open(a.db));
  LOKA_ASSIGN_OR_RETURN(std::unique_ptr<helpline::AlertSms> sms,
                        helpline::AlertSms::Create(helpline::HelplineOptions{}, &st));
  helpline::SubscribeRequest r;
  r.number = a.number;
  r.field_id = a.field;
  r.station = a.station;
  r.kinds = a.kinds;
  r.language = a.language;
  LOKA_ASSIGN_OR_RETURN(store::SubscriptionRecord s, sms->Subscribe(r));
  std::string kinds;
  for (const std::string& k : s.kinds) kinds += (kinds.empty() ? "" : ",") + k;
  std::printf("subscription %lld: %s to %s %s (%s, %s)\n", static_cast<long long>(s.id),
              s.number.c_str(), s.field_id != 0 ? "field" : "station",
              s.field_id != 0 ? std::to_string(s.field_id).c_str() : s.station.c_str(),
              kinds.c_str(), s.language.c_str());
  return Status::Ok();
}

Status RunUnsubscribe(const HelplineArgs& a) {
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(store::HelplineStore st, store::HelplineStore::Open(a.db));
  LOKA_RETURN_IF_ERROR(st.DeleteSubscription(a.id));
  std::printf("deleted subscription %lld\n", static_cast<long long>(a.id));
  return Status::Ok();
}

}  // namespace

void AddHelplineCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<HelplineArgs>();
  CLI::App* cmd = app.add_subcommand("helpline", "The helpline's tickets and phone numbers");
  cmd->require_subcommand(1);
  CLI::App* erase = cmd->add_subcommand(
      "erase", "Delete every ticket, message, queued reply, correction and alert subscription "
               "of a phone number");
  erase->add_option("--db", args->db, "SQLite database")->capture_default_str();
  erase->add_option("--number", args->number, "The phone number (+ and digits)")->required();
  erase->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunErase(*args); }); });
  CLI::App* exp = cmd->add_subcommand(
      "export", "Print every ticket, message and reply of a phone number as JSON (its owner's copy)");
  exp->add_option("--db", args->db, "SQLite database")->capture_default_str();
  exp->add_option("--number", args->number, "The phone number (+ and digits)")->required();
  exp->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunExport(*args); }); });
  CLI::App* sub = cmd->add_subcommand(
      "subscribe", "Subscribe a phone number to a field's or a station's farm alerts by SMS");
  sub->add_option("--db", args->db, "SQLite database")->capture_default_str();
  sub->add_option("--number", args->number, "The phone number (+ and digits)")->required();
  CLI::Option* field = sub->add_option("--field", args->field, "The field's id");
  CLI::Option* station = sub->add_option("--station", args->station, "The station's id");
  field->excludes(station);
  sub->add_option("--kinds", args->kinds,
                  "Alert kinds: frost, heat, irrigation (fields only), sensor_fault "
                  "(default: frost, heat and, for a field, irrigation)")
      ->delimiter(',');
  sub->add_option("--language", args->language, "ISO 639-3 code of the texts")
      ->capture_default_str();
  sub->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunSubscribe(*args); }); });
  CLI::App* unsub = cmd->add_subcommand("unsubscribe", "Remove an alert subscription");
  unsub->add_option("--db", args->db, "SQLite database")->capture_default_str();
  unsub->add_option("--id", args->id, "The subscription's id")->required();
  unsub->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunUnsubscribe(*args); }); });
}

}  // namespace loka::cli
