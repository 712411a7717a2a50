// Acknowledgement templates (helpline/templates.h).
#include "helpline/templates.h"

#include "text/utf8.h"

namespace loka::helpline {
namespace {

// Written for loka. Language codes are ISO 639-3 as langid gives them; "hin-Latn" and
// "urd-Latn" answer Hindi and Urdu typed in Latin letters (as most phones type them) in Latin
// letters too: the plain GSM-7 text fits in 160 characters where Devanagari or Arabic letters
// make it UCS-2 (70), and a phone that cannot show those scripts still shows it. "hns"
// (Caribbean Hindustani, a Latin-script language of its own) gets the same text.
constexpr std::string_view kBuiltIn =
    "# desk\tlanguage\ttext ({ticket}: the ticket number)\n"
    "*\t*\tThank you. Your message is ticket {ticket}; our staff will reply soon.\n"
    "*\teng\tThank you. Your message is ticket {ticket}; our staff will reply soon.\n"
    "*\tswh\tAsante. Ujumbe wako ni tiketi {ticket}; wafanyakazi wetu watajibu hivi karibuni.\n"
    "*\tpor\tObrigado. A sua mensagem é o pedido {ticket}; a nossa equipa responderá em breve.\n"
    "*\tfra\tMerci. Votre message est le ticket {ticket}; notre équipe vous répondra bientôt.\n"
    "*\tspa\tGracias. Su mensaje es el caso {ticket}; nuestro equipo responderá pronto.\n"
    "*\thin\tधन्यवाद। आपका संदेश टिकट {ticket} है; हम जल्द जवाब देंगे।\n"
    "*\thin-Latn\tDhanyavaad. Aapka sandesh ticket {ticket} hai; hum jald jawab denge.\n"
    "*\thns\tDhanyavaad. Aapka sandesh ticket {ticket} hai; hum jald jawab denge.\n"
    "*\turd\tشکریہ۔ آپ کا پیغام ٹکٹ {ticket} ہے؛ ہم جلد جواب دیں گے۔\n"
    "*\turd-Latn\tShukriya. Aap ka paigham ticket {ticket} hai; hum jald jawab denge.\n"
    "*\tarb\tشكرا. رسالتك هي التذكرة {ticket}؛ سنرد قريبا.\n"
    "water\teng\tThank you. The water desk has your message as ticket {ticket}.\n"
    "electricity\teng\tThank you. The electricity desk has your message as ticket {ticket}.\n"
    "health\teng\tThank you. The health desk has your message as ticket {ticket}.\n"
    "roads\teng\tThank you. The roads desk has your message as ticket {ticket}.\n"
    "documents\teng\tThank you. The documents desk has your message as ticket {ticket}.\n";

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos || out.size() == 2) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

// "hin" of "hin-Latn": the language a template's key names, without the script.
std::string_view BaseLanguage(std::string_view key) { return key.substr(0, key.find('-')); }

}  // namespace

std::string FillPlaceholder(std::string_view text, std::string_view placeholder,
                            std::string_view value) {
  std::string out;
  for (size_t pos = 0;;) {
    const size_t at = text.find(placeholder, pos);
    if (at == std::string_view::npos) {
      out.append(text.substr(pos));
      return out;
    }
    out.append(text.substr(pos, at - pos)).append(value);
    pos = at + placeholder.size();
  }
}

std::string FillTicket(std::string_view text, int64_t ticket) {
  return FillPlaceholder(text, kTicketPlaceholder, std::to_string(ticket));
}

Status ForEachTemplateLine(std::string_view tsv, std::string_view source,
                           std::string_view key_name, const TemplateLineFn& each) {
  size_t line_no = 0;
  for (size_t pos = 0; pos < tsv.size();) {
    size_t end = tsv.find('\n', pos);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = tsv.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = std::string(source) + " line " + std::to_string(line_no);
    const std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() != 3 || f[0].empty() || f[1].empty() || f[2].empty()) {
      return InvalidArgument(where + ": expected " + std::string(key_name) +
                             "<TAB>language<TAB>text");
    }
    LOKA_RETURN_IF_ERROR(text::ValidateUtf8(f[2]).WithPrefix(where));
    LOKA_RETURN_IF_ERROR(each(f[0], f[1], f[2], where));
  }
  return Status::Ok();
}

std::string_view Templates::BuiltIn() { return kBuiltIn; }

Result<Templates> Templates::Load(std::string_view tsv, std::string_view source,
                                  const SmsOptions& sms, int ticket_digits) {
  Templates t;
  t.sms_ = sms;
  int64_t longest = 0;
  for (int i = 0; i < ticket_digits; ++i) longest = longest * 10 + 9;
  LOKA_RETURN_IF_ERROR(ForEachTemplateLine(
      tsv, source, "desk",
      [&](std::string_view desk, std::string_view language, std::string_view text,
          const std::string& where) -> Status {
        if (text.find(kTicketPlaceholder) == std::string_view::npos) {
          return InvalidArgument(where + ": the text has no {ticket}");
        }
        Result<ComposedSms> fits =
            ComposeSms(FillTicket(text, longest), BaseLanguage(language), sms);
        if (!fits.ok()) {
          return fits.status().WithPrefix(where + " (" + std::string(desk) + ", " +
                                          std::string(language) + ", with a " +
                                          std::to_string(ticket_digits) + "-digit ticket number)");
        }
        if (!t.texts_.emplace(std::make_pair(std::string(desk), std::string(language)),
                              std::string(text)).second) {
          return InvalidArgument(where + ": a second template for (" + std::string(desk) + ", " +
                                 std::string(language) + ")");
        }
        return Status::Ok();
      }));
  if (t.texts_.count(std::make_pair(std::string("*"), std::string("*"))) == 0) {
    return InvalidArgument(std::string(source) + ": no fallback template (desk * and language *)");
  }
  return t;
}

std::vector<std::string> Templates::Desks() const {
  std::vector<std::string> out;
  for (const auto& [key, text] : texts_) {
    if (key.first != "*" && (out.empty() || out.back() != key.first)) out.push_back(key.first);
  }
  return out;  // the map is ordered by desk first
}

const std::string& Templates::Find(std::string_view desk, std::string_view language,
                                   std::string_view script) const {
  auto find = [this](std::string_view d, std::string_view l) -> const std::string* {
    auto it = texts_.find(std::make_pair(std::string(d), std::string(l)));
    return it == texts_.end() ? nullptr : &it->second;
  };
  if (!script.empty() && language != "*") {
    const std::string written = std::string(language) + "-" + std::string(script);
    for (std::string_view d : {desk, std::string_view("*")}) {
      if (const std::string* text = find(d, written)) return *text;
    }
  }
  for (const auto& key :
       {std::make_pair(desk, language), std::make_pair(desk, std::string_view("*")),
        std::make_pair(std::string_view("*"), language)}) {
    if (const std::string* text = find(key.first, key.second)) return *text;
  }
  return *find("*", "*");
}

Result<ComposedSms> Templates::Acknowledge(std::string_view desk, std::string_view language,
                                           int64_t ticket, std::string_view script) const {
  return ComposeSms(FillTicket(Find(desk, language, script), ticket), language, sms_);
}

}  // namespace loka::helpline
