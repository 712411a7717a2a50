// `loka kb add|search|list|remove`: the knowledge base in a node database (search/).
// `kb search --json` prints {"results": [{"doc", "passage", "score", "snippet", ...}]}; scripts
// rely on that shape.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "langid/identifier.h"
#include "nlohmann/json.hpp"
#include "search/knowledge_base.h"

namespace loka::cli {
namespace {

struct KbArgs {
  std::string db = "loka.db";
  std::vector<std::string> paths;
  std::string query;
  std::string queries;  // a file of queries, one per line, for `kb search --queries`
  size_t k = 10;
  std::vector<std::string> languages;
  search::DocumentMeta meta;  // kb add --date/--tag
  std::vector<std::string> tags;  // kb search --tag
  std::string since, until;
  std::string model;
  bool json = false;
  search::KbOptions options;
};

// The language-ID model for passages: --langid-model (must load), else the default model when
// it exists (else passages are "und", with a note).
Result<std::optional<langid::Identifier>> LoadLangid(const std::string& flag) {
  Result<langid::Identifier> id =
      langid::Identifier::Load(flag.empty() ? langid::FindDefaultModel().path : flag);
  if (id.ok()) return std::optional<langid::Identifier>(std::move(*id));
  if (!flag.empty() || id.status().code() != StatusCode::kNotFound) return id.status();
  std::fprintf(stderr, "loka: no language-ID model (%s); passages get language \"und\"\n",
               id.status().message().c_str());
  return std::optional<langid::Identifier>();
}

Status RunAdd(const KbArgs& a) {
  LOKA_ASSIGN_OR_RETURN(std::optional<langid::Identifier> id, LoadLangid(a.model));
  search::LanguageFn language;
  if (id) {
    const langid::Identifier* model = &*id;  // outlives the knowledge base below
    language = [model](std::string_view text, langid::LangResult* out) {
      return model->Identify(text, langid::IdentifyOptions{}, out);
    };
  }
  search::KbOptions options = a.options;
  int last_quarter = -1;
  options.embed.progress = [&last_quarter](uint64_t done, uint64_t planned) {
    const int quarter = static_cast<int>(4 * done / std::max<uint64_t>(1, planned));
    if (quarter == last_quarter) return;
    last_quarter = quarter;
    std::fprintf(stderr, "loka: learning embeddings from the passages: %d%%\n", 25 * quarter);
  };
  LOKA_ASSIGN_OR_RETURN(search::KnowledgeBase kb,
                        search::KnowledgeBase::Open(a.db, std::move(language), options));
  LOKA_ASSIGN_OR_RETURN(std::vector<search::AddReport> reports, kb.AddPaths(a.paths, a.meta));
  nlohmann::json out = nlohmann::json::array();
  size_t failed = 0;
  for (const search::AddReport& r : reports) {
    if (!r.status.ok()) {
      ++failed;
      // The message names the file (search::AddReport::status).
      std::fprintf(stderr, "loka: %s\n", r.status.ToString().c_str());
    }
    const std::string outcome =
        r.status.ok() ? std::string(store::KbPutOutcomeName(r.outcome)) : "failed";
    if (a.json) {
      nlohmann::json j = {{"doc", r.doc}, {"outcome", outcome}, {"passages", r.passages}};
      if (!r.status.ok()) j["error"] = r.status.ToString();
      out.push_back(std::move(j));
    } else if (r.status.ok()) {
      std::printf("%s\t%s\t%zu passages\n", outcome.c_str(), r.doc.c_str(), r.passages);
    }
  }
  if (a.json) std::printf("%s\n", nlohmann::json{{"documents", out}}.dump().c_str());
  if (failed > 0) {
    return InvalidArgument(std::to_string(failed) + " of " + std::to_string(reports.size()) +
                           " paths or documents could not be added");
  }
  return Status::Ok();
}

// One JSON line per query line: the results and the search's own time in milliseconds (the
// process start and the database open excluded), or {"error": ...}. A line that failed makes
// the command fail (exit code 1) once every line is answered, as kb add does for a document.
Status RunSearchBatch(search::KnowledgeBase& kb, const KbArgs& a, const search::SearchOptions& so) {
  size_t failed = 0;
  LOKA_RETURN_IF_ERROR(MapLines(a.queries, true, [&](std::string_view q, std::string* out) {
    const auto t0 = std::chrono::steady_clock::now();
    Result<std::vector<search::SearchResult>> results = kb.Search(q, so);
    if (!results.ok()) {
      ++failed;
      return results.status();
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    nlohmann::json j = search::ResultsToJson(*results);
    j["latency_ms"] = ms;
    *out = j.dump();
    return Status::Ok();
  }));
  if (failed > 0) {
    return InvalidArgument(std::to_string(failed) + " queries could not be answered");
  }
  return Status::Ok();
}

Status RunSearch(const KbArgs& a) {
  if (!a.queries.empty() && !a.query.empty()) {
    return InvalidArgument("give either a QUERY or --queries FILE, not both");
  }
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(search::KnowledgeBase kb,
                        search::KnowledgeBase::Open(a.db, nullptr, a.options));
  search::SearchOptions so;
  so.k = a.k;
  so.languages = a.languages;
  so.tags = a.tags;
  so.since = a.since;
  so.until = a.until;
  if (!a.queries.empty()) return RunSearchBatch(kb, a, so);
  LOKA_ASSIGN_OR_RETURN(std::vector<search::SearchResult> results, kb.Search(a.query, so));
  if (a.json) {
    std::printf("%s\n", search::ResultsToJson(results).dump().c_str());
    return Status::Ok();
  }
  for (const search::SearchResult& r : results) {
    std::printf("%.5f\t%s#%lld\t%s\n", r.score, r.doc.c_str(), static_cast<long long>(r.ordinal),
                r.snippet.c_str());
  }
  return Status::Ok();
}

Status RunList(const KbArgs& a) {
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(search::KnowledgeBase kb,
                        search::KnowledgeBase::Open(a.db, nullptr, a.options));
  LOKA_ASSIGN_OR_RETURN(std::vector<store::KbDocumentRecord> docs, kb.List());
  if (a.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const store::KbDocumentRecord& d : docs) {
      list.push_back({{"doc", d.path}, {"format", d.format}, {"title", d.title},
                      {"version", d.version}, {"passages", d.passages},
                      {"size_bytes", d.size_bytes}, {"content_hash", d.content_hash},
                      {"created_at_ms", d.created_at_ms}, {"updated_at_ms", d.updated_at_ms},
                      {"date", d.date}, {"tags", d.tags}});
    }
    std::printf("%s\n", nlohmann::json{{"documents", list}}.dump().c_str());
    return Status::Ok();
  }
  std::printf("doc\tformat\tversion\tpassages\tsize\ttitle\n");
  for (const store::KbDocumentRecord& d : docs) {
    std::printf("%s\t%s\t%lld\t%lld\t%s\t%s\n", d.path.c_str(), d.format.c_str(),
                static_cast<long long>(d.version), static_cast<long long>(d.passages),
                FormatBytes(static_cast<double>(d.size_bytes)).c_str(), d.title.c_str());
  }
  return Status::Ok();
}

Status RunRemove(const KbArgs& a) {
  LOKA_RETURN_IF_ERROR(RequireExistingDatabase(a.db));
  LOKA_ASSIGN_OR_RETURN(search::KnowledgeBase kb,
                        search::KnowledgeBase::Open(a.db, nullptr, a.options));
  // Every name that exists is removed; a missing one is reported and does not stop the others.
  size_t missing = 0;
  for (const std::string& doc : a.paths) {
    const Status s = kb.Remove(doc);
    if (s.code() == StatusCode::kNotFound) {
      ++missing;
      std::fprintf(stderr, "loka: %s\n", s.ToString().c_str());
      continue;
    }
    LOKA_RETURN_IF_ERROR(s);
    std::fprintf(stderr, "loka: removed %s\n", doc.c_str());
  }
  if (missing > 0) {
    return NotFound(std::to_string(missing) + " of " + std::to_string(a.paths.size()) +
                    " documents are not in the knowledge base (kb list shows their names)");
  }
  return Status::Ok();
}

void OnRun(CLI::App* cmd, const std::shared_ptr<KbArgs>& args, int* exit_code,
           Status (*run)(const KbArgs&)) {
  cmd->add_option("--db", args->db, "Node database holding the knowledge base")
      ->capture_default_str();
  cmd->callback([args, exit_code, run] { RunVerb(exit_code, [&] { return run(*args); }); });
}

}  // namespace

void AddKbCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<KbArgs>();
  CLI::App* cmd = app.add_subcommand("kb", "Knowledge base: add documents, search passages");
  cmd->require_subcommand(1);
  cmd->footer("Documents are text, Markdown, HTML or PDF; see docs/search.md.");

