// Extraction: headings become the passages' context, markup goes, bad bytes are errors.
#include "search/extract.h"

#include <gtest/gtest.h>

#include "core/file.h"

namespace loka::search {
namespace {

const std::string kTestdata = std::string(LOKA_TESTDATA_DIR) + "/search/";

TEST(DetectFormatTest, ByExtensionThenByContent) {
  EXPECT_EQ(DetectFormat("a/b.MD", ""), Format::kMarkdown);
  EXPECT_EQ(DetectFormat("x.htm", ""), Format::kHtml);
  EXPECT_EQ(DetectFormat("x.pdf", ""), Format::kPdf);
  EXPECT_EQ(DetectFormat("noext", "%PDF-1.4"), Format::kPdf);
  EXPECT_EQ(DetectFormat("noext", "  <!DOCTYPE html><p>x"), Format::kHtml);
  EXPECT_EQ(DetectFormat("notes.txt", "<html>"), Format::kText);
  EXPECT_FALSE(HasDocumentExtension("photo.jpg"));
  EXPECT_TRUE(HasDocumentExtension("dir.v2/readme.markdown"));
}

TEST(ExtractTest, HtmlKeepsHeadingsAndDropsMarkup) {
  const std::string html =
      "<html><head><title>Pests</title><style>p{color:red}</style>"
      "<script>var a = '<p>not text</p>';</script></head><body>"
      "<h1>Maize</h1><p>Plant <b>after</b> the first rains &amp; weed early.</p>"
      "<h2>Fall armyworm</h2><ul><li>Scout weekly</li><li>Use neem&nbsp;extract</li></ul>"
      "<!-- <p>hidden</p> --><h1>Beans</h1><div>Rotate<br>crops</div></body></html>";
  Result<Extracted> doc = Extract(Format::kHtml, html);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "Pests");
  ASSERT_EQ(doc->blocks.size(), 5u);
  EXPECT_EQ(doc->blocks[0].heading, "Maize");
  EXPECT_EQ(doc->blocks[0].text, "Plant after the first rains & weed early.");
  EXPECT_EQ(doc->blocks[1].heading, "Maize > Fall armyworm");
  EXPECT_EQ(doc->blocks[1].text, "Scout weekly");
  EXPECT_EQ(doc->blocks[2].text, "Use neem extract");  // &nbsp; is whitespace, collapsed
  EXPECT_EQ(doc->blocks[3].heading, "Beans");  // a new h1 closes the h2
  EXPECT_EQ(doc->blocks[3].text, "Rotate");
  EXPECT_EQ(doc->blocks[4].text, "crops");
}

// Named references of each of HTML 4.01's three entity sets (code points from its DTDs), a
// numeric one in decimal and in hex, and ones to leave as written: an unknown name, a name in
// the wrong case, no semicolon.
TEST(ExtractTest, HtmlNamedAndNumericCharacterReferences) {
  const std::string html =
      "<p>A irriga&ccedil;&atilde;o &eacute; eficiente.</p>"
      "<p>&Aring;&szlig;&yuml; &frac12; &times;</p>"
      "<p>&alpha;&Omega;&sigmaf; &rArr; &le; &infin; &hearts; &thetasym;</p>"
      "<p>&OElig;&euro;&permil;&ldquo;x&rdquo;&dagger;</p>"
      "<p>&#233;&#xE9; &apos;</p>"
      "<p>&bogus; &EACUTE; &amp AT&T;</p>";
  Result<Extracted> doc = Extract(Format::kHtml, html);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->blocks.size(), 6u);
  EXPECT_EQ(doc->blocks[0].text, "A irrigação é eficiente.");
  EXPECT_EQ(doc->blocks[1].text, "Åßÿ ½ ×");
  EXPECT_EQ(doc->blocks[2].text, "αΩς ⇒ ≤ ∞ ♥ ϑ");
  EXPECT_EQ(doc->blocks[3].text, "Œ€‰“x”†");
  EXPECT_EQ(doc->blocks[4].text, "éé '");
  EXPECT_EQ(doc->blocks[5].text, "&bogus; &EACUTE; &amp AT&T;");
}

TEST(ExtractTest, BrokenHtmlIsStillText) {
  Result<Extracted> doc = Extract(Format::kHtml, "<p>a < b and <unclosed tag");
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->blocks.size(), 1u);
  EXPECT_EQ(doc->blocks[0].text, "a < b and");
}

