// Adding documents and searching them (search/knowledge_base.h).
#include "search/knowledge_base.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "core/file.h"
#include "agri/timestamp.h"
#include "core/hash.h"
#include "search/analyzer.h"
#include "search/phrase.h"
#include "text/normalize.h"
#include "text/script.h"
#include "text/utf8.h"

namespace loka::search {
namespace {

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// 128 bits of two independent 64-bit hashes: change detection, not a security digest.
std::string ContentHash(std::string_view bytes) {
  return Hex64(Hash64(bytes, 0x6b62686173683161ULL)) + Hex64(Hash64(bytes, 0x6b62686173683162ULL));
}

// "45 bytes", "67108874 bytes (64.0 MiB)": exact, so a size just past a limit never reads
// as equal to it, and small limits do not print as 0.0 MiB.
std::string SizeText(size_t bytes) {
  char buf[64];
  if (bytes < (1 << 20)) {
    std::snprintf(buf, sizeof buf, "%zu bytes", bytes);
  } else {
    std::snprintf(buf, sizeof buf, "%zu bytes (%.1f MiB)", bytes,
                  static_cast<double>(bytes) / (1 << 20));
  }
  return buf;
}

bool Hidden(const std::filesystem::path& relative) {
  for (const auto& part : relative) {
    const std::string s = part.string();
    if (!s.empty() && s[0] == '.' && s != "." && s != "..") return true;
  }
  return false;
}

// A passage's vector as stored: each coordinate of the unit vector times 127, rounded, as an
// int8 (docs/formats/embeddings.md).
std::string EncodeVector(const float* v, size_t dim) {
  std::string out(dim, '\0');
  for (size_t d = 0; d < dim; ++d) {
    const long q = std::lround(std::clamp(v[d], -1.0f, 1.0f) * 127.0f);
    out[d] = static_cast<char>(static_cast<int8_t>(q));
  }
  return out;
}

// Cosine between a unit query vector and a stored passage vector (about unit length once
// divided by 127); -2 when the stored vector is missing or of another size.
double StoredCosine(const std::vector<float>& query, std::string_view stored) {
  if (stored.size() != query.size()) return -2;
  double dot = 0;
  for (size_t d = 0; d < query.size(); ++d) {
    dot += static_cast<double>(query[d]) * static_cast<int8_t>(stored[d]);
  }
  return dot / 127.0;
}

}  // namespace

// The embeddings this process last read from the store, and their generation.
struct KnowledgeBase::EmbedCache {
  std::mutex mu;
  int64_t generation = 0;
  std::shared_ptr<const learn::Embeddings> model;
};

// Documents prepared but not yet committed, and the reports that await their outcome.
struct KnowledgeBase::Pending {
  std::vector<store::KbNewDocument> documents;
  std::vector<size_t> report_of;  // index into `reports` of each document
  size_t passages = 0;
  std::vector<AddReport> reports;
  std::unordered_map<std::string, std::string> files_by_name;  // name -> the file added under it
};

KnowledgeBase::KnowledgeBase(store::KbStore kb, LanguageFn language, const KbOptions& options)
    : kb_(std::make_unique<store::KbStore>(std::move(kb))),
      embed_(std::make_unique<EmbedCache>()),
      language_(std::move(language)),
      options_(options) {}
KnowledgeBase::KnowledgeBase(KnowledgeBase&&) noexcept = default;
KnowledgeBase& KnowledgeBase::operator=(KnowledgeBase&&) noexcept = default;
KnowledgeBase::~KnowledgeBase() = default;

Result<KnowledgeBase> KnowledgeBase::Open(const std::string& db_path, LanguageFn language,
                                          const KbOptions& options) {
  LOKA_ASSIGN_OR_RETURN(store::KbStore kb, store::KbStore::Open(db_path));
  return KnowledgeBase(std::move(kb), std::move(language), options);
}

Result<DocumentMeta> KnowledgeBase::CheckMeta(const DocumentMeta& meta) const {
  DocumentMeta out;
  if (!meta.date.empty()) {
    LOKA_ASSIGN_OR_RETURN(const int64_t day, agri::ParseDate(meta.date));
    out.date = agri::FormatDate(day);
  }
  if (meta.tags.size() > options_.max_tags) {
    return InvalidArgument(std::to_string(meta.tags.size()) + " tags, more than " +
                           std::to_string(options_.max_tags) + " (max_tags)");
  }
  text::NormalizeOptions fold;
  fold.fold_digits = false;
  for (const std::string& tag : meta.tags) {
    const size_t first = tag.find_first_not_of(" \t\r\n");
    const size_t last = tag.find_last_not_of(" \t\r\n");
    if (first == std::string::npos) return InvalidArgument("empty tag");
    Result<std::string> folded = text::Normalize(tag.substr(first, last - first + 1), fold);
    if (!folded.ok()) return folded.status().WithPrefix("tag");
    if (folded->size() > options_.max_tag_bytes) {
      return InvalidArgument("tag \"" + *folded + "\" is longer than " +
                             std::to_string(options_.max_tag_bytes) + " bytes (max_tag_bytes)");
    }
    if (text::FindControlByte(*folded) < folded->size()) {
      return InvalidArgument("tag holds a control character");
    }
    if (folded->find(',') != std::string::npos) {
      return InvalidArgument("tag \"" + *folded +
                             "\" holds a comma: a tag is one label, and tag filters over HTTP "
                             "separate tags by commas (give each tag on its own)");
    }
    out.tags.push_back(std::move(*folded));
  }
  std::sort(out.tags.begin(), out.tags.end());
  out.tags.erase(std::unique(out.tags.begin(), out.tags.end()), out.tags.end());
  return out;
}

Status KnowledgeBase::CheckDocumentName(std::string_view name) const {
  if (name.size() > options_.max_name_bytes) {
    return InvalidArgument("document name is " + std::to_string(name.size()) +
                           " bytes, more than " + std::to_string(options_.max_name_bytes) +
                           " (max_name_bytes)");
  }
  if (name.find_first_not_of(' ') == std::string_view::npos) {
    return InvalidArgument("a document needs a name (not empty, not only spaces)");
  }
  const size_t bad = text::FindInvalidUtf8(name);
  if (bad < name.size()) {
    return InvalidArgument("document name is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  }
  for (size_t pos = 0; pos < name.size();) {
    const size_t at = pos;
    const char32_t c = text::DecodeUtf8(name, &pos);
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      return InvalidArgument("document name holds a control character at byte " +
                             std::to_string(at) +
                             " (tab, line breaks, NUL and the other C0 and C1 controls are not "
                             "allowed in a name)");
    }
  }
  return Status::Ok();
}

Result<store::KbFilter> KnowledgeBase::MakeFilter(const SearchOptions& options) const {
  DocumentMeta tags;
  tags.tags = options.tags;
  LOKA_ASSIGN_OR_RETURN(DocumentMeta folded, CheckMeta(tags));
  store::KbFilter f;
  f.languages = options.languages;
  f.tags = std::move(folded.tags);
  for (auto [in, out] : {std::pair{&options.since, &f.since}, {&options.until, &f.until}}) {
    if (in->empty()) continue;
    Result<int64_t> day = agri::ParseDate(*in);
    if (!day.ok()) return day.status().WithPrefix(in == &options.since ? "since" : "until");
    *out = agri::FormatDate(*day);
  }
  return f;
}

Status KnowledgeBase::Prepare(std::string_view name, std::string_view bytes, Format format,
                              const DocumentMeta& meta, store::KbNewDocument* out) const {
  LOKA_RETURN_IF_ERROR(CheckDocumentName(name));
  if (bytes.size() > options_.max_document_bytes) {
    return ResourceExhausted(SizeText(bytes.size()) + " is larger than the limit of " +
                             SizeText(options_.max_document_bytes) + " (max_document_bytes)");
  }
  LOKA_ASSIGN_OR_RETURN(Extracted doc, Extract(format, bytes));
  out->path = std::string(name);
  out->format = std::string(FormatName(format));
  out->title = doc.title;
  out->content_hash = ContentHash(bytes);
  out->size_bytes = static_cast<int64_t>(bytes.size());
  out->date = meta.date;
  out->tags = meta.tags;
  const std::vector<Passage> passages = SplitPassages(doc.blocks, options_.passages);
  out->passages.clear();
  out->passages.reserve(passages.size());
  LOKA_ASSIGN_OR_RETURN(const std::shared_ptr<const learn::Embeddings> embeddings,
                        CurrentEmbeddings());
  langid::LangResult lang;
  std::vector<std::string> words, latin_terms, grams;
  for (size_t i = 0; i < passages.size(); ++i) {
    const Passage& p = passages[i];
    store::KbNewPassage np;
    np.passage.ordinal = static_cast<int64_t>(i);
    np.passage.heading = p.heading;
    np.passage.text = p.text;
    if (language_) {
      LOKA_RETURN_IF_ERROR(language_(p.text, &lang));
      np.passage.language = lang.language;
      np.passage.script = lang.script;
    } else {
      np.passage.language = "und";
      np.passage.script = text::ScriptName(text::DominantScript(p.text));
    }
    LOKA_ASSIGN_OR_RETURN(std::vector<std::string> keys, MatchKeys(p.text));
    LOKA_ASSIGN_OR_RETURN(std::vector<std::string> latin, LatinKeys(p.text));
    LOKA_ASSIGN_OR_RETURN(std::vector<std::string> heading_keys, MatchKeys(p.heading));
    words.clear();
    latin_terms.clear();
    grams.clear();
    AppendWordTerms(keys, &words);
    for (const std::string& k : heading_keys) AppendWordTerms({k}, &words);
    AppendWordTerms(latin, &latin_terms);
    AppendGramTerms(keys, &grams);
    AppendGramTerms(latin, &grams);
    np.terms.words = JoinTerms(words);
    np.terms.latin = JoinTerms(latin_terms);
    np.terms.grams = JoinTerms(grams);
    if (embeddings) {
      const std::vector<float> v = embeddings->TextVector(keys);
      np.vector = EncodeVector(v.data(), v.size());
    }
    out->passages.push_back(std::move(np));
  }
  return Status::Ok();
}

Status KnowledgeBase::Commit(Pending* pending) {
  if (pending->documents.empty()) return Status::Ok();
  Result<std::vector<store::KbPutOutcome>> outcomes = kb_->PutDocuments(pending->documents);
  for (size_t i = 0; i < pending->documents.size(); ++i) {
    AddReport& r = pending->reports[pending->report_of[i]];
    if (outcomes.ok()) {
      r.outcome = (*outcomes)[i];
    } else {
      r.status = outcomes.status().WithPrefix(r.doc);
    }
  }
  pending->documents.clear();
  pending->report_of.clear();
  pending->passages = 0;
  return outcomes.status();
}

Status KnowledgeBase::AddFile(const std::string& file, const std::string& name,
                              const DocumentMeta& meta, Pending* pending) {
  pending->reports.push_back(AddReport{name, store::KbPutOutcome::kAdded, 0, Status::Ok()});
  AddReport& report = pending->reports.back();
  auto fail = [&](Status s) { report.status = s.WithPrefix(file); };
  // Two files stored under one name in one add (faq.md in two folders): the first is kept and
  // the later one refused, rather than silently replacing it.
  const auto [earlier, first_time] = pending->files_by_name.emplace(name, file);
  if (!first_time) {
    std::error_code ec;
    if (earlier->second == file || std::filesystem::equivalent(earlier->second, file, ec)) {
      pending->reports.pop_back();  // the same file given twice: added once
      return Status::Ok();
    }
    report.status = InvalidArgument(file + ": would be stored as \"" + name + "\", the name " +
                                    earlier->second +
                                    " already has in this add, so it is left out (add the "
                                    "folders in separate commands, or rename one file)");
    return Status::Ok();
  }
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    report.status = FileError(file, "stat");
    return Status::Ok();
  }
  // Checked before reading, so a huge file costs neither time nor memory.
  if (static_cast<uint64_t>(st.st_size) > options_.max_document_bytes) {
    fail(ResourceExhausted(SizeText(static_cast<size_t>(st.st_size)) +
                           " is larger than the limit of " +
                           SizeText(options_.max_document_bytes) + " (max_document_bytes)"));
    return Status::Ok();
  }
  Result<std::string> bytes = ReadFile(file);
  if (!bytes.ok()) {
    report.status = bytes.status();
    return Status::Ok();
  }
  LOKA_ASSIGN_OR_RETURN(std::optional<store::KbDocumentRecord> stored, kb_->FindDocument(name));
  if (stored.has_value() && stored->content_hash == ContentHash(*bytes) &&
      stored->date == meta.date && stored->tags == meta.tags) {
    report.outcome = store::KbPutOutcome::kUnchanged;
    report.passages = static_cast<size_t>(stored->passages);
    return Status::Ok();
  }
  store::KbNewDocument doc;
  Status s = Prepare(name, *bytes, DetectFormat(file, *bytes), meta, &doc);
  if (!s.ok()) {
    fail(s);
    return Status::Ok();
  }
  report.passages = doc.passages.size();
  pending->passages += doc.passages.size();
  pending->documents.push_back(std::move(doc));
  pending->report_of.push_back(pending->reports.size() - 1);
  if (pending->passages >= options_.batch_passages) return Commit(pending);
  return Status::Ok();
}

Result<std::vector<AddReport>> KnowledgeBase::AddPaths(const std::vector<std::string>& paths,
                                                       const DocumentMeta& meta_in) {
  namespace fs = std::filesystem;
  LOKA_ASSIGN_OR_RETURN(const DocumentMeta meta, CheckMeta(meta_in));
  Pending pending;
  // A path that cannot be added is reported as a failed document of its own name.
  auto fail = [&](const std::string& p, Status s) {
    pending.reports.push_back(AddReport{p, store::KbPutOutcome::kAdded, 0, std::move(s)});
  };
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_type type = fs::status(p, ec).type();
    if (type == fs::file_type::not_found || ec) {
      fail(p, FileError(p, "open", ec ? ec.value() : ENOENT));
      continue;
    }
    if (type != fs::file_type::directory) {
      LOKA_RETURN_IF_ERROR(AddFile(p, p, meta, &pending));
      continue;
    }
    std::vector<std::pair<std::string, std::string>> files;  // (relative name, path)
    for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec)) {
      const fs::path rel = it->path().lexically_relative(p);
      if (Hidden(rel)) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec) && HasDocumentExtension(it->path().string())) {
        files.emplace_back(rel.generic_string(), it->path().string());
      }
    }
    if (ec) {
      fail(p, IoError(p + ": " + ec.message()));
      continue;
    }
    if (files.empty()) {
      fail(p, InvalidArgument(p + ": the folder holds no document (its .txt, .md, .markdown, "
                              ".html/.htm and .pdf files are added; other files and hidden "
                              "entries are skipped)"));
      continue;
    }
    std::sort(files.begin(), files.end());
    for (const auto& [name, file] : files) {
      LOKA_RETURN_IF_ERROR(AddFile(file, name, meta, &pending));
    }
  }
  LOKA_RETURN_IF_ERROR(Commit(&pending));
  LOKA_RETURN_IF_ERROR(MaybeLearnEmbeddings());
  return std::move(pending.reports);
}

