// Phrase text and local alignment (search/phrase.h). Expected scores follow from the costs in
// the header (+1 per equal code point, -1 per substitution, insertion or deletion, floor 0),
// worked out by hand below each case.
#include "search/phrase.h"

#include <gtest/gtest.h>

namespace loka::search {
namespace {

TEST(PhraseTextTest, SpacesBetweenKeysExceptWithinSpacelessRuns) {
  EXPECT_EQ(PhraseText({"water", "pump"}), U" water pump ");
  // Han keys from a dictionary word break join without a space; a Latin key beside them keeps
  // its spaces.
  EXPECT_EQ(PhraseText({"abc", "人人", "有", "def"}), U" abc 人人有 def ");
  EXPECT_EQ(PhraseText({"人人", "有"}), U"人人有");
  EXPECT_EQ(PhraseText({}), U"");
}

TEST(PhraseTextTest, AWordInsideALongerWordAlignsLessThanTheWord) {
  // " maji " against " majibu mafupi ": " maji" +5, then "b" for " " -1: 5 of 6.
  EXPECT_DOUBLE_EQ(PhraseShare(PhraseText({"maji"}), PhraseText({"majibu", "mafupi"})), 5.0 / 6);
  EXPECT_DOUBLE_EQ(PhraseShare(PhraseText({"maji"}), PhraseText({"mwagilia", "maji", "kila"})),
                   1.0);
  // " tea " inside " instead ": "tea" alone, 3 of 5.
  EXPECT_DOUBLE_EQ(PhraseShare(PhraseText({"tea"}), PhraseText({"instead", "of", "urea"})),
                   3.0 / 5);
}

TEST(PhraseAlignmentTest, VerbatimTypoAndGapCosts) {
  // Found verbatim inside a longer text: its length.
  EXPECT_EQ(PhraseAlignment(U"pump", U"the water pump broke"), 4);
  EXPECT_EQ(PhraseAlignment(U"water pump", U"the water pump broke"), 10);
  // One substitution inside: "wbter" against "water": w +1, b/a -1, t e r +3 = 3 = 5 - 2.
  EXPECT_EQ(PhraseAlignment(U"wbter", U"water"), 3);
  // A dropped letter: "wter": w +1, a skipped -1, t e r +3 = 3 = 4 - 1.
  EXPECT_EQ(PhraseAlignment(U"wter", U"water"), 3);
  // A doubled letter: "waater": w a +2, the extra a -1, t e r +3 = 4 = 6 - 2.
  EXPECT_EQ(PhraseAlignment(U"waater", U"water"), 4);
  // Nothing in common: 0, never negative; empty either side: 0.
  EXPECT_EQ(PhraseAlignment(U"xyz", U"water"), 0);
  EXPECT_EQ(PhraseAlignment(U"", U"water"), 0);
  EXPECT_EQ(PhraseAlignment(U"water", U""), 0);
  // Words in another order align only as their longest run: "pump water" against
  // "water pump" holds "pump" or "water" alone, plus nothing (a space on either side would
  // need the other word next to it): 5.
  EXPECT_EQ(PhraseAlignment(U"pump water", U"water pump"), 5);
}

TEST(PhraseAlignmentTest, ShareIsAlignmentOverQueryLength) {
  EXPECT_DOUBLE_EQ(PhraseShare(U"wter", U"water"), 0.75);
  EXPECT_DOUBLE_EQ(PhraseShare(U"water pump", U"the water pump"), 1.0);
  EXPECT_DOUBLE_EQ(PhraseShare(U"", U"water"), 0.0);
}

}  // namespace
}  // namespace loka::search
