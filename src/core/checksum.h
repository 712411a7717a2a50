// CRC-32 (zlib's polynomial) for model files and payloads.
#ifndef LOKA_CORE_CHECKSUM_H_
#define LOKA_CORE_CHECKSUM_H_

#include <cstddef>
#include <cstdint>

namespace loka {

// Returns the CRC-32 of `n` bytes at `data`, continuing from `crc` (0 to start).
uint32_t Crc32(const void* data, size_t n, uint32_t crc = 0);

}  // namespace loka

#endif  // LOKA_CORE_CHECKSUM_H_
