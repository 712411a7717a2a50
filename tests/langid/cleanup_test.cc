// URL / e-mail / handle / domain blanking keeps byte offsets and leaves language alone.
#include "langid/cleanup.h"

#include <gtest/gtest.h>

#include <string>

namespace loka::langid {
namespace {

TEST(CleanupTest, BlanksNonLanguageChunksKeepingLength) {
  struct Case {
    const char* in;
    size_t begin, end;  // the blanked bytes, counted by hand
  };
  const Case cases[] = {
      {"https://x.org", 0, 13},
      {"see https://example.com/a?b=c now", 4, 29},
      {"mail me: jo@example.org!", 9, 24},
      {"cc @amina_k please", 3, 11},
      {"www.kenya.go.ke", 0, 15},
      {"visit example.com.", 6, 18},
      {"ftp://host/x y", 0, 12},
  };
  for (const Case& c : cases) {
    std::string want = c.in;
    for (size_t i = c.begin; i < c.end; ++i) want[i] = ' ';
    std::string out;
    ASSERT_TRUE(BlankNonLanguage(c.in, &out)) << c.in;
    EXPECT_EQ(out, want) << c.in;
  }
}

TEST(CleanupTest, LeavesLanguageUntouched) {
  for (const char* in : {"Habari yako? Nzuri sana.", "e.g. this is fine", "3.14 is pi",
                         "Mr. Smith went home.", "nakupenda/nakuchukia", "a@ b", "",
                         "ሰላም። እንዴት ነህ?", "end.Start"}) {
    std::string out = "unchanged";
    EXPECT_FALSE(BlankNonLanguage(in, &out)) << in;
    EXPECT_EQ(out, "unchanged");
  }
}

}  // namespace
}  // namespace loka::langid
