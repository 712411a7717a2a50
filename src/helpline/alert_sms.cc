// Farm alerts and irrigation advice as SMS to subscribed phones (helpline/alert_sms.h).
#include "helpline/alert_sms.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "helpline/inbound.h"
#include "helpline/templates.h"
#include "text/utf8.h"

namespace loka::helpline {
namespace {

// Written for loka. Frost and heat texts say what to do, not only what happened: the farmer
// reads them on a basic phone in the field.
constexpr std::string_view kBuiltIn =
    "# kind\tlanguage\ttext ({place}: the field or station; {mm}: the depth to apply)\n"
    "frost\teng\tFrost alert for {place}: temperatures at or below freezing. Protect young "
    "plants and nursery beds tonight.\n"
    "heat\teng\tHeat alert for {place}: temperatures above what the crop stands. Irrigate early "
    "or late in the day and shade seedlings.\n"
    "irrigation\teng\tIrrigation advice for {place}: irrigate today, about {mm} mm.\n"
    "sensor_fault\teng\tSensor fault at {place}: a sensor gives readings that look wrong. "
    "Please check the station.\n"
    "frost\tswh\tTahadhari ya baridi kali {place}: joto liko chini ya kuganda. Linda mimea "
    "michanga usiku huu.\n"
    "heat\tswh\tTahadhari ya joto kali {place}: joto limezidi kiwango cha zao. Mwagilia "
    "asubuhi au jioni.\n"
    "irrigation\tswh\tUshauri wa umwagiliaji {place}: mwagilia leo, karibu mm {mm}.\n"
    "sensor_fault\tswh\tHitilafu ya kihisi {place}: kihisi kinatoa vipimo visivyo sahihi. "
    "Tafadhali kagua kituo.\n"
    "frost\tpor\tAlerta de geada em {place}: temperaturas abaixo de zero. Proteja as plantas "
    "jovens esta noite.\n"
    "heat\tpor\tAlerta de calor em {place}: temperatura acima do limite da cultura. Regue cedo "
    "ou ao fim do dia.\n"
    "irrigation\tpor\tRega em {place}: regue hoje, cerca de {mm} mm.\n"
    "sensor_fault\tpor\tFalha de sensor em {place}: leituras que parecem erradas. Verifique a "
    "estação.\n"
    "frost\tfra\tAlerte gel pour {place} : températures sous zéro. Protégez les jeunes plants "
    "cette nuit.\n"
    "heat\tfra\tAlerte chaleur pour {place} : température au-dessus du seuil de la culture. "
    "Arrosez tôt ou tard.\n"
    "irrigation\tfra\tIrrigation pour {place} : arrosez aujourd'hui, environ {mm} mm.\n"
    "sensor_fault\tfra\tPanne de capteur pour {place} : des mesures semblent fausses. Vérifiez "
    "la station.\n"
    "frost\tspa\tAlerta de helada en {place}: temperaturas bajo cero. Proteja las plantas "
    "jóvenes esta noche.\n"
    "heat\tspa\tAlerta de calor en {place}: temperatura sobre el límite del cultivo. Riegue "
    "temprano o tarde.\n"
    "irrigation\tspa\tRiego en {place}: riegue hoy, unos {mm} mm.\n"
    "sensor_fault\tspa\tFalla de sensor en {place}: lecturas que parecen erróneas. Revise la "
    "estación.\n";

bool IsKind(std::string_view kind) {
  return std::find(kAlertKinds.begin(), kAlertKinds.end(), kind) != kAlertKinds.end();
}

bool IsLanguageCode(std::string_view language) {
  return language.size() == 3 &&
         std::all_of(language.begin(), language.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string FormatMm(double mm) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.0f", std::max(mm, 0.0));
  return buf;
}

// The place a subscriber reads: the target's name, else "field 12" or the station's id.
std::string PlaceOf(const store::SubscriptionRecord& s) {
  if (!s.target_name.empty()) return s.target_name;
  return s.field_id != 0 ? "field " + std::to_string(s.field_id) : s.station;
}

}  // namespace

std::vector<std::string> DefaultAlertKinds() { return {"frost", "heat", "irrigation"}; }

std::string_view AlertKindOf(std::string_view alert_kind) {
  if (alert_kind == "frost" || alert_kind == "heat") return alert_kind;
  if (alert_kind == "spike" || alert_kind == "stuck" || alert_kind == "dropout" ||
      alert_kind == "drift") {
    return "sensor_fault";
  }
  return "";
}

std::string_view AlertTexts::BuiltIn() { return kBuiltIn; }

Result<AlertTexts> AlertTexts::Load(std::string_view tsv, std::string_view source,
                                    const SmsOptions& sms, size_t place_max_chars) {
  AlertTexts t;
  t.sms_ = sms;
  t.place_max_chars_ = place_max_chars;
  const std::string longest_place(place_max_chars, 'x');
  LOKA_RETURN_IF_ERROR(ForEachTemplateLine(
      tsv, source, "kind",
      [&](std::string_view kind, std::string_view language, std::string_view text,
          const std::string& where) -> Status {
        if (!IsKind(kind)) {
          return InvalidArgument(where + ": kind \"" + std::string(kind) +
                                 "\": expected frost, heat, irrigation or sensor_fault");
        }
        if (!IsLanguageCode(language)) {
          return InvalidArgument(where + ": language \"" + std::string(language) +
                                 "\": expected an ISO 639-3 code (three lower-case letters)");
        }
        if (text.find(kPlacePlaceholder) == std::string_view::npos) {
          return InvalidArgument(where + ": the text has no {place}");
        }
        if (kind == "irrigation" && text.find(kMmPlaceholder) == std::string_view::npos) {
          return InvalidArgument(where + ": the irrigation text has no {mm}");
        }
        const std::string worst = FillPlaceholder(
            FillPlaceholder(text, kPlacePlaceholder, longest_place), kMmPlaceholder, "999");
        Result<ComposedSms> fits = ComposeSms(worst, language, sms);
        if (!fits.ok()) {
          return fits.status().WithPrefix(where + " (" + std::string(kind) + ", " +
                                          std::string(language) + ", with a " +
                                          std::to_string(place_max_chars) + "-letter place)");
        }
        if (!t.texts_.emplace(std::make_pair(std::string(kind), std::string(language)),
                              std::string(text)).second) {
          return InvalidArgument(where + ": a second text for (" + std::string(kind) + ", " +
                                 std::string(language) + ")");
        }
        return Status::Ok();
      }));
  for (std::string_view kind : kAlertKinds) {
    if (t.texts_.count(std::make_pair(std::string(kind), std::string("eng"))) == 0) {
      return InvalidArgument(std::string(source) + ": no English (eng) text for " +
                             std::string(kind));
    }
  }
  return t;
}

Result<ComposedSms> AlertTexts::Compose(std::string_view kind, std::string_view language,
                                        std::string_view place, double mm) const {
  auto it = texts_.find(std::make_pair(std::string(kind), std::string(language)));
  if (it == texts_.end()) it = texts_.find(std::make_pair(std::string(kind), std::string("eng")));
  if (it == texts_.end()) return InvalidArgument("alert kind \"" + std::string(kind) + "\": no text");
  const std::string text = FillPlaceholder(
      FillPlaceholder(it->second, kPlacePlaceholder, text::Utf8Prefix(place, place_max_chars_)),
      kMmPlaceholder, FormatMm(mm));
  return ComposeSms(text, it->first.second, sms_);
}

std::vector<std::string> AlertTexts::Languages() const {
  std::set<std::string> out;
  for (const auto& [key, text] : texts_) out.insert(key.second);
  return {out.begin(), out.end()};
}

bool AlertTexts::HasLanguage(std::string_view language) const {
  for (const auto& [key, text] : texts_) {
    if (key.second == language) return true;
  }
  return false;
}

AlertSms::AlertSms(const HelplineOptions& options, store::HelplineStore* store, AlertTexts texts)
    : options_(options), store_(store), texts_(std::move(texts)) {}

Result<std::unique_ptr<AlertSms>> AlertSms::Create(const HelplineOptions& options,
                                                   store::HelplineStore* store) {
  LOKA_ASSIGN_OR_RETURN(AlertTexts texts,
                        AlertTexts::Load(AlertTexts::BuiltIn(), "built-in alert texts",
                                         options.sms, options.alert_place_max_chars));
  return std::unique_ptr<AlertSms>(new AlertSms(options, store, std::move(texts)));
}

Result<store::SubscriptionRecord> AlertSms::Subscribe(const SubscribeRequest& r) {
  store::SubscriptionRecord s;
  Result<std::string> number = NormalizeNumber(r.number);
  if (!number.ok()) return number.status().WithPrefix("number");
  s.number = std::move(number).value();
  if ((r.field_id != 0) == !r.station.empty()) {
    return InvalidArgument("a subscription needs field_id or station, not both or neither");
  }
  if (r.field_id < 0) return InvalidArgument("field_id: expected a positive integer");
  s.field_id = r.field_id;
  s.station = r.station;
  for (const std::string& k : r.kinds) {
    if (!IsKind(k)) {
      return InvalidArgument("kinds: \"" + k.substr(0, 64) +
                             "\" is not an alert kind; expected frost, heat, irrigation or "
                             "sensor_fault");
    }
    if (std::find(s.kinds.begin(), s.kinds.end(), k) == s.kinds.end()) s.kinds.push_back(k);
  }
  if (s.kinds.empty()) {
    for (const std::string& k : DefaultAlertKinds()) {
      if (k != "irrigation" || s.field_id != 0) s.kinds.push_back(k);
    }
  }
  if (s.field_id == 0 &&
      std::find(s.kinds.begin(), s.kinds.end(), "irrigation") != s.kinds.end()) {
    return InvalidArgument("kinds: irrigation advice is a field's; subscribe to the field");
  }
  if (!texts_.HasLanguage(r.language)) {
    std::string have;
    for (const std::string& l : texts_.Languages()) have += (have.empty() ? "" : ", ") + l;
    return InvalidArgument("language \"" + r.language.substr(0, 64) +
                           "\": no alert texts in it; expected one of " + have);
  }
  s.language = r.language;
  Result<store::SubscriptionRecord> stored = store_->Subscribe(s);
  if (stored.status().code() == StatusCode::kNotFound) {
    // A client's mistake in the body, not a missing resource at the URL.
    return InvalidArgument(stored.status().message());
  }
  return stored;
}

Status AlertSms::Queue(const store::SubscriptionRecord& s, std::string_view kind,
                       const std::string& key, double mm, AlertSmsReport* report) {
  if (std::find(s.kinds.begin(), s.kinds.end(), kind) == s.kinds.end()) return Status::Ok();
  Result<ComposedSms> sms = texts_.Compose(kind, s.language, PlaceOf(s), mm);
  if (!sms.ok()) {
    ++report->unfit;
    return Status::Ok();
  }
  store::OutboxDraft draft;
  draft.text = sms->text;
  draft.encoding = std::string(SmsEncodingName(sms->count.encoding));
  draft.parts = sms->count.parts;
  LOKA_ASSIGN_OR_RETURN(std::optional<store::OutboxRecord> queued,
                        store_->QueueAlertSms(s.id, kind, key,
                                              options_.alert_sms_min_interval_ms, draft));
  ++(queued.has_value() ? report->queued : report->held);
  return Status::Ok();
}

Result<AlertSmsReport> AlertSms::OnAlerts(const std::vector<store::AlertRecord>& alerts) {
  AlertSmsReport report;
  const int64_t now = options_.clock->NowMs();
  for (const store::AlertRecord& a : alerts) {
    const std::string_view kind = AlertKindOf(a.kind);
    if (kind.empty()) continue;
    if (a.time_ms < now - options_.alert_sms_max_age_ms) {
      ++report.stale;
      continue;
    }
    LOKA_ASSIGN_OR_RETURN(std::vector<store::SubscriptionRecord> subs,
                          store_->SubscriptionsForStation(a.station, a.field_id));
    for (const store::SubscriptionRecord& s : subs) {
      LOKA_RETURN_IF_ERROR(Queue(s, kind, "alert:" + std::to_string(a.id), 0, &report));
    }
  }
  return report;
}

Result<AlertSmsReport> AlertSms::OnIrrigateToday(int64_t field_id, int64_t advice_day,
                                                 double gross_mm) {
  AlertSmsReport report;
  // A day before yesterday (UTC; a station's day may run ahead or behind by its offset) is a
  // backlog, not today.
  if (advice_day < UnixDayFromMs(options_.clock->NowMs()) - 1) {
    ++report.stale;
    return report;
  }
  LOKA_ASSIGN_OR_RETURN(std::vector<store::SubscriptionRecord> subs,
                        store_->SubscriptionsForField(field_id));
  for (const store::SubscriptionRecord& s : subs) {
    LOKA_RETURN_IF_ERROR(
        Queue(s, "irrigation", "day:" + std::to_string(advice_day), gross_mm, &report));
  }
  return report;
}

}  // namespace loka::helpline
