// The models being served: for each name, the active version decoded and ready to predict.
// Readers take a shared_ptr to a version, so a model replaced by training or restore stays
// alive until the last request using it finishes (the registry and in-flight requests share it).
#ifndef LOKA_NODE_MODEL_REGISTRY_H_
#define LOKA_NODE_MODEL_REGISTRY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "learn/model.h"
#include "store/store.h"

namespace loka::node {

struct ServedModel {
  std::string name;
  int64_t version = 0;
  learn::Model model;
};

// Thread-safe; `mu_` guards `models_`.
class ModelRegistry {
 public:
  // Null when no model has this name.
  std::shared_ptr<const ServedModel> Get(const std::string& name) const;
  void Put(std::shared_ptr<const ServedModel> model);
  void Erase(const std::string& name);
  std::vector<std::shared_ptr<const ServedModel>> All() const;

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, std::shared_ptr<const ServedModel>> models_;
};

// Reads the active version of `name` from `store` and decodes it. Errors: the store's
// (not_found, corrupt) and the model file's (corrupt, failed_precondition).
Result<std::shared_ptr<const ServedModel>> LoadActiveModel(store::Store& store,
                                                           const std::string& name);

// Stores `bytes` (a model file) as the next version of `name` with `metrics_json`, active, and
// serves it from `registry` once the store has committed it. Returns the stored version.
// Errors: the model file's (corrupt, failed_precondition), then the store's.
Result<store::ModelVersion> StoreAndServe(store::Store& store, ModelRegistry& registry,
                                          const std::string& name, std::string bytes,
                                          const std::string& metrics_json);

}  // namespace loka::node

#endif  // LOKA_NODE_MODEL_REGISTRY_H_
