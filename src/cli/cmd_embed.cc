// `loka embed INPUT... -o FILE`: learn subword embeddings (learn/embed.h) from unlabelled text.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/file.h"
#include "learn/embed.h"
#include "search/analyzer.h"
#include "text/utf8.h"

namespace loka::cli {
namespace {

struct EmbedArgs {
  std::vector<std::string> inputs;
  std::string output;
  learn::EmbedOptions options;
};

// Each non-empty line of each input is one text; in a line holding tabs (a labelled TSV
// dataset) the text is what follows the last tab. Words are the knowledge base's match keys
// (search/analyzer.h), so vectors learned here compare with a knowledge base's.
Status RunEmbed(const EmbedArgs& a) {
  LOKA_RETURN_IF_ERROR(RefuseOutputOverInput(a.output, a.inputs));
  LOKA_RETURN_IF_ERROR(CheckOutputFolder(a.output));
  learn::EmbedCorpus corpus;
  for (const std::string& path : a.inputs) {
    LOKA_ASSIGN_OR_RETURN(const std::string bytes, ReadFile(path));
    size_t line_no = 0;
    for (size_t pos = 0; pos < bytes.size();) {
      size_t end = bytes.find('\n', pos);
      if (end == std::string::npos) end = bytes.size();
      ++line_no;
      std::string_view line(bytes.data() + pos, end - pos);
      pos = end + 1;
      // Checked whole, so that the byte offset counts from the start of the line.
      const std::string where = path + " line " + std::to_string(line_no);
      LOKA_RETURN_IF_ERROR(text::ValidateUtf8(line).WithPrefix(where));
      const size_t tab = line.rfind('\t');
      if (tab != std::string_view::npos) line.remove_prefix(tab + 1);
      if (line.empty()) continue;
      Result<std::vector<std::string>> keys = search::MatchKeys(line);
      if (!keys.ok()) {
        return keys.status().WithPrefix(where);
      }
      if (!keys->empty()) corpus.Add(*keys);
    }
  }
  std::fprintf(stderr, "loka: %zu texts, %llu words\n", corpus.texts(),
               static_cast<unsigned long long>(corpus.tokens()));
  learn::EmbedOptions options = a.options;
  int last_tenth = -1;
  options.progress = [&last_tenth](uint64_t done, uint64_t planned) {
    const int tenth = static_cast<int>(10 * done / std::max<uint64_t>(1, planned));
    if (tenth == last_tenth) return;
    last_tenth = tenth;
    std::fprintf(stderr, "loka: learning: %d%%\n", 10 * tenth);
  };
  LOKA_ASSIGN_OR_RETURN(const learn::Embeddings e, learn::Embeddings::Train(corpus, options));
  LOKA_RETURN_IF_ERROR(e.Save(a.output));
  std::fprintf(stderr, "loka: wrote %s (%u dimensions)\n", a.output.c_str(), e.dim());
  return Status::Ok();
}

}  // namespace

void AddEmbedCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<EmbedArgs>();
  CLI::App* cmd = app.add_subcommand(
      "embed", "Learn subword embeddings from unlabelled text (skip-gram, character n-grams)");
  cmd->footer(
      "Each non-empty line of each input is one text (in a line with tabs, the part after the\n"
      "last tab). A word's vector is the mean of its character n-grams' rows, so misspelt,\n"
      "inflected and unseen words get vectors near their relatives. Training is\n"
      "single-threaded and deterministic for a given --seed; it visits at most --max-tokens\n"
      "words. File format: docs/formats/embeddings.md.");
  cmd->add_option("inputs", args->inputs, "Text files")->required();
  cmd->add_option("-o,--output", args->output, "Embeddings file to write")->required();
  cmd->add_option("--dim", args->options.dim, "Vector size")
      ->capture_default_str()->check(CLI::Range(1, 1024));
  cmd->add_option("--buckets", args->options.buckets, "Hashed n-gram rows")
      ->capture_default_str()->check(CLI::Range(1u, 1u << 24));
  cmd->add_option("--epochs", args->options.epochs, "Passes over the text (within --max-tokens)")
      ->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--max-tokens", args->options.max_tokens, "Words visited in all, at most")
      ->capture_default_str()->check(CLI::Range(uint64_t{1}, std::numeric_limits<uint64_t>::max()));
  cmd->add_option("--seed", args->options.seed, "Random seed")->capture_default_str();
  cmd->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunEmbed(*args); }); });
}

}  // namespace loka::cli
