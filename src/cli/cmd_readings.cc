// `loka readings import FILE.csv --db DB`: sensor readings from a CSV file into the node's
// database, through the same checks and counters as POST /v1/readings. Bad rows and refused
// readings are reported on stderr with their line numbers; the totals are printed on stdout as
// one JSON object. Readings older than the retention window (--retention-days, the node's
// default) are refused as expired, as the node refuses them. `loka readings prune` applies the
// retention policy by hand.
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "agri/readings_csv.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/file.h"
#include "core/time.h"
#include "sense/readings_ingest.h"
#include "sense/retention.h"
#include "store/store.h"
#include "text/json.h"

namespace loka::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string db = "loka.db";
  std::vector<std::string> maps;   // FIELD=COLUMN
  std::vector<std::string> units;  // SENSOR=UNIT
  std::string station;
  std::string site;
  size_t batch = 5000;
  size_t max_errors = 50;  // problem lines printed; the rest are only counted
  // Readings older than this many days are refused as expired, as the node refuses them
  // (`loka serve --readings-retention-days`): stored, they would go at its next prune. 0: none.
  int retention_days = sense::kDefaultRetentionDays;
};

struct PruneArgs {
  std::string db = "loka.db";
  int keep_days = sense::kDefaultRetentionDays;
};

Status SplitPair(const std::string& flag, const std::string& value, std::string* k,
                 std::string* v) {
  const size_t eq = value.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
    return InvalidArgument(flag + " must be NAME=VALUE, got \"" + value + "\"");
  }
  *k = value.substr(0, eq);
  *v = value.substr(eq + 1);
  return Status::Ok();
}

// Totals over the whole file.
struct Totals {
  int64_t lines = 0, bad_rows = 0;
  sense::IngestReport report;
};

class Importer {
 public:
  Importer(const ImportArgs& a, store::Store* st) : a_(a), store_(st) {}

  void Problem(const std::string& message) {
    if (printed_ < a_.max_errors) {
      std::fprintf(stderr, "%s %s\n", a_.file.c_str(), message.c_str());
    }
    ++printed_;
  }

  // Stores the pending readings and folds the outcome into the totals.
  Status Flush() {
    if (pending_.empty()) return Status::Ok();
    std::vector<sense::IngestItem> items;
    items.reserve(pending_.size());
    for (const agri::CsvReading& r : pending_) {
      sense::IngestItem it;
      it.raw = {r.station, r.sensor, r.time_ms, r.value, r.unit};
      it.parse_error = r.parse_error;
      items.push_back(it);
    }
    sense::IngestOptions o;
    o.check.now_ms = DefaultClock().NowMs();
    o.site = a_.site;
    o.retention_days = a_.retention_days;
    LOKA_ASSIGN_OR_RETURN(sense::IngestReport rep, sense::IngestItems(*store_, items, o));
    for (const auto& [index, reason] : rep.rejected_items) {
      if (reported_rows_.count(index) != 0) continue;  // a bad row, reported when parsed
      const agri::CsvReading& r = pending_[index];
      Problem("line " + std::to_string(r.line) + ": " +
              (r.sensor.empty() ? std::string("reading") : r.sensor) +
              (r.column.empty() ? "" : " (column " + r.column + ")") + ": " + reason);
    }
    sense::IngestReport& t = totals_.report;
    t.received += rep.received;
    t.accepted += rep.accepted;
    t.duplicates += rep.duplicates;
    t.rejected += rep.rejected;
    for (const auto& [reason, n] : rep.rejected_by_reason) t.rejected_by_reason[reason] += n;
    pending_.clear();
    reported_rows_.clear();
    return Status::Ok();
  }

