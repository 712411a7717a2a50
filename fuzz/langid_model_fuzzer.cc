// libFuzzer target: arbitrary bytes as a language-ID model file (docs/formats/langid.md) must
// give a view or an error, never a crash; a model that parses must identify text (k = 3, spans
// on) without faults. Mutated bytes seldom keep the header's size and checksums, so each input
// is also parsed with them recomputed, which lets the fuzzer reach the section checks.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/checksum.h"
#include "langid/classifier.h"
#include "langid/identifier.h"
#include "langid/model_file.h"

namespace {

constexpr size_t kHeaderSize = 64;

void ParseAndIdentify(const std::string& bytes) {
  auto view = loka::langid::ParseModel(bytes, "fuzz");
  if (!view.ok()) return;
  // Identifier::Load only takes a path; it is this Classifier over the mapped bytes.
  const loka::langid::Classifier classifier(std::move(view).value());
  loka::langid::IdentifyOptions options;
  options.k = 3;
  options.spans = true;
  loka::langid::LangResult result;
  (void)classifier.Identify("Habari yako rafiki", options, &result);
  (void)classifier.Identify("_Datei %s öffnen", options, &result);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (4u << 20)) return 0;
  // A copy, as the model is read in place from an aligned mapping.
  std::string bytes(reinterpret_cast<const char*>(data), size);
  ParseAndIdentify(bytes);
  if (size >= kHeaderSize && std::memcmp(bytes.data(), "LOKALANG", 8) == 0) {
    const uint64_t file_size = size;
    std::memcpy(bytes.data() + 16, &file_size, 8);
    const uint32_t payload_crc =
        loka::Crc32(bytes.data() + kHeaderSize, bytes.size() - kHeaderSize);
    std::memcpy(bytes.data() + 24, &payload_crc, 4);
    const uint32_t header_crc = loka::Crc32(bytes.data(), 28);
    std::memcpy(bytes.data() + 28, &header_crc, 4);
    if (std::memcmp(bytes.data(), data, kHeaderSize) != 0) ParseAndIdentify(bytes);
  }
  return 0;
}
