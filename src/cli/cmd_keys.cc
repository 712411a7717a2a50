// `loka keys add|list|revoke`: API keys for the node, stored hashed in its database. The clear
// key is printed once, by `add`, alone on its last stdout line (scripts rely on it).
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "store/store.h"
#include "text/utf8.h"

namespace loka::cli {
namespace {

struct KeysArgs {
  std::string db = "loka.db";
  std::string scope = "read";
  std::string note;
  std::string id;
};

std::string FormatTime(int64_t ms) {
  if (ms == 0) return "-";
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A note is the last field of `keys list`'s tab-separated lines: UTF-8 text on one line.
Status CheckNote(const std::string& note) {
  if (Status s = text::ValidateUtf8(note); !s.ok()) return InvalidArgument("--note: " + s.message());
  if (const size_t i = text::FindControlByte(note); i < note.size()) {
    return InvalidArgument("--note: control character at byte " + std::to_string(i) +
                           " (a tab or line break would split the lines of keys list)");
  }
  return Status::Ok();
}

Status RunAdd(const KeysArgs& a) {
  LOKA_RETURN_IF_ERROR(CheckNote(a.note));
  LOKA_ASSIGN_OR_RETURN(store::Scope scope, store::ParseScope(a.scope));
  LOKA_ASSIGN_OR_RETURN(store::Store st, store::Store::Open(a.db));
  store::KeyInfo info;
  LOKA_ASSIGN_OR_RETURN(std::string key, st.AddKey(scope, a.note, &info));
  std::fprintf(stderr, "loka: created %s key %s in %s; it is shown only now\n", a.scope.c_str(),
               info.id.c_str(), a.db.c_str());
  std::printf("%s\n", key.c_str());
  return Status::Ok();
}

Status RunList(const KeysArgs& a) {
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(store::Store st, store::Store::Open(a.db));
  LOKA_ASSIGN_OR_RETURN(std::vector<store::KeyInfo> keys, st.ListKeys());
  std::printf("id\tscope\tcreated\trevoked\tnote\n");
  for (const store::KeyInfo& k : keys) {
    std::printf("%s\t%s\t%s\t%s\t%s\n", k.id.c_str(), std::string(store::ScopeName(k.scope)).c_str(),
                FormatTime(k.created_at_ms).c_str(), FormatTime(k.revoked_at_ms).c_str(),
                k.note.c_str());
  }
  return Status::Ok();
}

Status RunRevoke(const KeysArgs& a) {
  // Accept the id or a whole key ("loka_<id>_<secret>").
  std::string id = a.id;
  if (id.rfind("loka_", 0) == 0 && id.size() >= 17) id = id.substr(5, 12);
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(store::Store st, store::Store::Open(a.db));
  // A key revoked before stays as it was (its revocation time too), and the operator hears so.
  LOKA_ASSIGN_OR_RETURN(std::vector<store::KeyInfo> keys, st.ListKeys());
  for (const store::KeyInfo& k : keys) {
    if (k.id == id && k.revoked_at_ms != 0) {
      std::fprintf(stderr, "loka: key %s was already revoked at %s; nothing changed\n", id.c_str(),
                   FormatTime(k.revoked_at_ms).c_str());
      return Status::Ok();
    }
  }
  LOKA_RETURN_IF_ERROR(st.RevokeKey(id));
  std::fprintf(stderr, "loka: revoked key %s (a running node stops accepting it within seconds)\n",
               id.c_str());
  return Status::Ok();
}

}  // namespace

void AddKeysCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<KeysArgs>();
  CLI::App* cmd = app.add_subcommand("keys", "Manage the node's API keys");
  cmd->require_subcommand(1);
  CLI::App* add = cmd->add_subcommand("add", "Create a key; prints it alone on the last line");
  add->add_option("--db", args->db, "Node database")->capture_default_str();
  add->add_option("--scope", args->scope, "read, write or admin (each includes the ones before)")
      ->capture_default_str()->check(CLI::IsMember({"read", "write", "admin"}));
  add->add_option("--note", args->note, "Free text shown by `keys list`");
  add->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunAdd(*args); }); });
  CLI::App* list = cmd->add_subcommand("list", "List keys (ids and scopes, never secrets)");
  list->add_option("--db", args->db, "Node database")->capture_default_str();
  list->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunList(*args); }); });
  CLI::App* revoke = cmd->add_subcommand("revoke", "Revoke a key by id");
  revoke->add_option("--db", args->db, "Node database")->capture_default_str();
  revoke->add_option("id", args->id, "Key id (from `keys list`) or the whole key")->required();
  revoke->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunRevoke(*args); }); });
}

}  // namespace loka::cli