  Status Run() {
    agri::CsvMapping mapping;
    for (const std::string& m : a_.maps) {
      std::string field, column;
      LOKA_RETURN_IF_ERROR(SplitPair("--map", m, &field, &column));
      if (!mapping.columns.emplace(field, column).second) {
        return InvalidArgument("--map " + field + " given twice (" + field + "=" +
                               mapping.columns[field] + " and " + m + "): map each field once");
      }
    }
    for (const std::string& u : a_.units) {
      std::string sensor, unit;
      LOKA_RETURN_IF_ERROR(SplitPair("--unit", u, &sensor, &unit));
      if (!mapping.units.emplace(sensor, unit).second) {
        return InvalidArgument("--unit " + sensor + " given twice (" + sensor + "=" +
                               mapping.units[sensor] + " and " + u + "): give each unit once");
      }
    }
    mapping.station = a_.station;
    std::ifstream in(a_.file, std::ios::binary);
    if (!in) return FileError(a_.file, "open");
    std::string line;
    if (!std::getline(in, line)) {
      if (in.bad()) return FileError(a_.file, "read");
      return InvalidArgument(a_.file + ": empty file (no header)");
    }
    totals_.lines = 1;
    Result<agri::CsvReadingsParser> parser = agri::CsvReadingsParser::Create(line, mapping);
    if (!parser.ok()) return parser.status().WithPrefix(a_.file + " line 1");
    // Sensors read in their canonical unit for want of one: the wide layout knows them from
    // the header, the long one once its rows are read.
    auto note_assumed_units = [&parser] {
      if (parser->assumed_units().empty()) return;
      std::string list;
      for (const std::string& s : parser->assumed_units()) {
        list += (list.empty() ? "" : ", ") + s + " (" +
                std::string(agri::KindInfo(*agri::KindOfSensor(s)).unit) + ")";
      }
      std::fprintf(stderr, "loka: no unit given for %s; reading canonical units (set --unit)\n",
                   list.c_str());
    };
    if (parser->wide()) note_assumed_units();
    if (!parser->unread_columns().empty()) {
      std::string list;
      for (const std::string& c : parser->unread_columns()) list += (list.empty() ? "" : ", ") + c;
      std::fprintf(stderr, "loka: columns not read: %s (%s)\n", list.c_str(),
                   parser->wide() ? "not sensor names; map one with --map SENSOR=COLUMN"
                                  : "the long layout reads time, station, sensor, value, unit");
    }
    while (std::getline(in, line)) {
      ++totals_.lines;
      Status s = parser->ParseLine(line, totals_.lines, &pending_);
      if (!s.ok()) {
        ++totals_.bad_rows;
        Problem(s.message());
        // Counted with the other refusals, so the node's counters see the file's bad rows.
        agri::CsvReading bad;
        bad.line = totals_.lines;
        bad.station = a_.station;
        bad.parse_error = agri::RejectReason::kMalformed;
        reported_rows_.insert(pending_.size());
        pending_.push_back(std::move(bad));
      }
      if (pending_.size() >= a_.batch) LOKA_RETURN_IF_ERROR(Flush());
    }
    if (in.bad()) return IoError(a_.file + ": read error at line " + std::to_string(totals_.lines));
    LOKA_RETURN_IF_ERROR(Flush());
    if (!parser->wide()) note_assumed_units();
    if (printed_ > a_.max_errors) {
      std::fprintf(stderr, "%s: ... and %zu more problems\n", a_.file.c_str(),
                   printed_ - a_.max_errors);
    }
    const sense::IngestReport& t = totals_.report;
    text::Json reasons = text::Json::object();
    for (const auto& [reason, n] : t.rejected_by_reason) reasons[reason] = n;
    // Every reading read, a bad row counting as one: accepted + duplicates + rejected.
    text::Json out = {{"file", a_.file},          {"lines", totals_.lines},
                      {"bad_rows", totals_.bad_rows}, {"readings", t.received},
                      {"accepted", t.accepted},   {"duplicates", t.duplicates},
                      {"rejected", t.rejected},   {"rejections", reasons}};
    std::printf("%s\n", text::Dump(out).c_str());
    if (t.received > 0 && t.rejected == t.received) {
      return InvalidArgument(a_.file + ": all " + std::to_string(t.received) +
                             " readings were rejected (reasons on stderr and in \"rejections\")");
    }
    return Status::Ok();
  }

