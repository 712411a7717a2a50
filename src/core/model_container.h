// The model-file container (docs/formats/container.md): the 64-byte header every loka model
// file starts with (magic, format version, kind, file size, payload and header CRC-32), written
// once the payload is complete and checked before a byte of the payload is read. Each format
// (learn's classifier, langid's language-ID model) says what its payload holds.
//
// Thread contract: plain functions on values.
#ifndef LOKA_CORE_MODEL_CONTAINER_H_
#define LOKA_CORE_MODEL_CONTAINER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace loka {

// Header bytes; the payload starts right after them, so at a 64-byte boundary.
inline constexpr size_t kContainerHeaderBytes = 64;

// What a format's header says and a reader accepts.
struct ContainerFormat {
  std::string_view magic;  // exactly 8 bytes, e.g. "LOKAMODL"
  std::string_view name;   // for messages: "loka model", "language-ID model"
  uint32_t min_version = 1;  // the versions this loka reads
  uint32_t max_version = 1;
};

// A file that is all header, zeros for now: append the payload, then SealContainer.
std::string StartContainer();

// Writes the header of `file`, whose payload is everything after the first 64 bytes.
// REQUIRES: `file` came from StartContainer; format.magic is 8 bytes.
void SealContainer(const ContainerFormat& format, uint32_t version, uint32_t kind,
                   std::string* file);

struct ContainerHeader {
  uint32_t version = 0;
  uint32_t kind = 0;  // the format's own meaning (0 where it has none)
};

// Checks `file`'s header, stopping at the first failure, in this order: size >= 64, magic,
// header CRC, version within the format's range, file size equal to the header's, payload
// CRC. Errors name `what` (the path or another name of the input): corrupt for each check but
// the version, failed_precondition for a version this loka does not read.
Result<ContainerHeader> CheckContainer(std::string_view file, const ContainerFormat& format,
                                       const std::string& what);

}  // namespace loka

#endif  // LOKA_CORE_MODEL_CONTAINER_H_
