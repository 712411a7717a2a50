// Files: whole-file reads, atomic writes, and read-only memory maps. The only place in loka that
// calls open/read/write/mmap directly, so tests can reach every failure through these functions.
#ifndef LOKA_CORE_FILE_H_
#define LOKA_CORE_FILE_H_

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace loka {

// Reads the whole file. Fails with NotFound / IoError naming the path.
Result<std::string> ReadFile(const std::string& path);

// The error of a file operation that failed with `error` (an errno value), worded as every file
// error in loka is: "PATH: STEP: strerror(error)" ("in.csv: open: No such file or directory"),
// not_found for ENOENT, else io_error. For callers that stream a file rather than read it whole.
Status FileError(const std::string& path, const char* step, int error = errno);

// Writes `data` to `path` atomically: a temporary file beside it, fsync, rename. On failure the
// old file, if any, is untouched. Errors name `path` (not the temporary file) and the step:
// "out/x.bin: create: No such file or directory".
Status WriteFileAtomic(const std::string& path, std::string_view data);

// A read-only memory map of a whole file. Move-only; unmaps on destruction. Thread-safe to read
// from many threads once constructed.
class MappedFile {
 public:
  // Maps `path`. An empty file maps to size() == 0 with a null data().
  static Result<MappedFile> Open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& o) noexcept;
  MappedFile& operator=(MappedFile&& o) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  std::string_view view() const {
    return {reinterpret_cast<const char*>(data_), size_};
  }

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace loka

#endif  // LOKA_CORE_FILE_H_
