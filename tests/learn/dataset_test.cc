// Tests for learn/dataset.h: format detection, the first-label rule for multi-label fastText lines,
// CRLF and blank lines, and the exact message for every kind of bad line ("NAME line N: reason"),
// in lenient (skip) and strict (fail) mode.
#include "learn/dataset.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "core/file.h"

namespace loka::learn {
namespace {

struct Parsed {
  Result<std::vector<LabelledText>> result;
  ReadStats stats;
  std::vector<std::string> reported;
};

Parsed Parse(std::string_view content, bool strict = false, size_t max_reported = 10) {
  ReadOptions o;
  o.strict = strict;
  o.max_reported = max_reported;
  std::vector<std::string> reported;
  o.on_bad_line = [&reported](const std::string& m) { reported.push_back(m); };
  ReadStats st;
  Result<std::vector<LabelledText>> r = ParseLabelled(content, "data.txt", o, &st);
  return {std::move(r), st, std::move(reported)};
}

std::vector<std::string> Labels(const std::vector<LabelledText>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.label);
  return out;
}
std::vector<std::string> Texts(const std::vector<LabelledText>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.text);
  return out;
}

TEST(DatasetTest, TsvIsDetectedAndSplitAtTheFirstTab) {
  Parsed p = Parse("pos\tgood film\nneg\tbad\tfilm\n  spaced  \t  text here \n");
  ASSERT_TRUE(p.result.ok()) << p.result.status().ToString();
  EXPECT_EQ(p.stats.format, LabelledFormat::kTsv);
  EXPECT_EQ(Labels(*p.result), (std::vector<std::string>{"pos", "neg", "spaced"}));
  // Only the first tab separates; label and text are trimmed of spaces.
  EXPECT_EQ(Texts(*p.result), (std::vector<std::string>{"good film", "bad\tfilm", "text here"}));
  EXPECT_EQ(p.stats.lines, 3u);
  EXPECT_EQ(p.stats.kept, 3u);
  EXPECT_EQ(p.stats.skipped, 0u);
  EXPECT_TRUE(p.reported.empty());
}

TEST(DatasetTest, FastTextIsDetectedFromTheFirstNonEmptyLine) {
  Parsed p = Parse("\n  \n__label__pos good film\n__label__neg\tbad film\n");
  ASSERT_TRUE(p.result.ok()) << p.result.status().ToString();
  EXPECT_EQ(p.stats.format, LabelledFormat::kFastText);
  EXPECT_EQ(Labels(*p.result), (std::vector<std::string>{"pos", "neg"}));
  EXPECT_EQ(Texts(*p.result), (std::vector<std::string>{"good film", "bad film"}));
  EXPECT_EQ(p.stats.empty, 2u);
  EXPECT_EQ(p.stats.lines, 4u);
}

TEST(DatasetTest, MultiLabelFastTextKeepsTheFirstLabelAndCountsTheRest) {
  Parsed p = Parse(
      "__label__a __label__b __label__c text one\n"
      "__label__b text two\n"
      "__label__c __label__a text three\n");
  ASSERT_TRUE(p.result.ok()) << p.result.status().ToString();
  EXPECT_EQ(Labels(*p.result), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Texts(*p.result), (std::vector<std::string>{"text one", "text two", "text three"}));
  EXPECT_EQ(p.stats.extra_labels, 3u);  // b, c on line 1; a on line 3
  EXPECT_EQ(p.stats.skipped, 0u);
}

TEST(DatasetTest, CrlfLineEndingsAreStripped) {
  Parsed p = Parse("pos\tgood\r\nneg\tbad\r\n\r\n__label__x\ty\r\n");
  ASSERT_TRUE(p.result.ok()) << p.result.status().ToString();
  // Line 4 is a TSV line (label "__label__x") since the file was detected as TSV.
  EXPECT_EQ(Labels(*p.result), (std::vector<std::string>{"pos", "neg", "__label__x"}));
  EXPECT_EQ(Texts(*p.result), (std::vector<std::string>{"good", "bad", "y"}));
  EXPECT_EQ(p.stats.empty, 1u);
  EXPECT_EQ(p.stats.lines, 4u);
}

TEST(DatasetTest, AByteOrderMarkAtTheStartIsNotPartOfTheFirstLabel) {
  // Files saved by Windows editors and spreadsheets begin with EF BB BF.
  Parsed tsv = Parse("\xEF\xBB\xBF" "devel\tcompiler\r\ndoc\tmanual\r\n");
  ASSERT_TRUE(tsv.result.ok()) << tsv.result.status().ToString();
  EXPECT_EQ(Labels(*tsv.result), (std::vector<std::string>{"devel", "doc"}));
  EXPECT_EQ(Texts(*tsv.result), (std::vector<std::string>{"compiler", "manual"}));

  // The format is still detected from the first line's own text.
  Parsed ft = Parse("\xEF\xBB\xBF__label__devel compiler\n__label__doc manual\n");
  ASSERT_TRUE(ft.result.ok()) << ft.result.status().ToString();
  EXPECT_EQ(ft.stats.format, LabelledFormat::kFastText);
  EXPECT_EQ(Labels(*ft.result), (std::vector<std::string>{"devel", "doc"}));
  EXPECT_EQ(ft.stats.skipped, 0u);

  // A mark further on is text: only the file's first is skipped.
  Parsed inner = Parse("a\tx\n\xEF\xBB\xBF" "b\ty\n");
  ASSERT_TRUE(inner.result.ok()) << inner.result.status().ToString();
  EXPECT_EQ(Labels(*inner.result), (std::vector<std::string>{"a", "\xEF\xBB\xBF" "b"}));
}