Result<AddReport> KnowledgeBase::AddDocument(std::string_view name, std::string_view bytes,
                                             Format format, const DocumentMeta& meta_in) {
  LOKA_ASSIGN_OR_RETURN(const DocumentMeta meta, CheckMeta(meta_in));
  store::KbNewDocument doc;
  LOKA_RETURN_IF_ERROR(Prepare(name, bytes, format, meta, &doc));
  AddReport report{std::string(name), store::KbPutOutcome::kAdded, doc.passages.size(),
                   Status::Ok()};
  LOKA_ASSIGN_OR_RETURN(std::vector<store::KbPutOutcome> outcomes, kb_->PutDocuments({doc}));
  report.outcome = outcomes[0];
  if (report.outcome != store::KbPutOutcome::kUnchanged) {
    LOKA_RETURN_IF_ERROR(MaybeLearnEmbeddings());
  }
  return report;
}

Result<std::shared_ptr<const learn::Embeddings>> KnowledgeBase::CurrentEmbeddings() const {
  LOKA_ASSIGN_OR_RETURN(const store::KbEmbeddingRecord state, kb_->EmbeddingState());
  std::lock_guard<std::mutex> lock(embed_->mu);
  if (state.generation != embed_->generation) {
    LOKA_ASSIGN_OR_RETURN(std::optional<store::KbEmbeddingRecord> stored, kb_->GetEmbedding());
    if (!stored.has_value()) {
      embed_->model.reset();
      embed_->generation = 0;
    } else {
      Result<learn::Embeddings> e = learn::Embeddings::Parse(stored->model);
      if (!e.ok()) return e.status().WithPrefix("knowledge base embeddings");
      embed_->model = std::make_shared<const learn::Embeddings>(std::move(*e));
      embed_->generation = stored->generation;
    }
  }
  return embed_->model;
}