  CLI::App* add = cmd->add_subcommand("add", "Add or update documents (files or folders)");
  add->footer(
      "A file is stored under its path as given; a folder is walked and each .txt, .md,\n"
      ".html/.htm or .pdf file is stored under its path relative to the folder. A document\n"
      "added again replaces the old version when its content changed. One line per document:\n"
      "`outcome<TAB>doc<TAB>N passages` (added, replaced, unchanged); failures (a missing\n"
      "path, a folder holding no document, a second file under a name already taken in this\n"
      "add) on stderr and exit code 1, the other paths still added. Passages get their\n"
      "language from the language-ID model (--langid-model, else $LOKA_LANGID_MODEL, else\n"
      "models/langid.bin beside loka).");
  add->add_option("paths", args->paths, "Files or folders")->required();
  add->add_option("--langid-model", args->model, "Language-ID model file");
  add->add_option("--max-document-bytes", args->options.max_document_bytes,
                  "Larger files are refused before they are read")
      ->capture_default_str()->check(CLI::Range(size_t{1}, size_t{1} << 34));
  add->add_option("--date", args->meta.date,
                  "When the documents were issued (YYYY-MM-DD), for kb search --since/--until");
  add->add_option("--tag", args->meta.tags,
                  "A label for kb search --tag (repeatable; case ignored)");
  add->add_option("--semantic", args->options.semantic_weight,
                  "Above 0: learn the semantic ranker's embeddings from the passages (their "
                  "weight is kb search --semantic); 0: do not")
      ->capture_default_str()->check(CLI::Range(0.0, 10.0));
  add->add_flag("--json", args->json, "One JSON object: {\"documents\": [...]}");
  OnRun(add, args, exit_code, RunAdd);

