// The knowledge base over HTTP: GET /v1/kb/search, GET|POST|DELETE /v1/kb/documents. Parsing
// and validation only; everything else is search::KnowledgeBase.
#include <array>

#include "node/handlers.h"
#include "node/json_body.h"
#include "node/query.h"
#include "search/knowledge_base.h"

namespace loka::node {
namespace {

// RFC 4648 base64 (padding optional, whitespace ignored). Errors: invalid_argument naming the
// offending offset.
Result<std::string> DecodeBase64(std::string_view in) {
  static constexpr std::array<int8_t, 256> kValue = [] {
    std::array<int8_t, 256> v{};
    v.fill(-1);
    const char* chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) v[static_cast<unsigned char>(chars[i])] = static_cast<int8_t>(i);
    return v;
  }();
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
    if (kValue[c] < 0) {
      return InvalidArgument("base64: invalid character at offset " + std::to_string(i));
    }
    acc = (acc << 6) | static_cast<uint32_t>(kValue[c]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

Json DocumentToJson(const store::KbDocumentRecord& d) {
  return Json{{"doc", d.path},         {"format", d.format},   {"title", d.title},
              {"version", d.version},  {"passages", d.passages}, {"size_bytes", d.size_bytes},
              {"content_hash", d.content_hash}, {"created_at_ms", d.created_at_ms},
              {"updated_at_ms", d.updated_at_ms}, {"date", d.date},  {"tags", d.tags}};
}

// A comma-separated query parameter's non-empty items.
std::vector<std::string> CommaList(const std::string& value) {
  std::vector<std::string> out;
  for (size_t pos = 0; !value.empty() && pos <= value.size();) {
    size_t comma = value.find(',', pos);
    if (comma == std::string::npos) comma = value.size();
    if (comma > pos) out.push_back(value.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

// The optional "date" (string) and "tags" (array of strings) of a document body; their values
// are checked by KnowledgeBase::AddDocument.
Result<search::DocumentMeta> MetaFromBody(const Json& body) {
  search::DocumentMeta meta;
  if (body.contains("date")) {
    LOKA_ASSIGN_OR_RETURN(meta.date, RequiredString(body, "date"));
  }
  if (body.contains("tags")) {
    const Json& tags = body["tags"];
    if (!tags.is_array()) return InvalidArgument("tags: expected an array of strings");
    for (const Json& t : tags) {
      if (!t.is_string()) return InvalidArgument("tags: expected an array of strings");
      meta.tags.push_back(t.get<std::string>());
    }
  }
  return meta;
}

std::string QueryValue(const Request& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? "" : it->second;
}

}  // namespace

Result<Response> HandleKbSearch(NodeContext& ctx, const Request& req) {
  search::SearchOptions so;
  LOKA_ASSIGN_OR_RETURN(const int64_t k, IntQuery(req, "k", 1, 100, static_cast<int64_t>(so.k)));
  so.k = static_cast<size_t>(k);
  so.languages = CommaList(QueryValue(req, "lang"));
  so.tags = CommaList(QueryValue(req, "tag"));
  so.since = QueryValue(req, "since");
  so.until = QueryValue(req, "until");
  LOKA_ASSIGN_OR_RETURN(std::vector<search::SearchResult> results,
                        ctx.kb->Search(QueryValue(req, "q"), so));
  return JsonResponse(Dump(search::ResultsToJson(results)));
}

Result<Response> HandleKbListDocuments(NodeContext& ctx, const Request&) {
  LOKA_ASSIGN_OR_RETURN(std::vector<store::KbDocumentRecord> docs, ctx.kb->List());
  Json list = Json::array();
  for (const store::KbDocumentRecord& d : docs) list.push_back(DocumentToJson(d));
  return JsonResponse(Dump(Json{{"documents", std::move(list)}}));
}

Result<Response> HandleKbAddDocument(NodeContext& ctx, const Request& req) {
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  LOKA_ASSIGN_OR_RETURN(std::string name, RequiredString(body, "name"));
  const bool has_text = body.contains("text"), has_base64 = body.contains("base64");
  if (has_text == has_base64) {
    return InvalidArgument("give the document as exactly one of \"text\" or \"base64\"");
  }
  std::string bytes;
  if (has_text) {
    LOKA_ASSIGN_OR_RETURN(bytes, RequiredString(body, "text"));
  } else {
    LOKA_ASSIGN_OR_RETURN(std::string encoded, RequiredString(body, "base64"));
    LOKA_ASSIGN_OR_RETURN(bytes, DecodeBase64(encoded));
  }
  search::Format format = search::DetectFormat(name, bytes);
  if (body.contains("format")) {
    LOKA_ASSIGN_OR_RETURN(std::string f, RequiredString(body, "format"));
    LOKA_ASSIGN_OR_RETURN(format, search::ParseFormat(f));
  }
  LOKA_ASSIGN_OR_RETURN(search::DocumentMeta meta, MetaFromBody(body));
  LOKA_ASSIGN_OR_RETURN(search::AddReport report,
                        ctx.kb->AddDocument(name, bytes, format, meta));
  const int status = report.outcome == store::KbPutOutcome::kAdded ? 201 : 200;
  return JsonResponse(Dump(Json{{"doc", report.doc},
                                {"outcome", store::KbPutOutcomeName(report.outcome)},
                                {"passages", report.passages}}),
                      status);
}

Result<Response> HandleKbDeleteDocument(NodeContext& ctx, const Request& req) {
  const std::string name = QueryValue(req, "name");
  if (name.empty()) return InvalidArgument("name: the document to delete is required");
  LOKA_RETURN_IF_ERROR(ctx.kb->Remove(name));
  return JsonResponse(Dump(Json{{"doc", name}, {"deleted", true}}));
}

}  // namespace loka::node