TEST(DatasetTest, BlankLinesAreIgnoredNotErrors) {
  Parsed p = Parse("\n\na\tx\n \t \n\nb\ty");  // no final newline
  ASSERT_TRUE(p.result.ok()) << p.result.status().ToString();
  EXPECT_EQ(Labels(*p.result), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p.stats.lines, 6u);
  EXPECT_EQ(p.stats.empty, 4u);
  EXPECT_EQ(p.stats.skipped, 0u);
  EXPECT_TRUE(p.reported.empty());
}

struct BadLineCase {
  const char* name;
  std::string content;  // one good line (so the file is usable) plus one bad line
  std::string message;  // the exact report for the bad line
};

void PrintTo(const BadLineCase& c, std::ostream* os) { *os << c.name; }

class BadLineTest : public ::testing::TestWithParam<BadLineCase> {};

TEST_P(BadLineTest, IsReportedWithItsLineNumberAndSkipped) {
  const BadLineCase& c = GetParam();
  Parsed p = Parse(c.content);
  ASSERT_TRUE(p.result.ok()) << p.result.status().ToString();
  EXPECT_EQ(p.result->size(), 1u);
  EXPECT_EQ(p.stats.skipped, 1u);
  EXPECT_EQ(p.stats.kept, 1u);
  EXPECT_EQ(p.reported, std::vector<std::string>{c.message});
}

