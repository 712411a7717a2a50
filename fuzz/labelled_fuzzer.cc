// libFuzzer target: labelled training files (TSV and fastText formats) of arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "learn/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  loka::learn::ReadOptions o;
  loka::learn::ReadStats st;
  (void)loka::learn::ParseLabelled(std::string_view(reinterpret_cast<const char*>(data), size),
                                   "fuzz", o, &st);
  return 0;
}
