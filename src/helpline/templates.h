// Acknowledgement templates: one text per desk and language, with {ticket} where the ticket
// number goes. A language may carry the script the message was written in, ISO 15924 as
// langid gives it ("hin-Latn": Hindi typed in Latin letters). Looked up most specific first:
// (desk, language-script), (*, language-script), then (desk, language), (desk, *),
// (*, language), (*, *): a text in the script the person wrote comes before a desk's own text
// in a script they did not use. Every template is checked when loaded, with the longest ticket
// number the node can give, against the SMS budget: a template that cannot fit is refused
// then, with the line and the parts it needs, never truncated on its way to a phone.
//
// Thread contract: immutable after Load; shared freely.
#ifndef LOKA_HELPLINE_TEMPLATES_H_
#define LOKA_HELPLINE_TEMPLATES_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "helpline/sms.h"

namespace loka::helpline {

// The placeholder a template must carry.
inline constexpr std::string_view kTicketPlaceholder = "{ticket}";

class Templates {
 public:
  // Parses `tsv`: one template a line, "desk<TAB>language<TAB>text"; "*" as desk or language
  // is the fallback; '#' lines and blank lines are skipped. `source` names the input in errors.
  // Errors (invalid_argument, naming `source` and the line): a line without three fields, a
  // text without {ticket}, malformed UTF-8, a (desk, language) given twice, no (*, *)
  // fallback; resource_exhausted: a text that needs more than sms.max_parts parts with a
  // ticket number of `ticket_digits` digits.
  static Result<Templates> Load(std::string_view tsv, std::string_view source,
                                const SmsOptions& sms, int ticket_digits);
  // The built-in set (English, Swahili, Portuguese, French, Spanish, Hindi and Urdu in their
  // scripts and in Latin letters, Arabic).
  static std::string_view BuiltIn();

  // The acknowledgement for a ticket whose message is in `language` and was written in
  // `script` (ISO 15924; empty: not known), composed to the budget. Never fails for a loaded
  // set (the (*, *) fallback exists and every text was checked) unless the ticket number is
  // longer than the digits checked at load: resource_exhausted then.
  Result<ComposedSms> Acknowledge(std::string_view desk, std::string_view language,
                                  int64_t ticket, std::string_view script = {}) const;

  size_t size() const { return texts_.size(); }
  // The desks with a template of their own (not "*"), sorted.
  std::vector<std::string> Desks() const;

 private:
  const std::string& Find(std::string_view desk, std::string_view language,
                          std::string_view script) const;

  SmsOptions sms_;
  std::map<std::pair<std::string, std::string>, std::string, std::less<>> texts_;
};

// Walks a template table: one template a line, "key<TAB>language<TAB>text" ('#' lines and blank
// lines skipped), calling `each` with the three fields and the line's name ("<source> line 3")
// for its errors; stops at the first error. Errors (invalid_argument, naming the line): a line
// without three non-empty fields (the message calls the first `key_name`), malformed UTF-8 in
// the text; `each`'s.
using TemplateLineFn = std::function<Status(std::string_view key, std::string_view language,
                                            std::string_view text, const std::string& where)>;
Status ForEachTemplateLine(std::string_view tsv, std::string_view source,
                           std::string_view key_name, const TemplateLineFn& each);

// `text` with every `placeholder` replaced by `value`.
std::string FillPlaceholder(std::string_view text, std::string_view placeholder,
                            std::string_view value);

// `text` with every {ticket} replaced by `ticket`.
std::string FillTicket(std::string_view text, int64_t ticket);

}  // namespace loka::helpline

#endif  // LOKA_HELPLINE_TEMPLATES_H_
