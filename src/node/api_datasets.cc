// /v1/datasets: list, append labelled rows; and the row parsing shared with training.
#include "learn/dataset.h"
#include "node/handlers.h"
#include "node/json_body.h"

namespace loka::node {
namespace {

Status CheckRow(const learn::LabelledText& r, const std::string& where) {
  if (r.label.empty()) return InvalidArgument(where + ": empty label");
  if (r.label.find_first_of("\t\n\r") != std::string::npos) {
    return InvalidArgument(where + ": label contains a tab or line break");
  }
  if (r.text.empty()) return InvalidArgument(where + ": empty text");
  return Status::Ok();
}

}  // namespace

Status ReadLabelledRows(const Json& body, size_t max_rows, std::vector<learn::LabelledText>* rows,
                        bool* found) {
  rows->clear();
  const bool has_rows = body.contains("rows");
  const bool has_tsv = body.contains("tsv");
  *found = has_rows || has_tsv;
  if (has_rows && has_tsv) return InvalidArgument("give either \"rows\" or \"tsv\", not both");
  if (has_tsv) {
    LOKA_ASSIGN_OR_RETURN(std::string tsv, RequiredString(body, "tsv"));
    learn::ReadOptions ro;
    ro.strict = true;
    learn::ReadStats stats;
    LOKA_ASSIGN_OR_RETURN(*rows, learn::ParseLabelled(tsv, "tsv", ro, &stats));
  } else if (has_rows) {
    const Json& arr = body["rows"];
    if (!arr.is_array()) return InvalidArgument("rows: expected an array of {label, text}");
    if (arr.size() > max_rows) {
      return ResourceExhausted("rows: " + std::to_string(arr.size()) +
                               " rows in one request; the limit is " + std::to_string(max_rows));
    }
    rows->reserve(arr.size());
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string where = "rows[" + std::to_string(i) + "]";
      const Json& r = arr[i];
      if (!r.is_object()) return InvalidArgument(where + ": expected an object {label, text}");
      Result<std::string> label = RequiredString(r, "label");
      if (!label.ok()) return label.status().WithPrefix(where);
      Result<std::string> text = RequiredString(r, "text");
      if (!text.ok()) return text.status().WithPrefix(where);
      rows->push_back({std::move(label).value(), std::move(text).value()});
    }
  }
  if (rows->size() > max_rows) {
    return ResourceExhausted(std::to_string(rows->size()) + " rows in one request; the limit is " +
                             std::to_string(max_rows));
  }
  for (size_t i = 0; i < rows->size(); ++i) {
    LOKA_RETURN_IF_ERROR(CheckRow((*rows)[i], "rows[" + std::to_string(i) + "]"));
  }
  return Status::Ok();
}

Result<Response> HandleListDatasets(NodeContext& ctx, const Request&) {
  LOKA_ASSIGN_OR_RETURN(std::vector<store::DatasetInfo> all, ctx.store->ListDatasets());
  Json out;
  out["datasets"] = Json::array();
  for (const store::DatasetInfo& d : all) {
    out["datasets"].push_back(
        {{"name", d.name}, {"rows", d.rows}, {"created_at_ms", d.created_at_ms}});
  }
  return JsonResponse(Dump(out));
}

Result<Response> HandleAppendRows(NodeContext& ctx, const Request& req) {
  const std::string& name = req.path_params.at("name");
  LOKA_RETURN_IF_ERROR(ValidateName(name, "dataset"));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  std::vector<learn::LabelledText> rows;
  bool found = false;
  LOKA_RETURN_IF_ERROR(ReadLabelledRows(body, ctx.options.max_rows_per_append, &rows, &found));
  if (!found) return InvalidArgument("missing field \"rows\" or \"tsv\"");
  std::vector<store::Row> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back({std::move(r.label), std::move(r.text)});
  // Committed (and fsynced) before the answer: an acknowledged append survives a crash.
  LOKA_ASSIGN_OR_RETURN(int64_t total, ctx.store->AppendRows(name, out));
  return JsonResponse(Dump(Json{{"dataset", name}, {"added", out.size()}, {"total", total}}));
}

}  // namespace loka::node
