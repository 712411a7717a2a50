// /v1/datasets: list, append labelled rows; and the row parsing shared with training.
#include <string>
#include <unordered_set>

#include "learn/dataset.h"
#include "node/handlers.h"
#include "node/json_body.h"

namespace loka::node {
namespace {

// nlohmann's SAX interface over a train or append body: counts the objects of the top-level
// "rows" array and their distinct "label" strings, and the lines and labels of a top-level
// "tsv" string. Returning false stops the parse; `over` then says which limit was passed.
class RowCounter : public nlohmann::json_sax<Json> {
 public:
  RowCounter(size_t max_rows, size_t max_labels) : max_rows_(max_rows), max_labels_(max_labels) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool string(string_t& s) override {
    if (depth_ == 1 && key_ == "tsv") return CountTsv(s);
    if (depth_ == 3 && in_rows_ && key_ == "label") return AddLabel(s);
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ <= 3) key_ = k;
    return true;
  }
  bool start_object(std::size_t) override {
    ++depth_;
    if (depth_ == 3 && in_rows_ && max_rows_ > 0 && ++rows_ > max_rows_) return Over("rows");
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    if (depth_ == 2 && key_ == "rows") in_rows_ = true;
    return true;
  }
  bool end_array() override {
    if (depth_ == 2) in_rows_ = false;
    --depth_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  std::string over;  // "rows" or "labels" when a limit was passed

 private:
  bool Over(const char* what) {
    over = what;
    return false;
  }
  // Labels as the rows will hold them (learn::NormalizedLabel), so " water " and "water" are one.
  bool AddLabel(std::string_view label) {
    if (max_labels_ == 0) return true;
    labels_.emplace(learn::NormalizedLabel(label));
    return labels_.size() <= max_labels_ || Over("labels");
  }
  // TSV "label<TAB>text" or fastText "__label__x text" lines, each label as learn::ParseLabelled
  // keeps it; blank lines do not count, a bad line counts as a row without a label.
  bool CountTsv(std::string_view tsv) {
    return learn::ForEachLabel(tsv, [this](std::string_view label) {
      if (max_rows_ > 0 && ++rows_ > max_rows_) return Over("rows");
      return label.empty() || AddLabel(label);
    });
  }

  size_t max_rows_, max_labels_;
  int depth_ = 0;
  std::string key_;  // the last key seen at depth <= 3
  bool in_rows_ = false;
  size_t rows_ = 0;
  std::unordered_set<std::string> labels_;  // at most max_labels_ + 1
};

}  // namespace

Status CheckLabelledRowCounts(std::string_view body, size_t max_rows, size_t max_labels) {
  RowCounter counter(max_rows, max_labels);
  (void)Json::sax_parse(body.begin(), body.end(), &counter, nlohmann::json::input_format_t::json,
                        /*strict=*/true);
  if (counter.over == "rows") {
    return ResourceExhausted("more than " + std::to_string(max_rows) +
                             " rows in one request; the limit is " + std::to_string(max_rows));
  }
  if (counter.over == "labels") {
    return ResourceExhausted("more than " + std::to_string(max_labels) +
                             " different labels; the limit is " + std::to_string(max_labels));
  }
  return Status::Ok();
}

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
    // As a "tsv" without a usable line: nothing to append or train on.
    if (arr.empty()) return InvalidArgument("rows: empty array; give at least one {label, text}");
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
  // The rows of "tsv" already met the rule when parsed; those of "rows" are trimmed here as
  // a file's lines are, so " water " and "water" are one label either way.
  for (size_t i = 0; i < rows->size(); ++i) {
    LOKA_RETURN_IF_ERROR(
        learn::NormalizeLabelledText(&(*rows)[i]).WithPrefix("rows[" + std::to_string(i) + "]"));
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
  // Counted before the body is built: a dataset holds no more labels than one job may train.
  LOKA_RETURN_IF_ERROR(CheckLabelledRowCounts(req.body, ctx.options.max_rows_per_append,
                                              ctx.options.max_train_labels));
  LOKA_ASSIGN_OR_RETURN(Json body, ParseJsonObject(req.body, ctx.options.max_json_depth));
  std::vector<learn::LabelledText> rows;
  bool found = false;
  LOKA_RETURN_IF_ERROR(ReadLabelledRows(body, ctx.options.max_rows_per_append, &rows, &found));
  if (!found) return InvalidArgument("missing field \"rows\" or \"tsv\"");
  std::vector<store::Row> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back({std::move(r.label), std::move(r.text)});
  // Committed (and fsynced) before the answer: an acknowledged append survives a crash.
  // A dataset never grows past what one training job may load.
  LOKA_ASSIGN_OR_RETURN(int64_t total,
                        ctx.store->AppendRows(name, out, ctx.options.max_train_rows));
  return JsonResponse(Dump(Json{{"dataset", name}, {"added", out.size()}, {"total", total}}));
}

}  // namespace loka::node
