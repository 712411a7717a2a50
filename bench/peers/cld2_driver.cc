// Language-ID peer for bench/langid_bench.py: Debian's CLD2 (libcld2, the 83-language table).
// Reads UTF-8 lines on stdin and writes one CLD2 language code per line ("un" for unknown).
// Build: g++ -O2 -std=c++17 cld2_driver.cc -o cld2_driver -lcld2
#include <cstdio>  // before CLD2's header, which uses FILE without including it
#include <iostream>
#include <string>

#include <cld2/public/compact_lang_det.h>

int main() {
  std::ios::sync_with_stdio(false);
  std::string line, out;
  while (std::getline(std::cin, line)) {
    bool reliable = false;
    const CLD2::Language lang =
        CLD2::DetectLanguage(line.data(), static_cast<int>(line.size()), /*is_plain_text=*/true,
                             &reliable);
    out += CLD2::LanguageCode(lang);
    out += '\n';
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
