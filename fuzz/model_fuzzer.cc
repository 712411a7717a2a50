// libFuzzer target: arbitrary bytes as a model file must give a model or an error, never a
// crash; a model that loads must predict without faults.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "learn/model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  auto m = loka::learn::Model::FromBytes(std::string(reinterpret_cast<const char*>(data), size));
  if (m.ok()) {
    std::vector<loka::learn::Prediction> p;
    (void)m->Predict("hello world", 3, 0.f, &p);
  }
  return 0;
}