  CLI::App* find = cmd->add_subcommand("search", "Best passages for a query");
  find->footer(
      "Hybrid ranking: word and word-pair matches (diacritics and case ignored, Latin\n"
      "transliteration of non-Latin text included) fused with character 3-gram matches, which\n"
      "forgive typos, and with the cosine of subword embeddings learned from the passages\n"
      "(misspelt and inflected words land near their word); then the passages holding most\n"
      "of the query as one run of text, in order, come first.\n"
      "Text: `score<TAB>doc#passage<TAB>snippet`, matches between **.");
  find->add_option("query", args->query, "The question or words to look for");
  find->add_option("--queries", args->queries,
                   "File of queries, one per line (\"-\" = stdin): one JSON line each, with "
                   "the search time in latency_ms");
  find->add_option("-k", args->k, "Results")->capture_default_str()->check(CLI::Range(1, 100));
  find->add_option("--lang", args->languages, "Only passages in these languages (ISO 639-3)");
  find->add_option("--tag", args->tags, "Only documents with any of these tags");
  find->add_option("--since", args->since,
                   "Only documents dated on or after this day (YYYY-MM-DD)");
  find->add_option("--until", args->until,
                   "Only documents dated on or before this day (YYYY-MM-DD)");
  find->add_option("--phrase-depth", args->options.phrase_depth,
                   "Fused results re-ranked by phrase match (0: off)")
      ->capture_default_str();
  find->add_option("--semantic", args->options.semantic_weight,
                   "Weight of the semantic ranker (embeddings learned from the passages) in "
                   "the fusion; 0: off")
      ->capture_default_str()->check(CLI::Range(0.0, 10.0));
  find->add_flag("--json", args->json,
                 "{\"results\": [{\"doc\", \"passage\", \"score\", \"coverage\", \"snippet\", \"marks\", "
                 "\"heading\", \"language\", \"script\", \"passage_id\", \"ordinal\"}]}");
  OnRun(find, args, exit_code, RunSearch);

  CLI::App* list = cmd->add_subcommand("list", "Documents in the knowledge base");
  list->add_flag("--json", args->json, "{\"documents\": [...]}");
  OnRun(list, args, exit_code, RunList);

  CLI::App* remove = cmd->add_subcommand("remove", "Delete documents and their passages");
  remove->footer("Every name that exists is removed; a missing one is reported (exit code 1).");
  remove->add_option("docs", args->paths, "Document names as `kb list` shows them")->required();
  OnRun(remove, args, exit_code, RunRemove);
}

}  // namespace loka::cli