TEST(ExtractTest, MarkdownHeadingsListsAndLinks) {
  const std::string md =
      "# Scheme guide\n\nThe [PM-KISAN](https://example.org) scheme pays\nfarmers in three "
      "parts.\n\n## Who qualifies\n\n- Small farmers\n- **Tenant** farmers\n\nSetext title\n"
      "===\n\n```\ncode stays\n```\n";
  Result<Extracted> doc = Extract(Format::kMarkdown, md);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->title, "Scheme guide");
  ASSERT_EQ(doc->blocks.size(), 4u);
  EXPECT_EQ(doc->blocks[0].heading, "Scheme guide");
  EXPECT_EQ(doc->blocks[0].text, "The PM-KISAN scheme pays farmers in three parts.");
  EXPECT_EQ(doc->blocks[1].heading, "Scheme guide > Who qualifies");
  EXPECT_EQ(doc->blocks[1].text, "Small farmers");
  EXPECT_EQ(doc->blocks[2].text, "Tenant farmers");
  EXPECT_EQ(doc->blocks[3].heading, "Setext title");
  EXPECT_EQ(doc->blocks[3].text, "code stays");
}

// "__x__" is emphasis like "**x**" and is dropped; underscores inside a word, in a code span or
// in a fenced block are text (CommonMark: "_" never opens or closes emphasis inside a word).
TEST(ExtractTest, MarkdownUnderscoreEmphasisIsDroppedWordUnderscoresStay) {
  const std::string md =
      "Plant __lime__ early, _then_ wait.\n\nSet snake_case_name and `__init__` and "
      "`a __b__ c` as is; __x__y stays, so does a __ b __ c.\n\n```\ndef __init__(self):\n```\n";
  Result<Extracted> doc = Extract(Format::kMarkdown, md);
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->blocks.size(), 3u);
  EXPECT_EQ(doc->blocks[0].text, "Plant lime early, then wait.");
  EXPECT_EQ(doc->blocks[1].text,
            "Set snake_case_name and __init__ and a __b__ c as is; __x__y stays, so does a __ b __ c.");
  EXPECT_EQ(doc->blocks[2].text, "def __init__(self):");
}

TEST(ExtractTest, PlainTextParagraphs) {
  // Blank lines separate paragraphs; lines of a block stay apart unless hard-wrapped.
  const std::string text =
      "First paragraph.\n\nLine one is a sentence.\nLine two is another one.\n\n"
      "This hard-wrapped paragraph continues on the next line\n"
      "because its writer pressed return at about sixty\n"
      "characters, as old editors and email programs do\n"
      "when they wrap.\n";
  Result<Extracted> doc = Extract(Format::kText, text);
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->blocks.size(), 4u);
  EXPECT_EQ(doc->blocks[1].text, "Line one is a sentence.");
  EXPECT_EQ(doc->blocks[2].text, "Line two is another one.");
  EXPECT_EQ(doc->blocks[3].text.substr(0, 60),
            "This hard-wrapped paragraph continues on the next line becau");
}

TEST(ExtractTest, BinaryGarbageIsRefused) {
  std::string garbage;
  for (int i = 0; i < 512; ++i) garbage.push_back(static_cast<char>((i * 131) & 0xFF));
  Result<Extracted> doc = Extract(Format::kText, garbage);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(doc.status().message().find("malformed UTF-8 at byte"), std::string::npos);
  Result<Extracted> nul = Extract(Format::kMarkdown, std::string("ab\0cd", 5));
  ASSERT_FALSE(nul.ok());
  EXPECT_NE(nul.status().message().find("NUL byte at byte 2"), std::string::npos);
}

TEST(ExtractTest, PdfTextPerPage) {
  Result<std::string> bytes = ReadFile(kTestdata + "advisory.pdf");
  ASSERT_TRUE(bytes.ok());
  Result<Extracted> doc = Extract(Format::kPdf, *bytes);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "Maize advisory");
  ASSERT_EQ(doc->blocks.size(), 2u);
  EXPECT_EQ(doc->blocks[0].heading, "page 1");
  EXPECT_EQ(doc->blocks[0].text, "Fall armyworm control with neem extract");
  EXPECT_EQ(doc->blocks[1].heading, "page 2");
}

TEST(ExtractTest, CorruptPdfIsAnError) {
  Result<std::string> bytes = ReadFile(kTestdata + "corrupt.pdf");
  ASSERT_TRUE(bytes.ok());
  Result<Extracted> doc = Extract(Format::kPdf, *bytes);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kCorrupt);
  Result<Extracted> not_pdf = Extract(Format::kPdf, "hello");
  ASSERT_FALSE(not_pdf.ok());
  EXPECT_EQ(not_pdf.status().code(), StatusCode::kCorrupt);
}

}  // namespace
}  // namespace loka::search
