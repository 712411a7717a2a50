#include "node/model_registry.h"

#include <mutex>

namespace loka::node {

std::shared_ptr<const ServedModel> ModelRegistry::Get(const std::string& name) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = models_.find(name);
  return it == models_.end() ? nullptr : it->second;
}

void ModelRegistry::Put(std::shared_ptr<const ServedModel> model) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  const std::string name = model->name;
  models_[name] = std::move(model);
}

void ModelRegistry::Erase(const std::string& name) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  models_.erase(name);
}

std::vector<std::shared_ptr<const ServedModel>> ModelRegistry::All() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  std::vector<std::shared_ptr<const ServedModel>> out;
  for (const auto& [name, m] : models_) out.push_back(m);
  return out;
}

Result<std::shared_ptr<const ServedModel>> LoadActiveModel(store::Store& store,
                                                           const std::string& name) {
  LOKA_ASSIGN_OR_RETURN(store::ModelBlob blob, store.ActiveModel(name));
  const std::string where = "model " + name + " version " + std::to_string(blob.info.version);
  Result<learn::Model> model = learn::Model::FromBytes(std::move(blob.bytes), where);
  if (!model.ok()) return model.status();
  return std::make_shared<const ServedModel>(
      ServedModel{name, blob.info.version, std::move(model).value()});
}

Result<store::ModelVersion> StoreAndServe(store::Store& store, ModelRegistry& registry,
                                          const std::string& name, std::string bytes,
                                          const std::string& metrics_json) {
  LOKA_ASSIGN_OR_RETURN(learn::Model model, learn::Model::FromBytes(bytes, "model " + name));
  // Visible in the one transaction that stores it whole; only then served.
  LOKA_ASSIGN_OR_RETURN(store::ModelVersion v, store.PutModel(name, bytes, metrics_json));
  registry.Put(std::make_shared<const ServedModel>(ServedModel{name, v.version, std::move(model)}));
  return v;
}

}  // namespace loka::node
