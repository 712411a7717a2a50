#include "core/checksum.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace loka {

uint32_t Crc32(const void* data, size_t n, uint32_t crc) {
  const auto* p = static_cast<const Bytef*>(data);
  uLong c = crc;
  while (n > 0) {  // zlib takes uInt lengths; feed large buffers in pieces
    const size_t chunk = std::min<size_t>(n, UINT_MAX);
    c = crc32(c, p, static_cast<uInt>(chunk));
    p += chunk;
    n -= chunk;
  }
  return static_cast<uint32_t>(c);
}

}  // namespace loka
