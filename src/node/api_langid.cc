// POST /v1/langid: one text or a batch; the answer shape is fixed by the Interface.
#include "node/handlers.h"
#include "node/json_body.h"

namespace loka::node {
namespace {

Json ResultToJson(const langid::LangResult& r, bool spans) {
  Json j;
  j["language"] = r.language;
  j["probability"] = r.probability;
  j["script"] = r.script;
  j["candidates"] = Json::array();
  for (const langid::Candidate& c : r.candidates) {
    j["candidates"].push_back({{"language", c.language}, {"probability", c.probability}});
  }
  if (spans) {
    j["spans"] = Json::array();
    for (const langid::Span& s : r.spans) {
      j["spans"].push_back({{"begin", s.begin},
                            {"end", s.end},
                            {"language", s.language},
                            {"script", s.script},
                            {"probability", s.probability}});
    }
  }
  return j;
}

}  // namespace

Result<Response> HandleLangid(NodeContext& ctx, const Request& req) {
  if (!ctx.identify) {
    return ErrorResponse(503, "unavailable",
                         "language identification is not available on this node (no model "
                         "loaded: start it with --langid-model)");
  }
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  std::vector<std::string> texts;
  bool batch = false;
  LOKA_RETURN_IF_ERROR(ReadTexts(body, ctx.options.max_batch_texts, &texts, &batch));
  langid::IdentifyOptions opts;
  LOKA_ASSIGN_OR_RETURN(int64_t k, OptionalInt(body, "k", 3, 1, 20));
  opts.k = static_cast<int>(k);
  LOKA_ASSIGN_OR_RETURN(opts.spans, OptionalBool(body, "spans", false));

  Json results = Json::array();
  langid::LangResult r;
  for (size_t i = 0; i < texts.size(); ++i) {
    r = langid::LangResult();
    Status s = ctx.identify(texts[i], opts, &r);
    if (!s.ok()) return batch ? s.WithPrefix("texts[" + std::to_string(i) + "]") : s;
    if (!batch) return JsonResponse(Dump(ResultToJson(r, opts.spans)));
    results.push_back(ResultToJson(r, opts.spans));
  }
  Json out;
  out["results"] = std::move(results);
  return JsonResponse(Dump(out));
}

}  // namespace loka::node
