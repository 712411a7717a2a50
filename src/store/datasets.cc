// Datasets: named lists of labelled rows, appended in batches, read whole for training.
#include "store/store.h"

namespace loka::store {

using internal::Stmt;
using internal::Transaction;

namespace {

// Rows in dataset `name` (0 when it does not exist).
Result<int64_t> CountRows(sqlite3* db, std::string_view name) {
  LOKA_ASSIGN_OR_RETURN(Stmt count, Stmt::Prepare(db, "SELECT COUNT(*) FROM dataset_rows r JOIN "
                                                      "datasets d ON d.id = r.dataset_id WHERE "
                                                      "d.name = ?"));
  count.Bind(1, name);
  LOKA_ASSIGN_OR_RETURN(bool row, count.Step());
  return row ? count.Int(0) : 0;
}

}  // namespace

Result<int64_t> Store::AppendRows(std::string_view name, const std::vector<Row>& rows,
                                  size_t max_total_rows) {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  if (max_total_rows > 0) {
    LOKA_ASSIGN_OR_RETURN(int64_t have, CountRows(db_.get(), name));
    if (static_cast<size_t>(have) + rows.size() > max_total_rows) {
      return ResourceExhausted("dataset " + std::string(name) + " has " + std::to_string(have) +
                               " rows; " + std::to_string(rows.size()) +
                               " more would pass its limit of " + std::to_string(max_total_rows));
    }
  }
  {
    LOKA_ASSIGN_OR_RETURN(Stmt ins, Stmt::Prepare(db_.get(), "INSERT OR IGNORE INTO datasets "
                                                             "(name, created_at_ms) VALUES (?, ?)"));
    ins.Bind(1, name).Bind(2, clock_->NowMs());
    LOKA_RETURN_IF_ERROR(ins.Run());
  }
  int64_t dataset_id = 0;
  {
    LOKA_ASSIGN_OR_RETURN(Stmt id, Stmt::Prepare(db_.get(), "SELECT id FROM datasets WHERE name = ?"));
    id.Bind(1, name);
    LOKA_ASSIGN_OR_RETURN(bool row, id.Step());
    if (!row) return Internal("dataset row vanished");
    dataset_id = id.Int(0);
  }
  {
    LOKA_ASSIGN_OR_RETURN(Stmt add, Stmt::Prepare(db_.get(), "INSERT INTO dataset_rows "
                                                             "(dataset_id, label, text) VALUES "
                                                             "(?, ?, ?)"));
    for (const Row& r : rows) {
      add.Bind(1, dataset_id).Bind(2, r.label).Bind(3, r.text);
      LOKA_RETURN_IF_ERROR(add.Run().WithPrefix("append to dataset " + std::string(name)));
      LOKA_RETURN_IF_ERROR(add.Reset());
    }
  }
  int64_t total = 0;
  {
    LOKA_ASSIGN_OR_RETURN(Stmt count, Stmt::Prepare(db_.get(), "SELECT COUNT(*) FROM "
                                                               "dataset_rows WHERE dataset_id = ?"));
    count.Bind(1, dataset_id);
    LOKA_ASSIGN_OR_RETURN(bool row, count.Step());
    total = row ? count.Int(0) : 0;
  }
  LOKA_RETURN_IF_ERROR(tx.Commit());
  return total;
}

Result<std::vector<Row>> Store::ReadRows(std::string_view name, const RowLimits& limits) {
  std::lock_guard<std::mutex> lock(*mu_);
  // One read transaction, so the existence check and the rows agree.
  LOKA_RETURN_IF_ERROR(internal::Exec(db_.get(), "BEGIN"));
  struct EndRead {
    sqlite3* db;
    ~EndRead() { (void)internal::Exec(db, "COMMIT"); }
  } end{db_.get()};
  {
    LOKA_ASSIGN_OR_RETURN(Stmt id, Stmt::Prepare(db_.get(), "SELECT 1 FROM datasets WHERE name = ?"));
    id.Bind(1, name);
    LOKA_ASSIGN_OR_RETURN(bool row, id.Step());
    if (!row) return NotFound("no dataset named \"" + std::string(name) + "\"");
  }
  if (limits.max_rows > 0) {
    LOKA_ASSIGN_OR_RETURN(int64_t n, CountRows(db_.get(), name));
    if (static_cast<size_t>(n) > limits.max_rows) {
      return ResourceExhausted("dataset " + std::string(name) + " has " + std::to_string(n) +
                               " rows; the limit is " + std::to_string(limits.max_rows));
    }
  }
  if (limits.max_labels > 0) {
    // Stops counting one past the limit: a dataset with a million labels costs no more.
    LOKA_ASSIGN_OR_RETURN(
        Stmt labels, Stmt::Prepare(db_.get(), "SELECT COUNT(*) FROM (SELECT DISTINCT r.label "
                                              "FROM dataset_rows r JOIN datasets d ON d.id = "
                                              "r.dataset_id WHERE d.name = ? LIMIT ?)"));
    labels.Bind(1, name).Bind(2, static_cast<int64_t>(limits.max_labels) + 1);
    LOKA_ASSIGN_OR_RETURN(bool row, labels.Step());
    if (row && static_cast<size_t>(labels.Int(0)) > limits.max_labels) {
      return ResourceExhausted("dataset " + std::string(name) + " has more than " +
                               std::to_string(limits.max_labels) + " labels; the limit is " +
                               std::to_string(limits.max_labels));
    }
  }
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT r.label, r.text FROM dataset_rows r JOIN "
                                               "datasets d ON d.id = r.dataset_id WHERE d.name = "
                                               "? ORDER BY r.id"));
  st.Bind(1, name);
  return st.Rows([](const Stmt& r) { return Row{r.Text(0), r.Text(1)}; });
}

Result<std::vector<DatasetInfo>> Store::ListDatasets() {
  std::lock_guard<std::mutex> lock(*mu_);
  LOKA_ASSIGN_OR_RETURN(Stmt st, Stmt::Prepare(db_.get(),
                                               "SELECT d.name, COUNT(r.id), d.created_at_ms FROM "
                                               "datasets d LEFT JOIN dataset_rows r ON "
                                               "r.dataset_id = d.id GROUP BY d.id ORDER BY "
                                               "d.name"));
  return st.Rows([](const Stmt& r) { return DatasetInfo{r.Text(0), r.Int(1), r.Int(2)}; });
}

}  // namespace loka::store
