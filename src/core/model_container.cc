#include "core/model_container.h"

#include <cstring>

#include "core/checksum.h"

namespace loka {
namespace {

// Byte offsets within the header.
constexpr size_t kVersionAt = 8;
constexpr size_t kKindAt = 12;
constexpr size_t kSizeAt = 16;
constexpr size_t kPayloadCrcAt = 24;
constexpr size_t kHeaderCrcAt = 28;  // the CRC covers the bytes before it

template <typename T>
T Load(const char* at) {
  T v;
  std::memcpy(&v, at, sizeof v);
  return v;
}

template <typename T>
void Store(T v, char* at) {
  std::memcpy(at, &v, sizeof v);
}

}  // namespace

std::string StartContainer() { return std::string(kContainerHeaderBytes, '\0'); }

void SealContainer(const ContainerFormat& format, uint32_t version, uint32_t kind,
                   std::string* file) {
  char* h = file->data();
  std::memcpy(h, format.magic.data(), 8);
  Store<uint32_t>(version, h + kVersionAt);
  Store<uint32_t>(kind, h + kKindAt);
  Store<uint64_t>(file->size(), h + kSizeAt);
  Store<uint32_t>(Crc32(h + kContainerHeaderBytes, file->size() - kContainerHeaderBytes),
                  h + kPayloadCrcAt);
  Store<uint32_t>(Crc32(h, kHeaderCrcAt), h + kHeaderCrcAt);
}

Result<ContainerHeader> CheckContainer(std::string_view file, const ContainerFormat& format,
                                       const std::string& what) {
  const std::string name(format.name);
  if (file.size() < kContainerHeaderBytes) {
    return Corrupt(what + ": " + std::to_string(file.size()) + " bytes is too short for a " +
                   name + " (header is 64 bytes)");
  }
  const char* h = file.data();
  if (std::memcmp(h, format.magic.data(), 8) != 0) {
    return Corrupt(what + ": not a " + name + " (bad magic)");
  }
  if (Crc32(h, kHeaderCrcAt) != Load<uint32_t>(h + kHeaderCrcAt)) {
    return Corrupt(what + ": header checksum mismatch");
  }
  ContainerHeader header;
  header.version = Load<uint32_t>(h + kVersionAt);
  header.kind = Load<uint32_t>(h + kKindAt);
  if (header.version < format.min_version || header.version > format.max_version) {
    const std::string reads =
        format.min_version == format.max_version
            ? std::to_string(format.max_version)
            : "versions " + std::to_string(format.min_version) + " to " +
                  std::to_string(format.max_version);
    return FailedPrecondition(what + ": model format version " + std::to_string(header.version) +
                              ", this loka reads " + reads);
  }
  const uint64_t size = Load<uint64_t>(h + kSizeAt);
  if (size != file.size()) {
    return Corrupt(what + ": truncated or extended: header says " + std::to_string(size) +
                   " bytes, file has " + std::to_string(file.size()));
  }
  if (Crc32(h + kContainerHeaderBytes, file.size() - kContainerHeaderBytes) !=
      Load<uint32_t>(h + kPayloadCrcAt)) {
    return Corrupt(what + ": payload checksum mismatch");
  }
  return header;
}

}  // namespace loka
