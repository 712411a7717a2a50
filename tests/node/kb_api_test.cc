// The knowledge base over real HTTP on loopback: documents in (text and base64 PDF), search
// with the answer shape scripts rely on, replace, delete, scopes and bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "node_fixture.h"

namespace loka::node {
namespace {

using store::Scope;

std::string Base64(const std::string& bytes) {
  static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) |
                       uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kChars[(v >> s) & 63]);
  }
  if (i < bytes.size()) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out.push_back(kChars[(v >> 18) & 63]);
    out.push_back(kChars[(v >> 12) & 63]);
    out += i + 1 < bytes.size() ? std::string(1, kChars[(v >> 6) & 63]) + "=" : "==";
  }
  return out;
}

using KbApiTest = NodeTest;

TEST_F(KbApiTest, AddSearchReplaceDelete) {
  Reply r = Post("/v1/kb/documents",
                 Json{{"name", "maize.md"},
                      {"text", "# Maize\n\n## Fall armyworm\n\nSpray neem extract on young "
                               "larvae.\n"}},
                 Scope::kWrite);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["outcome"], "added");
  EXPECT_EQ(r.json["passages"], 1);

  std::ifstream pdf(std::string(LOKA_TESTDATA_DIR) + "/search/advisory.pdf", std::ios::binary);
  std::stringstream bytes;
  bytes << pdf.rdbuf();
  r = Post("/v1/kb/documents", Json{{"name", "advisory.pdf"}, {"base64", Base64(bytes.str())}},
           Scope::kWrite);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["passages"], 2);

  r = Get("/v1/kb/search?q=neem%20extrct%20larvae&k=3", Scope::kRead);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_GE(r.json["results"].size(), 1u);
  const Json& top = r.json["results"][0];
  EXPECT_EQ(top["doc"], "maize.md");
  EXPECT_EQ(top["passage"], "Spray neem extract on young larvae.");
  EXPECT_EQ(top["heading"], "Maize > Fall armyworm");
  EXPECT_TRUE(top["score"].is_number());
  EXPECT_NE(top["snippet"].get<std::string>().find("**neem**"), std::string::npos);

  r = Get("/v1/kb/search?q=irrigate%20maize%20seven%20days", Scope::kRead);
  ASSERT_EQ(r.status, 200);
  ASSERT_GE(r.json["results"].size(), 1u);
  EXPECT_EQ(r.json["results"][0]["doc"], "advisory.pdf");

  r = Post("/v1/kb/documents", Json{{"name", "maize.md"}, {"text", "Sorghum only now."}},
           Scope::kWrite);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["outcome"], "replaced");
  r = Get("/v1/kb/documents", Scope::kRead);
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.json["documents"].size(), 2u);
  EXPECT_EQ(r.json["documents"][1]["doc"], "maize.md");
  EXPECT_EQ(r.json["documents"][1]["version"], 2);

  r = Call(port_, "DELETE", "/v1/kb/documents?name=maize.md", "", Key(Scope::kWrite));
  ASSERT_EQ(r.status, 200) << r.body;
  r = Get("/v1/kb/search?q=sorghum", Scope::kRead);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.json["results"].empty());
  r = Call(port_, "DELETE", "/v1/kb/documents?name=maize.md", "", Key(Scope::kWrite));
  EXPECT_EQ(r.status, 404);
}

TEST_F(KbApiTest, TagsAndDatesFilterSearches) {
  Reply r = Post("/v1/kb/documents",
                 Json{{"name", "old.txt"}, {"text", "Urea subsidy for maize growers."},
                      {"date", "2023-11-05"}, {"tags", {"Maize", "subsidy"}}},
                 Scope::kWrite);
  ASSERT_EQ(r.status, 201) << r.body;
  r = Post("/v1/kb/documents",
           Json{{"name", "new.txt"}, {"text", "Urea subsidy doubled."}, {"date", "2024-06-01"}},
           Scope::kWrite);
  ASSERT_EQ(r.status, 201) << r.body;
  r = Get("/v1/kb/documents", Scope::kRead);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["documents"][1]["date"], "2023-11-05");
  EXPECT_EQ(r.json["documents"][1]["tags"], Json({"maize", "subsidy"}));
  EXPECT_EQ(r.json["documents"][0]["tags"], Json::array());

  auto docs = [&](const std::string& filter) {
    Reply s = Get("/v1/kb/search?q=urea%20subsidy" + filter, Scope::kRead);
    EXPECT_EQ(s.status, 200) << s.body;
    std::vector<std::string> names;
    for (const Json& x : s.json["results"]) names.push_back(x["doc"]);
    return names;
  };
  EXPECT_EQ(docs("").size(), 2u);
  EXPECT_EQ(docs("&tag=MAIZE,none"), std::vector<std::string>{"old.txt"});
  EXPECT_EQ(docs("&since=2024-01-01"), std::vector<std::string>{"new.txt"});
  EXPECT_EQ(docs("&until=2024-01-01"), std::vector<std::string>{"old.txt"});
  EXPECT_TRUE(docs("&since=2024-01-01&until=2024-05-31").empty());

  r = Get("/v1/kb/search?q=urea&since=yesterday", Scope::kRead);
  EXPECT_EQ(r.status, 400);
  r = Post("/v1/kb/documents", Json{{"name", "c.txt"}, {"text", "x"}, {"tags", "maize"}},
           Scope::kWrite);
  EXPECT_EQ(r.status, 400) << r.body;  // tags must be an array
  r = Post("/v1/kb/documents", Json{{"name", "c.txt"}, {"text", "x"}, {"date", "2024-13-01"}},
           Scope::kWrite);
  EXPECT_EQ(r.status, 400) << r.body;
}

