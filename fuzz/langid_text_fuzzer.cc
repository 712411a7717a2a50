// libFuzzer target: the language-ID text path on arbitrary bytes. BlankNonLanguage must keep
// byte offsets (same length, only spaces written) and never blank part of a character;
// DropAccessKeyMarkers must only drop bytes; identification (k = 3, spans on) with a small
// model trained in-process must fail on malformed UTF-8 and only there, and give spans and
// candidates within their documented bounds.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "langid/classifier.h"
#include "langid/cleanup.h"
#include "langid/identifier.h"
#include "langid/model_file.h"
#include "langid/trainer.h"
#include "learn/dataset.h"
#include "text/utf8.h"

namespace {

using loka::langid::Classifier;

void Fail(const char* what) {
  std::fprintf(stderr, "langid_text_fuzzer: %s\n", what);
  std::abort();
}

// Six languages in three scripts (Greek answered from the script alone), prose and software
// strings, five or more lines each so that the trainer holds one out for the calibration.
const std::vector<loka::learn::LabelledText>& TrainingLines() {
  static const std::vector<loka::learn::LabelledText> rows = {
      {"swa", "Habari yako rafiki yangu, umeamka salama leo asubuhi?"},
      {"swa", "Kila mtu anayo haki ya kuishi, uhuru na usalama wa nafsi yake."},
      {"swa", "Hifadhi faili kabla ya kufunga programu hii."},
      {"swa", "Watoto wanacheza mpira uwanjani pamoja na marafiki zao."},
      {"swa", "Haikuweza kufungua faili, tafadhali jaribu tena baadaye."},
      {"swa", "Mvua imenyesha sana jana usiku na mashamba yamejaa maji."},
      {"deu", "Alle Menschen sind frei und gleich an Würde und Rechten geboren."},
      {"deu", "Die Datei konnte nicht geöffnet werden, bitte versuchen Sie es erneut."},
      {"deu", "Einstellungen speichern und das Fenster schließen."},
      {"deu", "Jeder hat das Recht auf Leben, Freiheit und Sicherheit der Person."},
      {"deu", "Öffnen Sie die Datei mit einem anderen Programm."},
      {"deu", "Der Zug nach München fährt heute mit zehn Minuten Verspätung ab."},
      {"spa", "Todos los seres humanos nacen libres e iguales en dignidad y derechos."},
      {"spa", "No se puede abrir el archivo, inténtelo de nuevo más tarde."},
      {"spa", "Guardar los cambios antes de cerrar la ventana."},
      {"spa", "Toda persona tiene derecho a la vida, a la libertad y a la seguridad."},
      {"spa", "Los niños juegan en el parque con sus amigos cada tarde."},
      {"spa", "Buscar actualizaciones disponibles para el sistema."},
      {"eng", "All human beings are born free and equal in dignity and rights."},
      {"eng", "The file could not be opened, please try again later."},
      {"eng", "Save your changes before closing the window."},
      {"eng", "Everyone has the right to life, liberty and security of person."},
      {"eng", "The children are playing football in the park with their friends."},
      {"eng", "Check for available updates to the system."},
      {"rus", "Все люди рождаются свободными и равными в своем достоинстве и правах."},
      {"rus", "Не удалось открыть файл, попробуйте ещё раз позже."},
      {"rus", "Сохраните изменения перед закрытием окна."},
      {"rus", "Каждый человек имеет право на жизнь, на свободу и на личную неприкосновенность."},
      {"rus", "Дети играют в футбол в парке со своими друзьями."},
      {"ell", "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια."},
      {"ell", "Δεν ήταν δυνατό το άνοιγμα του αρχείου, δοκιμάστε ξανά."},
      {"ell", "Αποθήκευση των αλλαγών πριν το κλείσιμο του παραθύρου."},
      {"ell", "Καθένας έχει το δικαίωμα να ζει, να είναι ελεύθερος και ασφαλής."},
      {"ell", "Τα παιδιά παίζουν ποδόσφαιρο στο πάρκο με τους φίλους τους."},
  };
  return rows;
}

// The model, trained once per process (the trainer is deterministic). Its bytes must outlive the
// classifier's view into them; both live until exit.
const Classifier& TinyClassifier() {
  static const std::string bytes = [] {
    loka::langid::TrainOptions o;
    o.bucket_bits = 12;
    o.length_buckets = {12, 24, 48, 96};
    o.min_examples_per_bucket = 2;
    auto m = loka::langid::Train(TrainingLines(), o, nullptr);
    if (!m.ok()) Fail(m.status().ToString().c_str());
    auto b = loka::langid::SerializeModel(*m);
    if (!b.ok()) Fail(b.status().ToString().c_str());
    return std::move(b).value();
  }();
  static const Classifier classifier = [] {
    auto v = loka::langid::ParseModel(bytes, "tiny");
    if (!v.ok()) Fail(v.status().ToString().c_str());
    return Classifier(std::move(v).value());
  }();
  return classifier;
}

bool IsProbability(float p) { return std::isfinite(p) && p >= 0.f && p <= 1.f; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 16)) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const bool valid = loka::text::ValidateUtf8(in).ok();

  std::string cleaned;
  if (loka::langid::BlankNonLanguage(in, &cleaned)) {
    if (cleaned.size() != in.size()) Fail("BlankNonLanguage changed the length");
    for (size_t i = 0; i < in.size(); ++i) {
      if (cleaned[i] != in[i] && cleaned[i] != ' ') Fail("BlankNonLanguage wrote a non-space");
    }
    if (valid && !loka::text::ValidateUtf8(cleaned).ok()) {
      Fail("BlankNonLanguage blanked part of a character");
    }
  } else if (!cleaned.empty()) {
    Fail("BlankNonLanguage returned false but wrote its output");
  }

  std::string dropped(in);
  loka::langid::DropAccessKeyMarkers(&dropped);
  if (dropped.size() > in.size()) Fail("DropAccessKeyMarkers grew the text");

  loka::langid::IdentifyOptions options;
  options.k = 3;
  options.spans = true;
  loka::langid::LangResult result;
  const loka::Status s = TinyClassifier().Identify(in, options, &result);
  if (s.ok() != valid) {
    std::fprintf(stderr, "Identify: %s\n", s.ToString().c_str());
    Fail(valid ? "Identify failed on valid UTF-8" : "Identify accepted malformed UTF-8");
  }
  if (!s.ok()) return 0;
  if (!IsProbability(result.probability)) Fail("probability out of [0, 1]");
  if (result.candidates.size() > 3) Fail("more than k candidates");
  for (const loka::langid::Candidate& c : result.candidates) {
    if (!IsProbability(c.probability)) Fail("candidate probability out of [0, 1]");
  }
  for (const loka::langid::Span& sp : result.spans) {
    if (sp.begin > sp.end || sp.end > in.size()) Fail("span out of the text");
    if (!IsProbability(sp.probability)) Fail("span probability out of [0, 1]");
  }
  return 0;
}
