// Identifier behaviour on the tiny model: script-only answers, "und" on what is not language,
// malformed UTF-8, top-k, thread safety.
#include "langid/identifier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tiny_model.h"

namespace loka::langid {
namespace {

using testing::TinyIdentifier;

LangResult Identify(std::string_view text, int k = 1) {
  LangResult r;
  IdentifyOptions o;
  o.k = k;
  const Status s = TinyIdentifier().Identify(text, o, &r);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return r;
}

TEST(IdentifierTest, LanguagesAreSortedAndIncludeScriptOnlyOnes) {
  const std::vector<std::string> langs = TinyIdentifier().Languages();
  EXPECT_TRUE(std::is_sorted(langs.begin(), langs.end()));
  EXPECT_EQ(langs.size(), 12u);
  EXPECT_TRUE(std::binary_search(langs.begin(), langs.end(), "sat"));
}

TEST(IdentifierTest, OlChikiIsSantaliFromTheScriptAlone) {
  const LangResult r = Identify("ᱟᱹᱰᱤ ᱵᱮᱥ ᱫᱤᱥᱚᱢ");  // not a training line
  EXPECT_EQ(r.language, "sat");
  EXPECT_EQ(r.script, "Olck");
  EXPECT_GT(r.probability, 0.9f);
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_EQ(r.candidates[0].language, "sat");
}

TEST(IdentifierTest, GreekIsAnsweredFromTheScriptAlone) {
  const LangResult r = Identify("Καλημέρα σας, τι κάνετε;");
  EXPECT_EQ(r.language, "ell");
  EXPECT_EQ(r.script, "Grek");
}

TEST(IdentifierTest, GeezNarrowsToAmharicOrTigrinya) {
  const LangResult r = Identify("ሰላም ነው እንዴት ነህ ዛሬ", 5);
  EXPECT_TRUE(r.language == "amh" || r.language == "tir") << r.language;
  EXPECT_EQ(r.script, "Ethi");
  ASSERT_EQ(r.candidates.size(), 2u);  // only the two Ge'ez languages are candidates
  const std::set<std::string> got = {r.candidates[0].language, r.candidates[1].language};
  EXPECT_EQ(got, (std::set<std::string>{"amh", "tir"}));
}

TEST(IdentifierTest, NotLanguageIsUnd) {
  for (const char* text : {"", "12345", "https://x.org", "😀😀", "a", "ሀ", "!!! ???", "   ",
                           "jo@example.org", "3.14159 + 2.71828 = 5.85987", "@someone"}) {
    const LangResult r = Identify(text, 3);
    EXPECT_EQ(r.language, "und") << "'" << text << "'";
    EXPECT_EQ(r.probability, 0.f) << text;
    EXPECT_TRUE(r.candidates.empty()) << text;
  }
}

TEST(IdentifierTest, UnknownScriptIsUndWithItsScript) {
  const LangResult r = Identify("สวัสดีครับ ยินดีต้อนรับ");
  EXPECT_EQ(r.language, "und");
  EXPECT_EQ(r.script, "Thai");
  EXPECT_TRUE(r.candidates.empty());
}

TEST(IdentifierTest, MalformedUtf8NamesTheByte) {
  LangResult r;
  const Status s = TinyIdentifier().Identify("ok \xC3\x28 no", {}, &r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "malformed UTF-8 at byte 3");
  const Status s2 = TinyIdentifier().Identify("\xFF", {}, &r);
  EXPECT_EQ(s2.message(), "malformed UTF-8 at byte 0");
}

TEST(IdentifierTest, TopKIsSortedAndWithinTheScript) {
  const LangResult r = Identify("Toute personne a droit à la liberté de pensée", 3);
  EXPECT_EQ(r.language, "fra");
  ASSERT_EQ(r.candidates.size(), 3u);
  float sum = 0;
  for (size_t i = 0; i < r.candidates.size(); ++i) {
    if (i > 0) {
      EXPECT_GE(r.candidates[i - 1].probability, r.candidates[i].probability);
    }
    EXPECT_TRUE(std::set<std::string>({"deu", "eng", "fra", "spa"}).count(r.candidates[i].language));
    sum += r.candidates[i].probability;
  }
  EXPECT_LE(sum, 1.0001f);
  EXPECT_EQ(r.probability, r.candidates[0].probability);
  EXPECT_EQ(Identify("Toute personne a droit à la liberté de pensée", 100).candidates.size(), 4u);
}

// Numbers and borrowed English words are blanked before scoring: the text scores as without
// them, with the same top candidates and probabilities.
TEST(IdentifierTest, NumbersAndBorrowedWordsDoNotVote) {
  const std::pair<const char*, const char*> same[] = {
      {"Toute personne a droit 500 à la liberté 10:30", "Toute personne a droit à la liberté"},
      {"Toute personne a droit à la liberté, ok? phone", "Toute personne a droit à la liberté"},
  };
  for (const auto& [with, without] : same) {
    const LangResult a = Identify(with, 3);
    const LangResult b = Identify(without, 3);
    EXPECT_EQ(a.language, b.language) << with;
    ASSERT_EQ(a.candidates.size(), b.candidates.size()) << with;
    for (size_t i = 0; i < a.candidates.size(); ++i) {
      EXPECT_EQ(a.candidates[i].language, b.candidates[i].language) << with;
      EXPECT_FLOAT_EQ(a.candidates[i].probability, b.candidates[i].probability) << with;
    }
  }
  // Borrowed words with nothing else are scored as they are (blanked, no letter would be left).
  EXPECT_EQ(Identify("ok phone").script, "Latn");
}

TEST(IdentifierTest, CyrillicAndDevanagariNeedTheModel) {
  EXPECT_EQ(Identify("Все люди рождаются свободными и равными в своем достоинстве и правах").language,
            "rus");
  EXPECT_EQ(Identify("Усі люди народжуються вільними і рівними у своїй гідності та правах").language,
            "ukr");
  const LangResult hin = Identify("सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता प्राप्त है");
  EXPECT_EQ(hin.language, "hin");
  EXPECT_EQ(hin.script, "Deva");
}

TEST(IdentifierTest, SafeToShareBetweenThreads) {
  const auto& rows = testing::TinyRows();
  std::vector<std::string> want;
  for (const auto& row : rows) want.push_back(Identify(row.text).language);
  auto run = [&](std::vector<std::string>* got) {
    LangResult r;
    IdentifyOptions o;
    o.spans = true;
    for (const auto& row : rows) {
      if (!TinyIdentifier().Identify(row.text, o, &r).ok()) return;
      got->push_back(r.language);
    }
  };
  std::vector<std::string> a, b;
  std::thread t1(run, &a), t2(run, &b);
  t1.join();
  t2.join();
  EXPECT_EQ(a, want);
  EXPECT_EQ(b, want);
}

// A language with two profiles (deu: UDHR and software strings; ell: the same, answered from
// the script) answers text of either domain with its code, once: candidates, spans and the
// language list never name a profile or list a language twice.
TEST(IdentifierTest, ProfilesAnswerWithTheirLanguage) {
  const Identifier& id = testing::TinyProfilesIdentifier();
  EXPECT_EQ(id.Languages(), TinyIdentifier().Languages());
  struct Case {
    const char* text;
    const char* language;
  };
  const Case cases[] = {
      {"Jeder hat das Recht auf Leben, Freiheit und Sicherheit der Person.", "deu"},
      {"Datei konnte nicht gespeichert werden", "deu"},  // not a training line
      {"Lesezeichen verwalten", "deu"},
      {"Everyone has the right to life, liberty and security of person.", "eng"},
      {"Toute personne a droit à la liberté de pensée", "fra"},
      {"Αποθήκευση αρχείου", "ell"},
  };
  for (const Case& c : cases) {
    LangResult r;
    IdentifyOptions o;
    o.k = 100;
    o.spans = true;
    ASSERT_TRUE(id.Identify(c.text, o, &r).ok());
    EXPECT_EQ(r.language, c.language) << c.text;
    std::set<std::string> seen;
    float sum = 0;
    for (const Candidate& cand : r.candidates) {
      EXPECT_TRUE(seen.insert(cand.language).second) << c.text << ": " << cand.language;
      sum += cand.probability;
    }
    if (r.script == "Latn") {  // the model's answer: a distribution over deu eng fra spa
      EXPECT_EQ(r.candidates.size(), 4u) << c.text;
      EXPECT_NEAR(sum, 1.f, 1e-4f) << c.text;
    } else {
      EXPECT_EQ(r.candidates.size(), 1u) << c.text;  // Greek: the script alone
    }
    ASSERT_EQ(r.spans.size(), 1u) << c.text;
    EXPECT_EQ(r.spans[0].language, c.language) << c.text;
  }
}

// What the second profile is for: German software strings (none a training line), whose words
// the UDHR lacks, get a higher probability of German from the model that has the deu/ui
// profile; "Konto erstellen" was Spanish without it.
TEST(IdentifierTest, ADomainProfileRaisesItsDomainsText) {
  for (const char* text : {"Neues Fenster öffnen", "Ordner löschen", "Suchen", "Konto erstellen",
                           "Passwort ändern"}) {
    LangResult plain, profiles;
    IdentifyOptions o;
    o.k = 4;
    ASSERT_TRUE(TinyIdentifier().Identify(text, o, &plain).ok());
    ASSERT_TRUE(testing::TinyProfilesIdentifier().Identify(text, o, &profiles).ok());
    auto p_deu = [](const LangResult& r) {
      for (const Candidate& c : r.candidates) {
        if (c.language == "deu") return c.probability;
      }
      return 0.f;
    };
    EXPECT_GT(p_deu(profiles), p_deu(plain)) << text;
    EXPECT_EQ(profiles.language, "deu") << text;
  }
}

// $LOKA_LANGID_MODEL names the model when set and not empty; else it is models/langid.bin
// beside the running executable (this test binary here).
TEST(IdentifierTest, DefaultModelComesFromTheEnvironmentThenBesideTheExecutable) {
  const char* saved = std::getenv("LOKA_LANGID_MODEL");
  const std::string restore = saved ? saved : "";
  ASSERT_EQ(setenv("LOKA_LANGID_MODEL", "/srv/models/lid.bin", 1), 0);
  DefaultModel d = FindDefaultModel();
  EXPECT_EQ(d.path, "/srv/models/lid.bin");
  EXPECT_TRUE(d.from_environment);
  ASSERT_EQ(setenv("LOKA_LANGID_MODEL", "", 1), 0);  // empty counts as unset
  d = FindDefaultModel();
  EXPECT_FALSE(d.from_environment);
  const std::filesystem::path self = std::filesystem::canonical("/proc/self/exe");
  EXPECT_EQ(d.path, (self.parent_path() / "models" / "langid.bin").string());
  if (saved) setenv("LOKA_LANGID_MODEL", restore.c_str(), 1);
  else unsetenv("LOKA_LANGID_MODEL");
}

TEST(IdentifierTest, MovedIdentifierKeepsWorking) {
  Result<Identifier> r = Identifier::Load(testing::TinyModelPath());
  ASSERT_TRUE(r.ok());
  Identifier moved = std::move(r).value();
  LangResult out;
  ASSERT_TRUE(moved.Identify("Alle Menschen sind frei und gleich an Würde und Rechten geboren", {}, &out).ok());
  EXPECT_EQ(out.language, "deu");
}

}  // namespace
}  // namespace loka::langid