Status KnowledgeBase::MaybeLearnEmbeddings() {
  if (options_.semantic_weight <= 0) return Status::Ok();
  LOKA_ASSIGN_OR_RETURN(const int64_t passages, kb_->CountPassages());
  if (passages < static_cast<int64_t>(options_.embed_min_passages)) return Status::Ok();
  LOKA_ASSIGN_OR_RETURN(const store::KbEmbeddingRecord state, kb_->EmbeddingState());
  if (state.generation > 0 &&
      static_cast<double>(std::llabs(passages - state.passages)) <
          options_.embed_relearn_share * static_cast<double>(state.passages)) {
    return Status::Ok();
  }
  // Passages without a word (numbers, punctuation) teach nothing: no embeddings, no error.
  Status learned = LearnEmbeddings();
  return learned.code() == StatusCode::kFailedPrecondition ? Status::Ok() : learned;
}

Status KnowledgeBase::LearnEmbeddings() {
  using IdText = std::pair<int64_t, std::string>;
  LOKA_ASSIGN_OR_RETURN(const std::vector<IdText> texts, kb_->AllPassageTexts());
  learn::EmbedCorpus corpus;
  std::vector<int64_t> ids;
  ids.reserve(texts.size());
  for (const auto& [id, text] : texts) {
    Result<std::vector<std::string>> keys = MatchKeys(text);
    if (!keys.ok()) return keys.status().WithPrefix("passage " + std::to_string(id));
    corpus.Add(*keys);
    ids.push_back(id);
  }
  LOKA_ASSIGN_OR_RETURN(const learn::Embeddings e,
                        learn::Embeddings::Train(corpus, options_.embed));
  const std::vector<float> all = e.TextVectors(corpus);
  std::vector<std::pair<int64_t, std::string>> vectors;
  vectors.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    vectors.emplace_back(ids[i], EncodeVector(all.data() + i * e.dim(), e.dim()));
  }
  return kb_->PutEmbedding(e.Serialize(), static_cast<int64_t>(ids.size()), vectors);
}