TEST_F(KbApiTest, BadInputAndScopes) {
  // Read keys cannot add.
  Reply r = Post("/v1/kb/documents", Json{{"name", "a.txt"}, {"text", "x"}}, Scope::kRead);
  EXPECT_EQ(r.status, 403);
  r = Post("/v1/kb/documents", Json{{"name", "a.txt"}}, Scope::kWrite);
  EXPECT_EQ(r.status, 400);
  r = Post("/v1/kb/documents", Json{{"name", "bad.pdf"}, {"base64", "JVBERi0xLjQKZ2FyYmFnZQ=="}},
           Scope::kWrite);
  EXPECT_EQ(r.status, 400) << r.body;  // "%PDF-1.4\ngarbage": corrupt
  r = Post("/v1/kb/documents", Json{{"name", "b.txt"}, {"base64", "!!!"}}, Scope::kWrite);
  EXPECT_EQ(r.status, 400);
  r = Get("/v1/kb/search?q=", Scope::kRead);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "invalid_argument");
  r = Get("/v1/kb/search?q=x&k=0", Scope::kRead);
  EXPECT_EQ(r.status, 400);
  // FTS5 syntax is text: no error, no results in an empty knowledge base.
  r = Get("/v1/kb/search?q=%22a%22%20NEAR(b)%20%7Bwords%7D%3A%20c*", Scope::kRead);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json["results"].empty());
}

// A document's name is shown in every result and listing: one that holds a control character,
// is blank or is past max_name_bytes is a 400 naming the rule; so is a tag holding a comma,
// which the comma-separated tag filter could never match. Nothing is stored.
TEST_F(KbApiTest, BadDocumentNamesAndTagsAreRefused) {
  for (const std::string& name :
       {std::string("a\tb.txt"), std::string("two\nlines.txt"), std::string("nul\0.txt", 7),
        std::string("del\x7f.txt"), std::string("   "), std::string(100000, 'n')}) {
    Reply r = Post("/v1/kb/documents", Json{{"name", name}, {"text", "Plant maize early."}},
                   Scope::kWrite);
    EXPECT_EQ(r.status, 400) << name.substr(0, 20) << ": " << r.body;
    EXPECT_EQ(r.error_code(), "invalid_argument") << r.body;
    EXPECT_NE(r.body.find("name"), std::string::npos) << r.body;
  }
  Reply r = Post("/v1/kb/documents",
                 Json{{"name", "t.txt"}, {"text", "Plant maize early."}, {"tags", {"maize,rice"}}},
                 Scope::kWrite);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("comma"), std::string::npos) << r.body;
  r = Get("/v1/kb/documents", Scope::kRead);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json["documents"].empty()) << r.body;
  // A name of 1,024 bytes, and one of letters from several scripts, are fine; the same text
  // sent again is unchanged and still says its passages.
  r = Post("/v1/kb/documents", Json{{"name", std::string(1024, 'n')}, {"text", "Plant maize."}},
           Scope::kWrite);
  EXPECT_EQ(r.status, 201) << r.body;
  r = Post("/v1/kb/documents", Json{{"name", "Circular n° 5 – खेत.txt"}, {"text", "Plant maize."}},
           Scope::kWrite);
  EXPECT_EQ(r.status, 201) << r.body;
  r = Post("/v1/kb/documents", Json{{"name", "Circular n° 5 – खेत.txt"}, {"text", "Plant maize."}},
           Scope::kWrite);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["outcome"], "unchanged");
  EXPECT_EQ(r.json["passages"], 1);
}

// The language filter is passed to SQLite as a JSON array: a control character in it (a stray
// newline, a NUL) is escaped, so it matches no passage instead of failing the query with a 500.
TEST_F(KbApiTest, LanguageFilterWithControlCharactersMatchesNothing) {
  Reply r = Post("/v1/kb/documents", Json{{"name", "maize.txt"}, {"text", "Plant maize early."}},
                 Scope::kWrite);
  ASSERT_EQ(r.status, 201) << r.body;
  for (const char* lang : {"eng%0a", "x%01", "%00", "eng,%1f%22"}) {
    r = Get(std::string("/v1/kb/search?q=maize&lang=") + lang, Scope::kRead);
    EXPECT_EQ(r.status, 200) << lang << ": " << r.body;
    EXPECT_TRUE(r.json["results"].empty()) << lang << ": " << r.body;
  }
  r = Get("/v1/kb/search?q=maize", Scope::kRead);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["results"].size(), 1u);
}

}  // namespace
}  // namespace loka::node
