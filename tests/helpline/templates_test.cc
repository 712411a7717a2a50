// Acknowledgement templates: lookups from most to least specific, and every way a template set
// is refused at load time (a text that cannot fit the budget first).
#include "helpline/templates.h"

#include <gtest/gtest.h>

namespace loka::helpline {
namespace {

TEST(TemplatesTest, BuiltInLoadsAndLooksUpMostSpecificFirst) {
  Result<Templates> t = Templates::Load(Templates::BuiltIn(), "built-in", SmsOptions{}, 9);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->Acknowledge("water", "eng", 42)->text,
            "Thank you. The water desk has your message as ticket 42.");
  EXPECT_EQ(t->Acknowledge("water", "swh", 7)->text,
            "Asante. Ujumbe wako ni tiketi 7; wafanyakazi wetu watajibu hivi karibuni.");
  EXPECT_EQ(t->Acknowledge("*", "xyz", 3)->text,
            "Thank you. Your message is ticket 3; our staff will reply soon.");
  Result<ComposedSms> hin = t->Acknowledge("health", "hin", 12);
  ASSERT_TRUE(hin.ok());
  EXPECT_EQ(hin->count.encoding, SmsEncoding::kUcs2);
}

TEST(TemplatesTest, TheScriptTheMessageWasWrittenInComesFirst) {
  Result<Templates> t = Templates::Load(Templates::BuiltIn(), "built-in", SmsOptions{}, 9);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  // Hindi typed in Latin letters is answered in Latin letters, in one GSM-7 part.
  Result<ComposedSms> latin = t->Acknowledge("health", "hin", 12, "Latn");
  ASSERT_TRUE(latin.ok());
  EXPECT_EQ(latin->text, "Dhanyavaad. Aapka sandesh ticket 12 hai; hum jald jawab denge.");
  EXPECT_EQ(latin->count.encoding, SmsEncoding::kGsm7);
  // In Devanagari, or with no script known, the Devanagari text.
  for (std::string_view script : {std::string_view("Deva"), std::string_view()}) {
    Result<ComposedSms> deva = t->Acknowledge("health", "hin", 12, script);
    ASSERT_TRUE(deva.ok());
    EXPECT_EQ(deva->text, "धन्यवाद। आपका संदेश टिकट 12 है; हम जल्द जवाब देंगे।");
  }
  EXPECT_EQ(t->Acknowledge("*", "urd", 5, "Latn")->text,
            "Shukriya. Aap ka paigham ticket 5 hai; hum jald jawab denge.");
  EXPECT_EQ(t->Acknowledge("*", "urd", 5, "Arab")->count.encoding, SmsEncoding::kUcs2);
  // A script with no template of its own falls back to the language's.
  EXPECT_EQ(t->Acknowledge("*", "swh", 3, "Latn")->text,
            "Asante. Ujumbe wako ni tiketi 3; wafanyakazi wetu watajibu hivi karibuni.");

  // A desk's own text in a script the person did not use comes after a text in theirs; a
  // desk's own text in their script comes first of all.
  const std::string tsv =
      "*\t*\tThanks {ticket}\n"
      "water\thin\tपानी {ticket}\n"
      "*\thin-Latn\tdhanyavaad {ticket}\n";
  Result<Templates> custom = Templates::Load(tsv, "t.tsv", SmsOptions{}, 9);
  ASSERT_TRUE(custom.ok()) << custom.status().ToString();
  EXPECT_EQ(custom->Acknowledge("water", "hin", 4, "Latn")->text, "dhanyavaad 4");
  EXPECT_EQ(custom->Acknowledge("water", "hin", 4, "Deva")->text, "पानी 4");
  Result<Templates> desk = Templates::Load(tsv + "water\thin-Latn\tpaani {ticket}\n", "t.tsv",
                                           SmsOptions{}, 9);
  ASSERT_TRUE(desk.ok()) << desk.status().ToString();
  EXPECT_EQ(desk->Acknowledge("water", "hin", 4, "Latn")->text, "paani 4");
  EXPECT_EQ(desk->Acknowledge("roads", "hin", 4, "Latn")->text, "dhanyavaad 4");
}

TEST(TemplatesTest, ATemplateThatCannotFitIsRefusedAtLoad) {
  SmsOptions one;
  one.max_parts = 1;
  // 150 letters and a 9-digit ticket: 159 septets, fits; 152 letters: 161, does not.
  const std::string fits = "*\t*\t" + std::string(150, 'a') + "{ticket}\n";
  ASSERT_TRUE(Templates::Load(fits, "t.tsv", one, 9).ok());
  const std::string over = "# comment\n*\t*\t" + std::string(152, 'a') + "{ticket}\n";
  Result<Templates> t = Templates::Load(over, "t.tsv", one, 9);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(t.status().message(),
            "t.tsv line 2 (*, *, with a 9-digit ticket number): SMS text needs 2 parts (161 "
            "GSM-7 septets, 153 per part); the limit is 1 parts");
  // One Devanagari letter makes a 70-character template UCS-2 with room for only 61 others.
  const std::string ucs2 = "*\t*\tक" + std::string(61, 'a') + "{ticket}\n";
  ASSERT_TRUE(Templates::Load(ucs2, "t.tsv", one, 8).ok());
  ASSERT_FALSE(Templates::Load(ucs2, "t.tsv", one, 9).ok());
}

TEST(TemplatesTest, MalformedSetsAreRefused) {
  const SmsOptions o;
  struct Bad {
    const char* tsv;
    const char* message;
  } bad[] = {
      {"*\t*\n", "t.tsv line 1: expected desk<TAB>language<TAB>text"},
      {"*\t*\tno number\n", "t.tsv line 1: the text has no {ticket}"},
      {"*\t*\ta {ticket}\n*\t*\tb {ticket}\n", "t.tsv line 2: a second template for (*, *)"},
      {"water\teng\ta {ticket}\n", "t.tsv: no fallback template (desk * and language *)"},
  };
  for (const Bad& b : bad) {
    Result<Templates> t = Templates::Load(b.tsv, "t.tsv", o, 9);
    ASSERT_FALSE(t.ok()) << b.tsv;
    EXPECT_EQ(t.status().message(), b.message);
  }
}

TEST(TemplatesTest, FillTicket) {
  EXPECT_EQ(FillTicket("{ticket} and {ticket}", 5), "5 and 5");
  EXPECT_EQ(FillTicket("none", 5), "none");
}

}  // namespace
}  // namespace loka::helpline