Status KnowledgeBase::Remove(std::string_view name) { return kb_->DeleteDocument(name); }

Result<std::vector<store::KbDocumentRecord>> KnowledgeBase::List() { return kb_->ListDocuments(); }

Result<int64_t> KnowledgeBase::Passages() { return kb_->CountPassages(); }

text::Json ResultsToJson(const std::vector<SearchResult>& results) {
  text::Json list = text::Json::array();
  for (const SearchResult& r : results) {
    list.push_back({{"doc", r.doc},
                    {"passage", r.text},
                    {"score", r.score},
                    {"coverage", r.coverage},
                    {"snippet", r.snippet},
                    {"marks", r.marks},
                    {"heading", r.heading},
                    {"language", r.language},
                    {"script", r.script},
                    {"passage_id", r.passage_id},
                    {"ordinal", r.ordinal}});
  }
  return text::Json{{"results", std::move(list)}};
}

namespace {

using Scored = std::vector<std::pair<int64_t, double>>;  // as KnowledgeBase::Scored

// The `limit` best of `scores`, best first (ties: lower id first).
Scored Best(const std::unordered_map<int64_t, double>& scores, size_t limit) {
  Scored v(scores.begin(), scores.end());
  auto better = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  if (v.size() > limit) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(limit), v.end(), better);
    v.resize(limit);
  }
  std::sort(v.begin(), v.end(), better);
  return v;
}