namespace loka::langid {
namespace {

// The default model (`make langid-model`), when this build has one.
TEST(DefaultModelTest, ScriptFirstAnswersAndUnd) {
  const std::string path = std::string(LOKA_BINARY_DIR) + "/models/langid.bin";
  Result<Identifier> id = Identifier::Load(path);
  if (!id.ok() && id.status().code() == StatusCode::kNotFound) {
    GTEST_SKIP() << "no default model at " << path << " (make langid-model)";
  }
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_GE(id->Languages().size(), 444u);
  std::error_code ec;
  EXPECT_LE(std::filesystem::file_size(path, ec), 2000000u) << "the default model is at most 2 MB";
  EXPECT_FALSE(ec) << ec.message();
  LangResult r;
  ASSERT_TRUE(id->Identify("ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ", {}, &r).ok());
  EXPECT_EQ(r.language, "sat");
  ASSERT_TRUE(id->Identify("የሰው ልጅ ሁሉ ሲወለድ ነጻና በክብርና በመብትም እኩልነት ያለው ነው", {}, &r).ok());
  EXPECT_TRUE(r.language == "amh" || r.language == "tir") << r.language;
  for (const char* text : {"12345", "https://x.org", "😀😀", "", "a"}) {
    ASSERT_TRUE(id->Identify(text, {}, &r).ok());
    EXPECT_EQ(r.language, "und") << text;
  }
  ASSERT_TRUE(id->Identify("Kila mtu anayo haki ya kuwa na uhuru wa mawazo", {}, &r).ok());
  EXPECT_EQ(r.language, "swh");
}

// Everyday messages (testdata/langid/everyday.tsv: greetings and requests as people type them)
// answer their language, not a close neighbour with fewer speakers and not "und".
TEST(DefaultModelTest, EverydayMessages) {
  const std::string path = std::string(LOKA_BINARY_DIR) + "/models/langid.bin";
  Result<Identifier> id = Identifier::Load(path);
  if (!id.ok() && id.status().code() == StatusCode::kNotFound) {
    GTEST_SKIP() << "no default model at " << path << " (make langid-model)";
  }
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const std::vector<learn::LabelledText> rows =
      testing::ReadRows(std::string(LOKA_TESTDATA_DIR) + "/langid/everyday.tsv");
  ASSERT_GE(rows.size(), 6u);
  LangResult r;
  for (const learn::LabelledText& row : rows) {
    ASSERT_TRUE(id->Identify(row.text, {}, &r).ok());
    EXPECT_EQ(r.language, row.label) << row.text << " (probability " << r.probability << ")";
  }
}

}  // namespace
}  // namespace loka::langid
