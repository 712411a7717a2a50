// Identifier: the public language-ID API over a memory-mapped model file.
#include "langid/identifier.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include "core/file.h"
#include "langid/classifier.h"
#include "langid/model_file.h"

namespace loka::langid {

// The mapping must outlive the classifier's view into it; both live and die together here.
struct Identifier::Impl {
  Impl(MappedFile f, ModelView v) : file(std::move(f)), classifier(std::move(v)) {}
  MappedFile file;
  Classifier classifier;
};

Identifier::Identifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Identifier::Identifier(Identifier&&) noexcept = default;
Identifier& Identifier::operator=(Identifier&&) noexcept = default;
Identifier::~Identifier() = default;

Result<Identifier> Identifier::Load(const std::string& path) {
  LOKA_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  LOKA_ASSIGN_OR_RETURN(ModelView view, ParseModel(file.view(), path));
  return Identifier(std::make_unique<Impl>(std::move(file), std::move(view)));
}

Status Identifier::Identify(std::string_view text, const IdentifyOptions& options,
                            LangResult* out) const {
  return impl_->classifier.Identify(text, options, out);
}

std::vector<std::string> Identifier::Languages() const {
  return impl_->classifier.view().languages;  // stored ascending
}

DefaultModel FindDefaultModel() {
  if (const char* env = std::getenv("LOKA_LANGID_MODEL"); env != nullptr && *env != '\0') {
    return {env, true};
  }
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path dir = ec ? std::filesystem::path() : exe.parent_path();
  return {(dir / "models" / "langid.bin").string(), false};
}

}  // namespace loka::langid