std::vector<std::string> SortedUnique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// BM25's (Robertson-Sparck Jones) inverse document frequency of a term in `df` of `n` passages.
double Idf(double n, int64_t df) {
  const double d = static_cast<double>(df);
  return std::log(1 + (n - d + 0.5) / (d + 0.5));
}

}  // namespace

// Query terms with their document frequencies, read once per search.
struct KnowledgeBase::QueryTerms {
  double passages = 0;
  std::vector<std::pair<std::string, int64_t>> words, grams;  // (term, df > 0)
  struct Key {
    std::string word;  // the key's word term (each once: a repeated query word is one key)
    int64_t df = 0;    // of `word`; 0 for a word no passage has (a typo)
    std::vector<std::string> grams;  // its 3-gram terms, known or not
  };
  std::vector<Key> keys;
};

Result<KnowledgeBase::QueryTerms> KnowledgeBase::LookUp(const std::vector<std::string>& keys) {
  QueryTerms q;
  std::vector<std::string> words, grams;
  AppendWordTerms(keys, &words);
  AppendGramTerms(keys, &grams);
  words = SortedUnique(std::move(words));
  grams = SortedUnique(std::move(grams));
  std::vector<std::string> all = {std::string()};  // "": the number of passages
  all.insert(all.end(), words.begin(), words.end());
  all.insert(all.end(), grams.begin(), grams.end());
  LOKA_ASSIGN_OR_RETURN(std::vector<int64_t> df, kb_->TermPassages(all));
  q.passages = static_cast<double>(df[0]);
  for (const std::string& key : keys) {
    QueryTerms::Key k;
    std::vector<std::string> word;
    AppendWordTerms({key}, &word);
    k.word = word[0];
    // A word typed twice is asked for once: it counts once in the lexical score and coverage.
    if (std::any_of(q.keys.begin(), q.keys.end(),
                    [&](const QueryTerms::Key& seen) { return seen.word == k.word; })) {
      continue;
    }
    const auto at = std::lower_bound(words.begin(), words.end(), k.word);
    k.df = df[1 + static_cast<size_t>(at - words.begin())];
    AppendGramTerms({key}, &k.grams);
    q.keys.push_back(std::move(k));
  }
  for (size_t i = 1; i < all.size(); ++i) {
    if (df[i] == 0) continue;
    auto& list = i <= words.size() ? q.words : q.grams;
    list.emplace_back(std::move(all[i]), df[i]);
  }
  return q;
}

// Candidates from FTS5's posting lists: the passages holding the rarest of `terms` (at most
// `max_terms` of them), each scored by the summed idf of the terms it holds. Terms are taken
// rarest first while their postings fit in max_query_rows together (the rarest always):
// common terms separate little and cost the most.
Result<std::unordered_map<int64_t, double>> KnowledgeBase::Postings(
    std::string_view columns, const std::vector<std::pair<std::string, int64_t>>& terms,
    size_t max_terms, double passages, const store::KbFilter& f) {
  std::vector<std::pair<int64_t, const std::string*>> by_df;  // rarest first
  for (const auto& [t, df] : terms) by_df.emplace_back(df, &t);
  std::sort(by_df.begin(), by_df.end());
  std::vector<std::string> chosen;
  std::vector<double> weights;
  size_t budget = 0;
  for (const auto& [df, t] : by_df) {
    const size_t rows = std::min(static_cast<size_t>(df), options_.max_term_rows);
    if (chosen.size() == max_terms ||
        (!chosen.empty() && budget + rows > options_.max_query_rows)) {
      break;
    }
    budget += rows;
    chosen.push_back(*t);
    weights.push_back(Idf(passages, df));
  }
  LOKA_ASSIGN_OR_RETURN(const std::vector<std::vector<int64_t>> rows,
                        kb_->TermRows(columns, chosen, f, options_.max_term_rows));
  std::unordered_map<int64_t, double> scores;
  for (size_t i = 0; i < rows.size(); ++i) {
    for (int64_t id : rows[i]) scores[id] += weights[i];
  }
  return scores;
}