 private:
  const ImportArgs& a_;
  store::Store* store_;
  std::vector<agri::CsvReading> pending_;
  // Indexes in pending_ of the bad rows' placeholders: reported when parsed, not again when
  // the ingest refuses them.
  std::set<size_t> reported_rows_;
  Totals totals_;
  size_t printed_ = 0;
};

Status RunImport(const ImportArgs& a) {
  LOKA_ASSIGN_OR_RETURN(store::Store st, store::Store::Open(a.db));
  Importer importer(a, &st);
  return importer.Run();
}

Status RunPrune(const PruneArgs& a) {
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(store::Store st, store::Store::Open(a.db));
  LOKA_ASSIGN_OR_RETURN(int64_t deleted,
                        sense::PruneReadingsOlderThan(st, a.keep_days, DefaultClock().NowMs()));
  std::printf("{\"deleted\":%lld,\"keep_days\":%d}\n", static_cast<long long>(deleted),
              a.keep_days);
  return Status::Ok();
}

}  // namespace

void AddReadingsCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("readings", "Sensor readings: import CSV, retention");
  cmd->require_subcommand(1);

  auto args = std::make_shared<ImportArgs>();
  CLI::App* imp = cmd->add_subcommand("import", "Import sensor readings from a CSV file");
  imp->footer(
      "Layouts: long (columns time, station, sensor, value[, unit]) or wide (a time column\n"
      "and one column per sensor, named after it). --map FIELD=COLUMN maps a loka field\n"
      "(time, station, sensor, value, unit or a sensor name) to a CSV column, e.g.\n"
      "  loka readings import wx.csv --db loka.db --station st1 \\\n"
      "    --map time=timestamp --map air_temperature=temp_f --unit air_temperature=F\n"
      "Times are ISO-8601 (UTC without a zone). Totals are printed as JSON on stdout; bad\n"
      "rows and refused readings on stderr with line numbers. Readings older than\n"
      "--retention-days are refused as expired, as the node refuses them; to import older\n"
      "history give --retention-days 0 here and --readings-retention-days 0 to loka serve.\n"
      "Sensors, units, ranges and reasons: docs/sense.md.");
  imp->add_option("file", args->file, "CSV file with a header line")->required();
  imp->add_option("--db", args->db, "Node database")->capture_default_str();
  imp->add_option("--map", args->maps, "FIELD=COLUMN (repeatable)");
  imp->add_option("--unit", args->units, "SENSOR=UNIT for columns without a unit (repeatable)");
  imp->add_option("--station", args->station, "Station of rows without a station column");
  imp->add_option("--site", args->site, "Site recorded on stations the import creates");
  imp->add_option("--retention-days", args->retention_days,
                  "Refuse readings older than this many days as expired, as a node with the same "
                  "--readings-retention-days does; 0 takes any age")
      ->capture_default_str()->check(CLI::Range(0, 100000));
  imp->add_option("--batch", args->batch, "Readings per transaction")
      ->capture_default_str()->check(CLI::Range(1, 1000000));
  imp->add_option("--max-errors", args->max_errors, "Problem lines printed (all are counted)")
      ->capture_default_str();
  imp->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunImport(*args); }); });

  auto prune = std::make_shared<PruneArgs>();
  CLI::App* pr = cmd->add_subcommand(
      "prune", "Delete raw readings older than --keep-days (daily aggregates stay)");
  pr->add_option("--db", prune->db, "Node database")->capture_default_str();
  pr->add_option("--keep-days", prune->keep_days, "Days of raw readings to keep")
      ->capture_default_str()->check(CLI::Range(1, 100000));
  pr->callback([prune, exit_code] { RunVerb(exit_code, [&] { return RunPrune(*prune); }); });
}

}  // namespace loka::cli
