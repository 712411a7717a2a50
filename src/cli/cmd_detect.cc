// `loka detect FILE.csv`: online anomaly scores of one stream. Reads `timestamp,value` rows
// (header line first, ISO-8601 timestamps) and writes `timestamp,value,score` on stdout, one
// row per input data row in input order; a row's score uses only that row and earlier ones
// (agri/anomaly_score.h). A bad row (unparseable timestamp or value, NaN, infinity, wrong field
// count) is reported on stderr with its line number, written with score 0 and not learnt from.
// Blank lines are skipped (they are no data rows). docs/detect.md describes the score.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "agri/anomaly_score.h"
#include "agri/timestamp.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/file.h"
#include "core/number.h"

namespace loka::cli {
namespace {

struct DetectArgs {
  std::string file;
  agri::AnomalyScoreOptions options;
  int max_reported = 20;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Status RunDetect(const DetectArgs& a) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return FileError(a.file, "open");
  std::string line;
  if (!std::getline(in, line)) {
    if (in.bad()) return FileError(a.file, "read");
    return InvalidArgument(a.file + ": empty file, expected a header line");
  }
  agri::AnomalyScorer scorer(a.options);
  OutBuffer out;
  out.Append("timestamp,value,score\n");
  int64_t line_no = 1, bad = 0;
  char score_text[32];
  while (std::getline(in, line)) {
    ++line_no;
    const std::string_view row = Trim(line);
    if (row.empty()) continue;
    const size_t comma = row.find(',');
    const std::string_view ts_field = Trim(row.substr(0, comma));
    const std::string_view value_field =
        comma == std::string_view::npos ? std::string_view() : Trim(row.substr(comma + 1));
    Status why;
    double score = 0.0;
    if (comma == std::string_view::npos) {
      why = InvalidArgument("expected 2 fields timestamp,value");
    } else if (value_field.find(',') != std::string_view::npos) {
      why = InvalidArgument("expected 2 fields timestamp,value, got more");
    } else {
      Result<int64_t> t = agri::ParseIso8601(ts_field);
      Result<double> v = ParseDecimal(value_field);
      if (!t.ok()) why = t.status();
      else if (!v.ok()) why = v.status().WithPrefix("value");
      else score = scorer.Score(*t, *v);
    }
    if (!why.ok()) {
      if (++bad <= a.max_reported) {
        std::fprintf(stderr, "loka detect: %s line %lld: %s; written with score 0\n",
                     a.file.c_str(), static_cast<long long>(line_no), why.message().c_str());
      }
    }
    out.Append(ts_field);
    out.Append(",");
    out.Append(comma == std::string_view::npos ? std::string_view() : value_field.substr(0, value_field.find(',')));
    std::snprintf(score_text, sizeof score_text, ",%.8f\n", score);
    out.Append(score_text);
  }
  out.Flush();
  if (bad > a.max_reported) {
    std::fprintf(stderr, "loka detect: %s: %lld bad rows in all (first %d reported)\n",
                 a.file.c_str(), static_cast<long long>(bad), a.max_reported);
  }
  if (in.bad()) return IoError(a.file + ": read error");
  return Status::Ok();
}

}  // namespace

void AddDetectCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DetectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "detect", "Online anomaly score per row of a timestamp,value CSV (writes timestamp,value,score)");
  cmd->add_option("file", args->file, "CSV with a header line and timestamp,value rows")->required();
  // Negative row counts and a horizon under one row mean nothing (a horizon of 0 would divide
  // by zero), so they are usage errors rather than silently odd scores. kMaxRows (2^30, about
  // 10,000 years of 5-minute readings) only keeps the numbers readable in the messages.
  constexpr int kMaxRows = 1 << 30;
  cmd->add_option("--warmup-rows", args->options.warmup_rows,
                  "Rows scored 0 while the statistics fill")
      ->check(CLI::Range(0, kMaxRows))
      ->capture_default_str();
  cmd->add_option("--rest-rows", args->options.rest_rows,
                  "A row must beat the surprise of this many previous rows to keep its full score")
      ->check(CLI::Range(0, kMaxRows))
      ->capture_default_str();
  cmd->add_option("--long-horizon-rows", args->options.long_horizon_rows,
                  "Horizon of the long-run level and spread [rows]")
      ->check(CLI::Range(1.0, double{kMaxRows}))
      ->capture_default_str();
  cmd->add_option("--max-reported", args->max_reported,
                  "Bad rows reported one by one on stderr (then a count)")
      ->check(CLI::Range(0, kMaxRows))
      ->capture_default_str();
  cmd->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunDetect(*args); }); });
}

}  // namespace loka::cli