namespace {

// Calls `fn(term)` for each space-separated term of `column`; returns how many there were.
template <typename Fn>
size_t ForEachTerm(std::string_view column, Fn fn) {
  size_t n = 0;
  for (size_t pos = 0; pos < column.size();) {
    size_t sp = column.find(' ', pos);
    if (sp == std::string_view::npos) sp = column.size();
    if (sp > pos) {
      fn(column.substr(pos, sp - pos));
      ++n;
    }
    pos = sp + 1;
  }
  return n;
}

}  // namespace

// Both rankers over the candidates, from each candidate's stored terms, every query term
// counted (also those the candidate search skipped as too common):
//   lexical  BM25 with term frequency saturated at one: sum over the query's word terms the
//            passage (or its transliteration) holds of idf * (k1 + 1) / (1 + k1 * (1 - b + b *
//            len / avg_len)), len the passage's word terms and avg_len their mean over the
//            candidates: with the same words matched, the passage the query covers more of wins;
//   n-gram   the idf-weighted share of the query's 3-grams the passage holds; kept when at least
//            ngram_min_share.
void KnowledgeBase::Rescore(const QueryTerms& q, const std::vector<int64_t>& candidates,
                            const std::vector<store::KbTerms>& terms, Scored* lexical,
                            Scored* ngram,
                            std::unordered_map<int64_t, double>* coverage) const {
  std::unordered_map<std::string_view, double> word_idf, gram_idf;
  for (const auto& [t, df] : q.words) word_idf[t] = Idf(q.passages, df);
  double gram_total = 0;
  for (const auto& [g, df] : q.grams) gram_total += gram_idf[g] = Idf(q.passages, df);
  std::vector<size_t> lengths(candidates.size());
  double total_length = 0;
  for (size_t i = 0; i < candidates.size(); ++i) {
    lengths[i] = ForEachTerm(terms[i].words, [](std::string_view) {});
    total_length += static_cast<double>(lengths[i]);
  }
  const double avg_length = std::max(1.0, total_length / std::max<size_t>(1, candidates.size()));
  // The query's 3-grams (of the rankers and of its keys) numbered, so a passage's are marked
  // in a flag per query 3-gram.
  std::unordered_map<std::string_view, size_t> gram_index;
  std::vector<double> index_idf;  // 0 for a 3-gram no passage holds or of a key only
  for (const auto& [g, df] : q.grams) {
    gram_index.emplace(g, index_idf.size());
    index_idf.push_back(gram_idf[g]);
  }
  for (const QueryTerms::Key& k : q.keys) {
    for (const std::string& g : k.grams) {
      if (gram_index.emplace(g, index_idf.size()).second) index_idf.push_back(0);
    }
  }
  double key_total = 0;  // the query's keys, each by its idf (a typo's as a word in one passage)
  for (const QueryTerms::Key& k : q.keys) key_total += Idf(q.passages, std::max<int64_t>(1, k.df));
  std::unordered_map<int64_t, double> lex, grams;
  std::vector<std::string_view> seen_words;
  std::vector<char> held(index_idf.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    seen_words.clear();
    std::fill(held.begin(), held.end(), 0);
    double sum = 0, gram_sum = 0;
    auto word = [&](std::string_view t) {
      auto it = word_idf.find(t);
      if (it == word_idf.end()) return;
      if (std::find(seen_words.begin(), seen_words.end(), t) != seen_words.end()) return;
      seen_words.push_back(t);
      sum += it->second;
    };
    ForEachTerm(terms[i].words, word);
    ForEachTerm(terms[i].latin, word);
    ForEachTerm(terms[i].grams, [&](std::string_view g) {
      auto it = gram_index.find(g);
      if (it == gram_index.end() || held[it->second]) return;
      held[it->second] = 1;
      gram_sum += index_idf[it->second];
    });
    // A query word the passage lacks counts by the share of its 3-grams the passage holds
    // (a misspelt word keeps most of them), weighted like a word of its df (one passage when
    // no passage has it: a typo); for the lexical score, a word other passages hold exactly
    // counts at fuzzy_known_weight of that.
    double covered = 0;
    for (const QueryTerms::Key& k : q.keys) {
      const double idf = Idf(q.passages, std::max<int64_t>(1, k.df));
      if (std::find(seen_words.begin(), seen_words.end(), k.word) != seen_words.end()) {
        covered += idf;
        continue;
      }
      if (k.grams.empty()) continue;
      size_t n = 0;
      for (const std::string& g : k.grams) n += held[gram_index[g]];
      const double share = static_cast<double>(n) / static_cast<double>(k.grams.size());
      if (share >= options_.fuzzy_min_share) {
        sum += share * idf * (k.df > 0 ? options_.fuzzy_known_weight : 1.0);
        covered += share * idf;
      }
    }
    if (key_total > 0) (*coverage)[candidates[i]] = covered / key_total;
    const double k1 = options_.bm25_k1, b = options_.bm25_b;
    const double norm =
        (k1 + 1) / (1 + k1 * (1 - b + b * static_cast<double>(lengths[i]) / avg_length));
    if (sum > 0) lex[candidates[i]] = sum * norm;
    if (gram_total > 0 && gram_sum >= options_.ngram_min_share * gram_total) {
      grams[candidates[i]] = gram_sum;
    }
  }
  *lexical = Best(lex, options_.candidates);
  *ngram = Best(grams, options_.candidates);
}