TEST_P(BadLineTest, StrictModeFailsWithTheSameMessage) {
  const BadLineCase& c = GetParam();
  Parsed p = Parse(c.content, /*strict=*/true);
  ASSERT_FALSE(p.result.ok());
  EXPECT_EQ(p.result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.result.status().message(), c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Dataset, BadLineTest,
    ::testing::Values(
        BadLineCase{"TsvNoTab", "a\tok\nno tab here\n",
                    "data.txt line 2: no tab between label and text"},
        BadLineCase{"TsvEmptyLabel", "a\tok\n\n  \ttext\n", "data.txt line 3: empty label"},
        BadLineCase{"TsvEmptyText", "a\tok\nlabel\t  \r\n", "data.txt line 2: empty text"},
        // "ab\xC3(" : 0xC3 starts a 2-byte sequence but '(' is not a continuation byte.
        BadLineCase{"TsvMalformedUtf8", "a\tok\nb\tab\xC3(\n",
                    "data.txt line 2: malformed UTF-8 at byte 4"},
        // The offset counts from the start of the line, after the CR is removed.
        BadLineCase{"TsvLoneContinuation", "x\t\x80\r\na\tok\n",
                    "data.txt line 1: malformed UTF-8 at byte 2"},
        BadLineCase{"FastTextNoPrefix", "__label__a ok\njust text\n",
                    "data.txt line 2: no __label__ prefix"},
        BadLineCase{"FastTextEmptyLabel", "__label__a ok\n__label__ text\n",
                    "data.txt line 2: empty label"},
        BadLineCase{"FastTextEmptyText", "__label__a ok\n__label__b __label__c  \n",
                    "data.txt line 2: empty text"},
        BadLineCase{"FastTextMalformedUtf8", "__label__a ok\n__label__b \xED\xA0\x80\n",
                    "data.txt line 2: malformed UTF-8 at byte 11"}),  // a UTF-16 surrogate
    [](const auto& tp) { return std::string(tp.param.name); });

// A row given on its own (the node's {"label", "text"}) meets the rule a file's line does.
TEST(DatasetTest, NormalizeLabelledTextTrimsAndRefusesAsTheFileParserDoes) {
  LabelledText row{" water\r\n", "\t no water since Monday \n"};
  ASSERT_TRUE(NormalizeLabelledText(&row).ok());
  EXPECT_EQ(row.label, "water");
  EXPECT_EQ(row.text, "no water since Monday");
  const struct {
    LabelledText row;
    const char* message;
  } bad[] = {
      {{"", "text"}, "empty label"},
      {{" \n ", "text"}, "empty label"},
      {{"a\tb", "text"}, "label contains a tab or line break"},
      {{"a\nb", "text"}, "label contains a tab or line break"},
      {{"a", ""}, "empty text"},
      {{"a", " \r\n\t "}, "empty text"},
  };
  for (const auto& c : bad) {
    LabelledText r = c.row;
    const Status s = NormalizeLabelledText(&r);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.message;
    EXPECT_EQ(s.message(), c.message);
  }
}

// ForEachLabel sees every non-blank line with the label ParseLabelled keeps ("" for a bad line),
// so a limit counted over it agrees with the rows that are built.
TEST(DatasetTest, ForEachLabelGivesTheLabelsTheParserKeeps) {
  for (const std::string_view content :
       {std::string_view("\xEF\xBB\xBFwater\tdry pump\r\n\n water \tno tap\nno tab here\n"
                         " \t \nseeds\t\n\xFF\tbad\nseeds \tbean seed"),
        std::string_view("__label__water\tdry pump\n  __label__a __label__b two labels\n"
                         "__label__seeds bean seed\n__label__ empty\n")}) {
    std::vector<std::string> seen;
    EXPECT_TRUE(ForEachLabel(content, [&seen](std::string_view label) {
      seen.emplace_back(label);
      return true;
    }));
    Parsed p = Parse(content);
    ASSERT_TRUE(p.result.ok()) << p.result.status().ToString();
    std::vector<std::string> kept;
    for (const std::string& l : seen) {
      if (!l.empty()) kept.push_back(l);
    }
    EXPECT_EQ(kept, Labels(*p.result)) << content;
    EXPECT_EQ(seen.size(), p.stats.kept + p.stats.skipped) << content;
  }
  size_t calls = 0;
  EXPECT_FALSE(ForEachLabel("a\tx\nb\ty\nc\tz\n", [&calls](std::string_view) {
    return ++calls < 2;
  }));
  EXPECT_EQ(calls, 2u);
  EXPECT_EQ(NormalizedLabel(" \twater\r\n"), "water");
}

TEST(DatasetTest, MalformedUtf8FirstLineDoesNotDecideTheFormat) {
  Parsed p = Parse("\xFF\n__label__a text\n");
  ASSERT_TRUE(p.result.ok()) << p.result.status().ToString();
  EXPECT_EQ(p.stats.format, LabelledFormat::kFastText);
  EXPECT_EQ(p.reported, std::vector<std::string>{"data.txt line 1: malformed UTF-8 at byte 0"});
}

TEST(DatasetTest, OnlyTheFirstMaxReportedBadLinesAreReportedButAllAreCounted) {
  std::string content = "a\tok\n";
  for (int i = 0; i < 5; ++i) content += "bad line\n";
  Parsed p = Parse(content, false, /*max_reported=*/2);
  ASSERT_TRUE(p.result.ok());
  EXPECT_EQ(p.stats.skipped, 5u);
  EXPECT_EQ(p.reported,
            (std::vector<std::string>{"data.txt line 2: no tab between label and text",
                                      "data.txt line 3: no tab between label and text"}));
}

TEST(DatasetTest, AllBadLinesIsAnError) {
  Parsed p = Parse("one\ntwo\n\nthree\n");
  ASSERT_FALSE(p.result.ok());
  EXPECT_EQ(p.result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.result.status().message(), "data.txt: no usable labelled line (4 lines, 3 bad)");
  EXPECT_EQ(p.reported.size(), 3u);
}

TEST(DatasetTest, EmptyAndBlankInputsAreErrors) {
  Parsed empty = Parse("");
  ASSERT_FALSE(empty.result.ok());
  EXPECT_EQ(empty.result.status().message(), "data.txt: no usable labelled line (0 lines, 0 bad)");
  Parsed blank = Parse("\n\r\n  \n");
  ASSERT_FALSE(blank.result.ok());
  EXPECT_EQ(blank.result.status().message(), "data.txt: no usable labelled line (3 lines, 0 bad)");
}

TEST(DatasetTest, StrictModeAcceptsACleanFile) {
  Parsed p = Parse("a\tx\n\nb\ty\n", /*strict=*/true);
  ASSERT_TRUE(p.result.ok()) << p.result.status().ToString();
  EXPECT_EQ(p.result->size(), 2u);
}

TEST(DatasetTest, ReadLabelledFileNamesThePathAndReportsMissingFiles) {
  std::string path = ::testing::TempDir() + "loka_dataset_test_XXXXXX";
  const int fd = ::mkstemp(path.data());
  ASSERT_GE(fd, 0);
  ::close(fd);
  ASSERT_TRUE(WriteFileAtomic(path, "a\tx\nbroken\n").ok());
  ReadOptions o;
  o.strict = true;
  Result<std::vector<LabelledText>> r = ReadLabelledFile(path, o, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), path + " line 2: no tab between label and text");
  o.strict = false;
  r = ReadLabelledFile(path, o, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 1u);
  ::unlink(path.c_str());

  r = ReadLabelledFile(path, o, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

// ReadStats describes kept lines: a skipped fastText line (here for empty text) adds no extra
// labels.
TEST(DatasetTest, SkippedLinesDoNotCountExtraLabels) {
  Parsed p = Parse("__label__a ok\n__label__b __label__c\n");
  ASSERT_TRUE(p.result.ok());
  EXPECT_EQ(p.stats.skipped, 1u);
  EXPECT_EQ(p.stats.extra_labels, 0u);
}

}  // namespace
}  // namespace loka::learn
