// `loka langid [FILE]`: language and script of each line; `loka langid train` builds a model by
// counting; `loka langid eval` scores a model on labelled files (accuracy, macro-F1, ECE).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/file.h"
#include "langid/calibration.h"
#include "langid/identifier.h"
#include "langid/train_to_size.h"
#include "langid/trainer.h"
#include "learn/dataset.h"
#include "learn/metrics.h"
#include "nlohmann/json.hpp"

namespace loka::cli {
namespace {

// Scripts that one language owns but the UDHR corpus lacks; answered from the script alone.
const std::vector<std::string> kDefaultScriptLanguages = {
    "Olck=sat", "Mtei=mni", "Lepc=lep", "Limb=lif", "Saur=saz",
    "Sora=srb", "Wcho=nnp", "Tale=tdd", "Talu=khb"};

Result<langid::Identifier> LoadModel(const std::string& flag) {
  const std::string path = flag.empty() ? langid::FindDefaultModel().path : flag;
  Result<langid::Identifier> id = langid::Identifier::Load(path);
  if (!id.ok() && id.status().code() == StatusCode::kNotFound) {
    return Status(StatusCode::kNotFound,
                  id.status().message() +
                      " (build the default model with `make langid-model`, or pass --model)");
  }
  return id;
}

struct IdentifyArgs {
  std::string input = "-";
  std::string model;
  int k = 1;
  bool json = false;
  bool spans = false;
};

nlohmann::json ToJson(const langid::LangResult& r, bool spans) {
  nlohmann::json c = nlohmann::json::array();
  for (const auto& x : r.candidates) c.push_back({{"language", x.language}, {"probability", x.probability}});
  nlohmann::json j = {{"language", r.language}, {"probability", r.probability},
                      {"script", r.script}, {"candidates", std::move(c)}};
  if (spans) {
    nlohmann::json s = nlohmann::json::array();
    for (const auto& x : r.spans) {
      s.push_back({{"begin", x.begin}, {"end", x.end}, {"language", x.language},
                   {"script", x.script}, {"probability", x.probability}});
    }
    j["spans"] = std::move(s);
  }
  return j;
}

// `answer<TAB>p`, then the other candidates up to k pairs. For "und" p is the best language's
// probability (0 when there was no evidence at all).
void AppendTsv(const langid::LangResult& r, int k, std::string* o) {
  *o += r.language;
  *o += '\t';
  *o += FormatProb(r.probability);
  int pairs = 1;
  for (const auto& c : r.candidates) {
    if (pairs >= k) break;
    if (c.language == r.language) continue;
    *o += '\t';
    *o += c.language;
    *o += '\t';
    *o += FormatProb(c.probability);
    ++pairs;
  }
}

Status RunIdentify(const IdentifyArgs& a) {
  LOKA_ASSIGN_OR_RETURN(const langid::Identifier id, LoadModel(a.model));
  langid::IdentifyOptions opts;
  opts.k = a.k;
  opts.spans = a.spans;
  langid::LangResult r;
  return MapLines(a.input, a.json, [&](std::string_view text, std::string* o) -> Status {
    LOKA_RETURN_IF_ERROR(id.Identify(text, opts, &r));
    if (a.json) {
      *o = ToJson(r, a.spans).dump();
      return Status::Ok();
    }
    AppendTsv(r, a.k, o);
    if (a.spans) {
      for (const auto& sp : r.spans) {
        *o += '\t' + std::to_string(sp.begin) + '-' + std::to_string(sp.end) + ':' + sp.language;
      }
    }
    return Status::Ok();
  });
}

struct TrainArgs {
  std::string input;
  std::string output;
  std::string priors;
  std::string speakers;
  size_t max_bytes = 0;
  std::vector<std::string> script_languages = kDefaultScriptLanguages;
  std::vector<std::string> domain_entries;  // DOMAIN=N
  std::string keep = "count";               // --keep: count or gain
  langid::TrainOptions options;
  bool quiet = false;
};

// Lines `label<TAB>count` (--priors, --speakers); a bad line or a count that is not a number is
// an error naming the file and the label.
Result<std::vector<std::pair<std::string, double>>> ReadCounts(const std::string& path) {
  learn::ReadOptions po;
  po.strict = true;  // a bad line is an error
  LOKA_ASSIGN_OR_RETURN(const auto rows, learn::ReadLabelledFile(path, po, nullptr));
  std::vector<std::pair<std::string, double>> counts;
  for (const learn::LabelledText& c : rows) {
    char* end = nullptr;
    const double n = std::strtod(c.text.c_str(), &end);
    if (c.text.empty() || end != c.text.c_str() + c.text.size()) {
      return InvalidArgument(path + ": count of '" + c.label + "': '" + c.text +
                             "' is not a number");
    }
    counts.emplace_back(c.label, n);
  }
  return counts;
}

Status RunTrain(TrainArgs a) {
  const auto t0 = std::chrono::steady_clock::now();
  learn::ReadOptions ro;
  ro.on_bad_line = [](const std::string& m) { std::fprintf(stderr, "loka: skipped %s\n", m.c_str()); };
  learn::ReadStats st;
  LOKA_RETURN_IF_ERROR(RefuseOutputOverInput(a.output, {a.input, a.priors, a.speakers}));
  LOKA_ASSIGN_OR_RETURN(const auto rows, learn::ReadLabelledFile(a.input, ro, &st));
  for (const std::string& sl : a.script_languages) {
    const size_t eq = sl.find('=');
    if (eq == std::string::npos) {
      return InvalidArgument("--script-language " + sl + ": expected SCRIPT=LANGUAGE");
    }
    a.options.script_languages.emplace_back(sl.substr(0, eq), sl.substr(eq + 1));
  }
  for (const std::string& de : a.domain_entries) {
    const size_t eq = de.find('=');
    char* end = nullptr;
    const unsigned long n =
        eq == std::string::npos ? 0 : std::strtoul(de.c_str() + eq + 1, &end, 10);
    if (eq == std::string::npos || eq + 1 == de.size() || end != de.c_str() + de.size() ||
        n == 0 || n > 1000000) {
      return InvalidArgument("--domain-entries " + de + ": expected DOMAIN=N, N in 1..1000000");
    }
    a.options.domain_max_entries.emplace_back(de.substr(0, eq), static_cast<uint32_t>(n));
  }
  a.options.keep_policy = a.keep == "gain" ? langid::KeepPolicy::kGain : langid::KeepPolicy::kCount;
  // A bad count is named with the file it came from; the trainer's own errors name the input.
  if (!a.priors.empty()) {
    LOKA_ASSIGN_OR_RETURN(a.options.prior_counts, ReadCounts(a.priors));
    LOKA_RETURN_IF_ERROR(langid::CheckPriorCounts(a.options.prior_counts).WithPrefix(a.priors));
  }
  if (!a.speakers.empty()) {
    LOKA_ASSIGN_OR_RETURN(a.options.language_speakers, ReadCounts(a.speakers));
    LOKA_RETURN_IF_ERROR(
        langid::CheckLanguageSpeakers(a.options.language_speakers).WithPrefix(a.speakers));
  }
  const size_t slash = a.input.rfind('/');
  a.options.source = slash == std::string::npos ? a.input : a.input.substr(slash + 1);
  langid::TrainReport rep;
  const langid::RetryFn on_retry = [&a](size_t too_large, uint32_t domain_entries) {
    if (a.quiet) return;
    std::fprintf(stderr,
                 "loka: model is %zu bytes, above --max-bytes %zu; counting again with "
                 "--max-entries-domain %u\n",
                 too_large, a.max_bytes, domain_entries);
  };
  // The trainer's errors (a label that is no language code, ...) name the input file.
  Result<std::string> trained = langid::TrainToSize(rows, a.options, a.max_bytes, &rep, on_retry);
  if (!trained.ok()) return trained.status().WithPrefix(a.input);
  const std::string bytes = std::move(trained).value();
  const std::filesystem::path parent = std::filesystem::path(a.output).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return IoError(parent.string() + ": cannot create directory: " + ec.message());
  LOKA_RETURN_IF_ERROR(WriteFileAtomic(a.output, bytes));
  const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!a.quiet) {
    std::fprintf(stderr,
                 "loka: %zu lines (%zu held out for calibration), %zu labels, %zu languages in "
                 "%zu profiles (%zu with n-gram tables), %zu entries, %s, %s -> %s\n",
                 rep.lines, rep.heldout_lines, rep.labels, rep.languages, rep.profiles,
                 rep.table_profiles,
                 rep.entries, FormatBytes(static_cast<double>(bytes.size())).c_str(),
                 FormatSeconds(s).c_str(), a.output.c_str());
    std::fprintf(stderr, "loka: held-out calibration (model trained without those lines):\n");
    std::fprintf(stderr, "  %12s %9s %11s %9s %7s\n", "max length", "examples", "temperature",
                 "accuracy", "ECE");
    for (const auto& b : rep.buckets) {
      const std::string ml = b.max_length == 0xFFFFFFFFu ? "inf" : std::to_string(b.max_length);
      std::fprintf(stderr, "  %12s %9zu %11.3f %9.4f %7.4f\n", ml.c_str(), b.examples,
                   b.temperature, b.accuracy, b.ece);
    }
    std::fprintf(stderr, "  script-only answers: %zu, probability %.4f\n",
                 rep.script_only_examples, rep.script_only_accuracy);
    for (const std::string& g : rep.word_groups) {
      std::fprintf(stderr, "  word group: %s\n", g.c_str());
    }
  }
  return Status::Ok();
}

struct EvalArgs {
  std::vector<std::string> inputs;
  std::string model;
  bool json = false;
};

Status RunEval(const EvalArgs& a) {
  LOKA_ASSIGN_OR_RETURN(const langid::Identifier id, LoadModel(a.model));
  // Every input is read before the table starts, so a missing or unusable file is the only
  // output, not a header or a partial table followed by an error.
  std::vector<std::vector<learn::LabelledText>> files;
  std::vector<learn::ReadStats> stats(a.inputs.size());
  for (size_t i = 0; i < a.inputs.size(); ++i) {
    learn::ReadOptions ro;
    ro.on_bad_line = [](const std::string& m) { std::fprintf(stderr, "loka: skipped %s\n", m.c_str()); };
    LOKA_ASSIGN_OR_RETURN(auto rows, learn::ReadLabelledFile(a.inputs[i], ro, &stats[i]));
    files.push_back(std::move(rows));
  }
  // The answers a gold label can match: the model's languages and "und" (the answer when unsure).
  std::vector<std::string> answers = id.Languages();
  answers.push_back("und");
  nlohmann::json all = nlohmann::json::array();
  if (!a.json) {
    std::printf("%-28s %6s %9s %9s %7s %8s %10s\n", "file", "n", "accuracy", "macro-F1", "ECE",
                "und", "lines/s");
  }
  for (size_t i = 0; i < a.inputs.size(); ++i) {
    const std::string& path = a.inputs[i];
    const learn::ReadStats& st = stats[i];
    const std::vector<learn::LabelledText>& rows = files[i];
    learn::MetricsBuilder mb;
    std::vector<langid::ConfidenceSample> conf;
    size_t und = 0;
    langid::LangResult r;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& row : rows) {
      LOKA_RETURN_IF_ERROR(id.Identify(row.text, {}, &r));
      mb.Add(row.label, r.language);
      und += r.language == "und";
      const bool top_right = !r.candidates.empty() && r.candidates[0].language == row.label;
      conf.push_back({r.candidates.empty() ? 0.0 : r.candidates[0].probability, top_right});
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const learn::Metrics m = mb.Finish();
    const double ece = langid::ExpectedCalibrationError(conf);
    const double lps = secs > 0 ? static_cast<double>(rows.size()) / secs : 0;
    const learn::UnknownLabels unknown = learn::FindUnknownLabels(m, answers);
    if (!unknown.labels.empty()) {
      std::fprintf(stderr, "loka: %s: %s\n", path.c_str(),
                   learn::DescribeUnknownLabels(unknown).c_str());
    }
    if (a.json) {
      all.push_back({{"file", path}, {"n", m.n}, {"accuracy", m.accuracy},
                     {"macro_f1", m.macro_f1}, {"ece", ece}, {"und", und},
                     {"lines_per_s", lps}, {"skipped_lines", st.skipped},
                     {"unknown_label_lines", unknown.lines}, {"unknown_labels", unknown.labels}});
    } else {
      std::printf("%-28s %6zu %9.4f %9.4f %7.4f %8zu %10.0f\n", path.c_str(), m.n, m.accuracy,
                  m.macro_f1, ece, und, lps);
    }
  }
  if (a.json) std::printf("%s\n", all.dump().c_str());
  return Status::Ok();
}

}  // namespace

void AddLangidCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<IdentifyArgs>();
  CLI::App* cmd = app.add_subcommand("langid", "Identify the language and script of text lines");
  cmd->footer(
      "Writes exactly one line per input line: `language<TAB>probability` (ISO 639-3; `und`\n"
      "when unsure, then the number is the best language's probability), K pairs with -k.\n"
      "A line with malformed UTF-8 is reported on stderr with its byte offset and gives an\n"
      "empty output line ({\"error\": ...} with --json). Model: --model, else $LOKA_LANGID_MODEL,\n"
      "else models/langid.bin beside the loka binary.");
  cmd->add_option("input", args->input, "Text file, one text per line (default: stdin)");
  cmd->add_option("-k", args->k, "Pairs per line")->capture_default_str()->check(CLI::Range(1, 1024));
  cmd->add_flag("--json", args->json,
                "JSON lines: language, probability, script, candidates (and spans)");
  cmd->add_flag("--spans", args->spans,
                "Mixed-language spans: byte offsets begin-end:language after the pairs");
  cmd->add_option("--model", args->model, "Model file");
  cmd->require_subcommand(0, 1);

  auto targs = std::make_shared<TrainArgs>();
  CLI::App* train = cmd->add_subcommand("train", "Build a model by counting (deterministic)");
  train->footer(
      "Counts character n-grams per label (docs/langid.md); every 5th line per label is held\n"
      "out to fit the calibration, then the model is counted on all lines. A label `code/domain`\n"
      "is a profile of language `code` with a table of its own; answers name the code. The\n"
      "same input gives the same bytes. A report with held-out accuracy and ECE per length\n"
      "bucket goes to stderr.");
  train->add_option("input", targs->input,
                    "Labelled lines: `code<TAB>text`, or `code/domain<TAB>text` for a profile "
                    "of its own (e.g. deu/ui)")
      ->required();
  train->add_option("-o,--output", targs->output, "Model file to write")->required();
  train->add_option("--script-language", targs->script_languages,
                    "SCRIPT=LANGUAGE answered from the script alone (repeatable)")
      ->capture_default_str();
  train->add_option("--max-entries", targs->options.max_entries_per_language,
                    "N-gram buckets kept per profile (size ~ 2 bytes x profiles x this)")
      ->capture_default_str()->check(CLI::Range(1, 1000000));
  train->add_option("--max-entries-domain", targs->options.max_entries_per_domain,
                    "The same for a domain profile (code/domain); 0: --max-entries")
      ->capture_default_str()->check(CLI::Range(0, 1000000));
  train->add_option("--domain-entries", targs->domain_entries,
                    "DOMAIN=N: N buckets for that domain's profiles instead of "
                    "--max-entries-domain, kept when --max-bytes trims (repeatable)");
  train->add_option("--max-entries-paired", targs->options.max_entries_paired,
                    "The same for a language's plain profile when it also has a domain "
                    "profile; 0: --max-entries")
      ->capture_default_str()->check(CLI::Range(0, 1000000));
  train->add_option("--keep", targs->keep,
                    "Which buckets a profile keeps within its limit: count (the most frequent) "
                    "or gain (the largest count x (log P - floor): the log-likelihood its own "
                    "text loses without them)")
      ->capture_default_str()->check(CLI::IsMember({"count", "gain"}));
  train->add_option("--priors", targs->priors,
                    "Lines `label<TAB>count`: a profile's log-prior is --prior-strength x "
                    "ln(1 + count) (how common its text is); unlisted labels get 0");
  train->add_option("--prior-strength", targs->options.prior_strength,
                    "Nats per unit of ln(1 + count) for --priors")
      ->capture_default_str()->check(CLI::Range(0.0, 10.0));
  train->add_option("--speakers", targs->speakers,
                    "Lines `code<TAB>speakers`: every profile of a language gets the log-prior "
                    "--speaker-strength x ln(1 + speakers); unlisted languages count "
                    "--default-speakers");
  train->add_option("--speaker-strength", targs->options.speaker_prior_strength,
                    "Nats per unit of ln(1 + speakers) for --speakers")
      ->capture_default_str()->check(CLI::Range(0.0, 10.0));
  train->add_option("--default-speakers", targs->options.default_speakers,
                    "Speakers of a trained language that --speakers does not list")
      ->capture_default_str()->check(CLI::Range(0.0, 1e10));
  train->add_option("--speaker-odds", targs->options.speaker_odds_weight,
                    "With --speakers: each language's calibrated log-odds also get this x "
                    "ln(1 + min(speakers, --speaker-cap)), after the temperature (0: off)")
      ->capture_default_str()->check(CLI::Range(0.0, 2.0));
  train->add_option("--speaker-cap", targs->options.speaker_odds_cap,
                    "Speakers above which --speaker-odds counts every language alike")
      ->capture_default_str()->check(CLI::Range(0.0, 1e10));
  train->add_option("--max-bytes", targs->max_bytes,
                    "Largest model file: when the model is larger, the domain profiles get 5 % "
                    "fewer entries until it fits (0: no limit)")
      ->capture_default_str();
  train->add_option("--word-groups", targs->options.word_group_pairs,
                    "Language pairs the held-out lines confuse most, merged into groups that "
                    "tell their languages apart by whole words when a text's two best languages "
                    "are in one (0: none; `make langid-model` passes 5, docs/langid.md)")
      ->capture_default_str()->check(CLI::Range(0, 1000));
  train->add_option("--word-group-words", targs->options.word_group_words,
                    "Words kept per word group, those with the most evidence (`make "
                    "langid-model` passes 1200: 3 bytes a word for a pair, 5 for four languages)")
      ->capture_default_str()->check(CLI::Range(1, 1 << 20));
  train->add_option("--word-group-join", targs->options.word_group_join,
                    "A language in no word group joins the group its held-out confusions are "
                    "most with when they are at least this share of all its confusions (and a "
                    "quarter of the group's most confused pair; 0: none joins; `make "
                    "langid-model` passes 0.4, docs/langid.md)")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  train->add_option("--word-group-bytes", targs->options.word_group_bytes,
                    "Bytes the word groups' words share in proportion to each group's held-out "
                    "confusions, instead of --word-group-words each (0: not shared)")
      ->capture_default_str()->check(CLI::Range(uint64_t{0}, uint64_t{1} << 24));
  train->add_option("--bucket-bits", targs->options.bucket_bits, "log2 of the hashed buckets")
      ->capture_default_str()->check(CLI::Range(8, 24));
  train->add_option("--max-order", targs->options.max_order, "Longest n-gram (code points)")
      ->capture_default_str()->check(CLI::Range(1, 8));
  train->add_option("--und-threshold", targs->options.und_threshold,
                    "Answer und below this top probability")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  train->add_option("--switch-penalty", targs->options.span_switch_penalty,
                    "Span language-change cost (calibrated nats)")
      ->capture_default_str()->check(CLI::Range(0.0, 1000.0));
  train->add_flag("-q,--quiet", targs->quiet, "No report on stderr");
  train->callback([targs, exit_code] { RunVerb(exit_code, [&] { return RunTrain(*targs); }); });

  auto eargs = std::make_shared<EvalArgs>();
  CLI::App* eval = cmd->add_subcommand("eval", "Accuracy, macro-F1 and ECE on labelled files");
  eval->footer(
      "Per file: accuracy and macro-F1 of the answers (`und` counts as wrong), expected\n"
      "calibration error of the top candidate (10 bins), `und` answers, lines/s. Lines whose\n"
      "label is no language of the model (nor `und`) are named on stderr; they count as wrong.");
  eval->add_option("inputs", eargs->inputs, "Labelled lines: `code<TAB>text`")->required();
  eval->add_option("--model", eargs->model, "Model file");
  eval->add_flag("--json", eargs->json,
                 "One JSON array of per-file results: file, n, accuracy, macro_f1, ece, und, "
                 "lines_per_s, skipped_lines, unknown_label_lines, unknown_labels (labels that "
                 "are no language of the model)");
  eval->callback([eargs, exit_code] { RunVerb(exit_code, [&] { return RunEval(*eargs); }); });

  cmd->callback([cmd, args, exit_code]() {
    if (!cmd->get_subcommands().empty()) return;  // train / eval ran
    RunVerb(exit_code, [&] { return RunIdentify(*args); });
  });
}

}  // namespace loka::cli