// The phrase re-ranking of KbOptions::phrase_depth over `order` (fused order, scores set):
// a passage's phrase text is that of its own keys, or, when the query's keys are all ASCII (a
// romanized query, or one in a Latin-script language) and the passage is not in the Latin
// script, that of its transliteration, for the first phrase_max_transliterated such passages
// (the others are left unmeasured, in fused order). Only a passage that holds some of the
// query's words (coverage above 0) moves: letters aligned across words that are not the
// query's ("tea" of "teapot" in "drink tea after") are no match. A passage in a script written
// without spaces is exempt: its words come from a dictionary word break that splits a query
// with a typo or without vowel signs elsewhere, so it can hold the query with coverage 0 (on
// the bench, requiring coverage there lost Khmer, Lao and Myanmar passages). Scores become
// 1 + share for the passages moved to the front (1.5 to 2), and stay the fused score (below
// 0.03) for the others, so they still fall along the order. Equal shares are ordered by how
// many of the query's distinct keys the passage holds whole among the same keys its phrase text
// is made of (own or transliterated, so a romanized query weighs Latin and transliterated
// passages alike), then the shorter first: "neem extrct larvae" aligns "neem extract" in both
// "control with neem extract" and "spray neem extract when you find young larvae", and the
// second holds "larvae" too.
Status KnowledgeBase::PhraseRerank(const std::vector<std::string>& query_keys,
                                   const std::vector<store::KbPassageRecord>& passages,
                                   std::vector<Ranked>* order) const {
  const size_t depth = std::min(order->size(), options_.phrase_depth);
  const std::u32string query = PhraseText(query_keys);
  if (depth == 0 || query.empty()) return Status::Ok();
  bool romanized = true;
  for (const std::string& k : query_keys) {
    for (unsigned char c : k) romanized = romanized && c < 0x80;
  }
  std::vector<std::string> distinct_keys = query_keys;
  std::sort(distinct_keys.begin(), distinct_keys.end());
  distinct_keys.erase(std::unique(distinct_keys.begin(), distinct_keys.end()), distinct_keys.end());
  size_t transliterated = 0;
  for (size_t i = 0; i < depth; ++i) {
    Ranked& o = (*order)[i];
    const store::KbPassageRecord& p = passages[o.passage];
    const bool latin = p.script == "Latn";
    if (romanized && !latin && transliterated++ >= options_.phrase_max_transliterated) continue;
    Result<std::vector<std::string>> keys =
        romanized && !latin ? LatinKeys(p.text) : MatchKeys(p.text);
    if (!keys.ok()) return keys.status().WithPrefix("passage " + std::to_string(p.id));
    const std::u32string phrase = PhraseText(*keys);
    const bool words_known =
        o.coverage > 0 || text::IsSpacelessScript(text::DominantScript(p.text));
    o.share = words_known ? PhraseShare(query, phrase) : 0;
    o.words = 0;
    for (const std::string& k : distinct_keys) {
      o.words += std::find(keys->begin(), keys->end(), k) != keys->end() ? 1 : 0;
    }
    o.length = phrase.size();
  }
  const auto front = std::stable_partition(
      order->begin(), order->begin() + static_cast<std::ptrdiff_t>(depth),
      [&](const Ranked& o) { return o.share >= options_.phrase_min_share; });
  std::stable_sort(order->begin(), front, [](const Ranked& a, const Ranked& b) {
    if (a.share != b.share) return a.share > b.share;
    if (a.words != b.words) return a.words > b.words;
    return a.length < b.length;
  });
  for (auto it = order->begin(); it != front; ++it) it->score = 1 + it->share;
  return Status::Ok();
}

