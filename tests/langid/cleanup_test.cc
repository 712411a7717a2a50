// URL / e-mail / handle / domain and placeholder blanking keeps byte offsets and leaves language
// alone; access-key markers are dropped.
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
      // Placeholders of software strings.
      {"%s: no se puede abrir", 0, 2},
      {"Datei %1 fehlt", 6, 8},
      {"%1$s ficheiros", 0, 4},
      {"faltan %5.2lf", 7, 13},
      {"%(name)s imefutwa", 0, 8},
      {"{0} archivos", 0, 3},
      {"Hifadhi {filename}", 8, 18},
      {"$1 mabadiliko", 0, 2},
      {"100%% kamili", 0, 5},
      // Command-line options and file paths in program messages.
      {"-a, --all  usiache faili", 0, 9},
      {"tumia --width=COLS kuweka", 6, 18},
      {"angalia /etc/passwd kwanza", 8, 19},
      {"soma ~/.bashrc", 5, 14},
      // Numbers: digits with the punctuation of prices, times and phone numbers, no letter.
      {"3.14 is pi", 0, 4},
      {"50% de descuento", 0, 3},
      {"costs $ 5", 8, 9},
      {"-5 °C", 0, 2},
      {"bus raat 10:30 baje", 9, 14},
      {"maine 2,500. bhej diye", 6, 12},
      {"call +254-712-000", 5, 17},
      {"kal (6)?", 4, 8},
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
  for (const char* in : {"Habari yako? Nzuri sana.", "e.g. this is fine",
                         "Mr. Smith went home.", "nakupenda/nakuchukia", "a@ b", "",
                         "ሰላም። እንዴት ነህ?", "end.Start", "%de", "{ not a field }",
                         "a {b", "well-known", "e-mail", "- item", "/ou", "и/или",
                         // A number inside a word, or with a letter, is part of the language.
                         "18h", "5pm", "rs500", "covid-19", "x2", "%"}) {
    std::string out = "unchanged";
    EXPECT_FALSE(BlankNonLanguage(in, &out)) << in;
    EXPECT_EQ(out, "unchanged");
  }
}

// Borrowed English words go when another word is left to decide; offsets are kept.
TEST(CleanupTest, BlanksLoanwordsWhenAnotherWordIsLeft) {
  const std::pair<const char*, const char*> blanked[] = {
      {"mera phone kharab hai", "mera       kharab hai"},
      {"OK, bus kab aayegi?", "  ,     kab aayegi?"},
      {"school fees kab jama karni hai", "            kab jama karni hai"},
  };
  for (const auto& [in, want] : blanked) {
    std::string out;
    ASSERT_TRUE(BlankLoanwords(in, &out)) << in;
    EXPECT_EQ(out, want) << in;
  }
  // Nothing borrowed, or nothing else left (a one-letter chunk does not count), or the word
  // only inside another: untouched.
  for (const char* in : {"habari yako", "ok", "OK!", "bus a", "phone school", "busara",
                         "okoa maisha", ""}) {
    std::string out = "unchanged";
    EXPECT_FALSE(BlankLoanwords(in, &out)) << in;
    EXPECT_EQ(out, "unchanged");
  }
}

// Access-key markers go wherever a letter follows them; a marker before a space, a digit or
// punctuation is left, as is text without markers.
TEST(CleanupTest, DropsAccessKeyMarkers) {
  const std::pair<const char*, const char*> cases[] = {
      {"_Abrir archivo", "Abrir archivo"},
      {"Datei ö_ffnen", "Datei öffnen"},
      {"&Speichern unter", "Speichern unter"},
      {"~Abrir", "Abrir"},
      {"Tom & Jerry", "Tom & Jerry"},
      {"a_ b", "a_ b"},
      {"x _1", "x _1"},
      {"(_Ok)", "(Ok)"},
      {"", ""},
      {"__init", "_init"},
  };
  for (const auto& [in, want] : cases) {
    std::string s = in;
    DropAccessKeyMarkers(&s);
    EXPECT_EQ(s, want) << in;
  }
}

}  // namespace
}  // namespace loka::langid
