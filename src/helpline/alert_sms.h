// Farm alerts and irrigation advice as SMS to the phones subscribed to a field or a station. A
// subscription names a number, a target (a field or a station), the alert kinds wanted and the
// language of the texts. An alert the sense pipeline raised at a station goes to the station's
// subscribers and to those of its fields (of the alert's field only, when it names one) who
// asked for its kind; each SMS is composed from the alert texts in the subscriber's language
// (English when that language has no text for the kind) to the SMS budget and queued in the
// durable outbox, so a gateway that is down delays it but never loses it. Per subscription and
// kind at most one SMS within alert_sms_min_interval_ms, and never two about the same alert or
// the same advice day (store::HelplineStore::QueueAlertSms). Alerts older than
// alert_sms_max_age_ms go to no phone.
//
// Kinds: frost, heat, irrigation (the field's advice says to irrigate on its day; a field's
// only), sensor_fault (spike, stuck, dropout and drift alerts). A subscription without kinds
// gets the farmer-facing ones: frost, heat and, for a field, irrigation; sensor faults are for
// whoever looks after the station, who asks for them.
//
// Thread contract: AlertSms is immutable after Create and thread-safe (the store serializes).
#ifndef LOKA_HELPLINE_ALERT_SMS_H_
#define LOKA_HELPLINE_ALERT_SMS_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "helpline/options.h"
#include "helpline/sms.h"
#include "store/helpline.h"
#include "store/store.h"

namespace loka::helpline {

inline constexpr std::array<std::string_view, 4> kAlertKinds = {"frost", "heat", "irrigation",
                                                                "sensor_fault"};
// What a field's subscription without kinds gets: frost, heat, irrigation (a station's: the
// same without irrigation).
std::vector<std::string> DefaultAlertKinds();
// The subscription kind of a stored alert's kind (store::AlertRecord::kind): "frost", "heat",
// "sensor_fault" for spike, stuck, dropout and drift; "" for any other.
std::string_view AlertKindOf(std::string_view alert_kind);

// Placeholders of the alert texts: the field's or station's name, and the depth to apply.
inline constexpr std::string_view kPlacePlaceholder = "{place}";
inline constexpr std::string_view kMmPlaceholder = "{mm}";

// The alert texts: one per kind and language (ISO 639-3), with {place} (every text) and {mm}
// (irrigation). Every kind has an English ("eng") text, the fallback.
// Thread contract: immutable after Load; shared freely.
class AlertTexts {
 public:
  // Parses `tsv` ("kind<TAB>language<TAB>text" a line, helpline/templates.h). Errors
  // (invalid_argument, naming `source` and the line): an unknown kind, a language that is not
  // three lower-case letters, a text without {place}, an irrigation text without {mm}, a
  // (kind, language) given twice, a kind without an English text; resource_exhausted: a text
  // that needs more than sms.max_parts parts with a place name of `place_max_chars` characters.
  static Result<AlertTexts> Load(std::string_view tsv, std::string_view source,
                                 const SmsOptions& sms, size_t place_max_chars);
  // The built-in set: English, Swahili, Portuguese, French and Spanish.
  static std::string_view BuiltIn();

  // The text of `kind` in `language` (English when it has none) for `place` (cut to
  // place_max_chars) and `mm`, composed to the budget. Errors: resource_exhausted when the
  // place's letters push it over the budget (a place in a script outside GSM-7).
  Result<ComposedSms> Compose(std::string_view kind, std::string_view language,
                              std::string_view place, double mm) const;

  // The languages with at least one text, sorted.
  std::vector<std::string> Languages() const;
  bool HasLanguage(std::string_view language) const;

 private:
  SmsOptions sms_;
  size_t place_max_chars_ = 0;
  std::map<std::pair<std::string, std::string>, std::string, std::less<>> texts_;
};

// A subscription as a client asks for it.
struct SubscribeRequest {
  std::string number;          // as given; normalized like a sender's
  int64_t field_id = 0;        // the target: a field ...
  std::string station;         // ... or a station
  std::vector<std::string> kinds;  // empty: DefaultAlertKinds()
  std::string language = "eng";
};

// What one batch of alerts or one advice did.
struct AlertSmsReport {
  int queued = 0;       // SMS queued in the outbox
  int held = 0;         // not queued: the same alert or day, or within the interval
  int stale = 0;        // alerts older than alert_sms_max_age_ms (sent to no one)
  int unfit = 0;        // texts that did not fit the budget (the place's letters)
};

class AlertSms {
 public:
  // `store` is not owned and must outlive the AlertSms. Errors: the built-in texts' (a
  // budget of options.sms.max_parts too small for them: resource_exhausted).
  static Result<std::unique_ptr<AlertSms>> Create(const HelplineOptions& options,
                                                  store::HelplineStore* store);

  // Checks and stores a subscription (a second one of the number to the same target replaces
  // the first's kinds and language). Errors: invalid_argument naming the field: a number that
  // is not one, no target or two, an unknown kind, irrigation for a station, a language
  // without texts (naming those there are), an unknown field or station; the store's.
  Result<store::SubscriptionRecord> Subscribe(const SubscribeRequest& request);

  // Queues the SMS for `alerts` (stored alerts, as the sense pipeline raised them).
  Result<AlertSmsReport> OnAlerts(const std::vector<store::AlertRecord>& alerts);

  // Queues "irrigate today, about `gross_mm` mm" for field `field_id`'s subscribers who asked
  // for irrigation, once per `advice_day` (a Unix day) at most; nothing (stale) when that day
  // is before yesterday by the clock (replayed readings).
  Result<AlertSmsReport> OnIrrigateToday(int64_t field_id, int64_t advice_day, double gross_mm);

  const AlertTexts& texts() const { return texts_; }

 private:
  AlertSms(const HelplineOptions& options, store::HelplineStore* store, AlertTexts texts);
  // Queues `kind` about `key` to `s` when it asked for `kind`.
  Status Queue(const store::SubscriptionRecord& s, std::string_view kind, const std::string& key,
               double mm, AlertSmsReport* report);

  HelplineOptions options_;
  store::HelplineStore* store_;  // not owned
  AlertTexts texts_;
};

}  // namespace loka::helpline

#endif  // LOKA_HELPLINE_ALERT_SMS_H_