Result<std::vector<SearchResult>> KnowledgeBase::Search(std::string_view query,
                                                        const SearchOptions& options) {
  if (options.k == 0 || options.k > options_.max_k) {
    return InvalidArgument("k must be between 1 and " + std::to_string(options_.max_k));
  }
  if (query.size() > options_.max_query_bytes) {
    return InvalidArgument("query is " + std::to_string(query.size()) + " bytes, more than " +
                           std::to_string(options_.max_query_bytes));
  }
  if (std::all_of(query.begin(), query.end(),
                  [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; })) {
    return InvalidArgument("empty query");
  }
  LOKA_ASSIGN_OR_RETURN(const store::KbFilter filter, MakeFilter(options));
  Result<std::vector<std::string>> analyzed = MatchKeys(query);
  if (!analyzed.ok()) return analyzed.status().WithPrefix("query");
  std::vector<std::string> keys = std::move(*analyzed);
  if (keys.size() > options_.max_query_keys) keys.resize(options_.max_query_keys);
  std::vector<SearchResult> results;
  if (keys.empty()) return results;
  LOKA_ASSIGN_OR_RETURN(const QueryTerms q, LookUp(keys));
  if (q.passages <= 0) return results;

  // Candidates: the best by their word terms, and by their rarest 3-grams (a query whose every
  // word is misspelt or romanized differently finds no word).
  LOKA_ASSIGN_OR_RETURN(const auto word_hits,
                        Postings("{words latin}", q.words, q.words.size(), q.passages, filter));
  LOKA_ASSIGN_OR_RETURN(const auto gram_hits,
                        Postings("grams", q.grams, options_.rare_grams, q.passages, filter));
  std::vector<int64_t> candidates;
  for (const auto& [id, score] : Best(word_hits, options_.candidates)) candidates.push_back(id);
  for (const auto& [id, score] : Best(gram_hits, options_.candidates)) candidates.push_back(id);
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  LOKA_ASSIGN_OR_RETURN(const std::vector<store::KbTerms> terms, kb_->Terms(candidates));
  Scored lexical, ngram;
  std::unordered_map<int64_t, double> coverage;
  Rescore(q, candidates, terms, &lexical, &ngram, &coverage);
  std::unordered_map<int64_t, double> fused;
  auto add = [&](const Scored& list, double weight) {
    for (size_t r = 0; r < list.size(); ++r) {
      fused[list[r].first] += weight / (options_.rrf_k + static_cast<double>(r + 1));
    }
  };
  add(lexical, options_.lexical_weight);
  add(ngram, options_.ngram_weight);
  // Semantic ranker: embeddings relate words of one script, so it ranks the candidates in the
  // query's script, and only when the best so far is one of them (a romanized query whose
  // passage was found through its transliteration is left to the other rankers).
  if (options.semantic && options_.semantic_weight > 0 && !fused.empty()) {
    LOKA_ASSIGN_OR_RETURN(const std::shared_ptr<const learn::Embeddings> embeddings,
                          CurrentEmbeddings());
    if (embeddings) {
      const std::string script(text::ScriptName(text::DominantScript(query)));
      const int64_t best = Best(fused, 1)[0].first;
      LOKA_ASSIGN_OR_RETURN(const auto stored, kb_->Vectors(candidates));
      const std::vector<float> qv = embeddings->TextVector(keys);
      std::unordered_map<int64_t, double> cosines;
      bool best_in_script = false;
      for (size_t i = 0; i < candidates.size(); ++i) {
        if (stored[i].first != script) continue;
        best_in_script = best_in_script || candidates[i] == best;
        const double c = StoredCosine(qv, stored[i].second);
        if (c >= options_.semantic_min_cosine) cosines[candidates[i]] = c;
      }
      if (best_in_script) add(Best(cosines, options_.candidates), options_.semantic_weight);
    }
  }
  const Scored ranked = Best(fused, std::max(options.k, options_.phrase_depth));
  std::vector<int64_t> ids;
  for (const auto& [id, score] : ranked) ids.push_back(id);
  LOKA_ASSIGN_OR_RETURN(std::vector<store::KbPassageRecord> passages, kb_->GetPassages(ids));
  std::vector<Ranked> order;
  order.reserve(passages.size());
  size_t at = 0;
  for (size_t i = 0; i < passages.size(); ++i) {
    while (at < ranked.size() && ranked[at].first != passages[i].id) ++at;
    const auto c = coverage.find(passages[i].id);
    order.push_back({i, at < ranked.size() ? ranked[at].second : 0,
                     c == coverage.end() ? 0 : c->second, 0, 0});
  }
  LOKA_RETURN_IF_ERROR(PhraseRerank(keys, passages, &order));
  if (order.size() > options.k) order.resize(options.k);
  std::sort(keys.begin(), keys.end());
  for (const Ranked& o : order) {
    store::KbPassageRecord& p = passages[o.passage];
    SearchResult r;
    r.doc = std::move(p.document_path);
    r.passage_id = p.id;
    r.ordinal = p.ordinal;
    r.heading = std::move(p.heading);
    r.language = std::move(p.language);
    r.script = std::move(p.script);
    r.snippet = Snippet(p.text, keys, options_.snippet_bytes,
                        results.size() < options_.max_transliterated_snippets, &r.marks);
    r.text = std::move(p.text);
    r.score = o.score;
    r.coverage = o.coverage;
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace loka::search
