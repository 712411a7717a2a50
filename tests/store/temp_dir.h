// A fresh directory under the system temp dir, removed with its contents on destruction.
#ifndef LOKA_TESTS_STORE_TEMP_DIR_H_
#define LOKA_TESTS_STORE_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace loka::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "loka_store_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace loka::testing

#endif  // LOKA_TESTS_STORE_TEMP_DIR_H_
