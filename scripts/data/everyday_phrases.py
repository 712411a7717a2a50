"""Everyday phrases for language-ID training: greetings, thanks, small talk and the words of
short requests (water, power, prices, appointments, "call me"), written for loka by the project
for the languages people most often send such messages in, with general everyday vocabulary
for 31 of them; romanized text for 25 languages whose script is not Latin (Hindustani,
Mandarin pinyin, Arabizi, Finglish, Greeklish, romaji, Thai, Khmer, ...) beside the native
script (scripts/data/extra_text.py adds the lines to each language's
`code/ui` profile; docs/langid.md, "Everyday messages").

Why: the subtitle word lists (common_words.py) cover 40 languages, and none of Hausa, Yoruba,
Igbo, Zulu, Xhosa, Swahili, Tagalog, Malay, Amharic, Somali, Kinyarwanda, Marathi, Nepali, Tamil,
Telugu or Urdu; their `code/ui` profiles hold software strings only, so "sawubona, unjani?"
lost to Xhosa's UDHR table and "bawo ni" to Twi. A short greeting is decided by a handful of
n-grams, and these phrases are where they come from.

Protocol (`phrase_lines`):
1. PHRASES[label] is a list of short phrases separated by "|" (no phrase is a line of an
   evaluation file: `bench/data/everyday_dev*.tsv` lines are dropped by the caller).
2. Lines of 1 to MAX_PHRASES_PER_LINE phrases (uniform), each drawn uniformly from
   EVERYDAY_WORDS[label] with probability WORDS_SHARE (where the label has words), else
   uniformly from the phrases, joined
   by ", " or " " (alternately by the generator), first letter sometimes upper case, drawn with
   a generator seeded by the label, until the lines hold `chars` characters.
Deterministic: the same phrases and `chars` give the same lines.
"""

import random

MAX_PHRASES_PER_LINE = 3
# Share of the draws that take an EVERYDAY_WORDS entry instead of a phrase, for a label that has
# them. Drawn as one more phrase each, the words (two to three times as many as the phrases)
# took most of the small `chat` tables from the greetings and requests: everyday dev accuracy
# went from 98.9 to 97.1 % ("ya te mandé la plata" Ladino, "od vcera nemame vodu" und). At
# 0.35 it stays at 98.9 %, and the words keep their gains: dev3 93.7 -> 94.8 %, dev4 97.5 -> 97.8 %
# (docs/langid.md, "Everyday vocabulary").
WORDS_SHARE = 0.35

# label -> "phrase|phrase|...". Plain (diacritic-free) copies are made by the caller for Latin
# labels, as for every other short line.
PHRASES = {
    "eng": "hi|hello there|good morning|good evening|how are you|how's it going|I'm fine|"
           "thank you so much|thanks|see you tomorrow|see you later|please|sorry|no water|"
           "the power is out|how much is it|a kilo of rice|call me back|I need a doctor|"
           "appointment on Monday|can you help me|what time|yes|no|okay",
    "fra": "salut|bonjour|bonsoir|ça va|ça va bien|comment allez-vous|merci|merci bien|"
           "à demain|à plus tard|s'il vous plaît|s'il te plaît|pas d'eau|plus de courant|"
           "c'est combien|le kilo de riz|rappelle-moi|rappelez-moi|j'ai besoin d'un médecin|"
           "un rendez-vous lundi|tu peux m'aider|oui|non|d'accord|depuis hier",
    "deu": "hallo|guten Morgen|guten Tag|guten Abend|wie geht's|wie geht es dir|mir geht's gut|"
           "danke|vielen Dank|bis morgen|bis später|bitte|kein Wasser|kein Strom|"
           "wie viel kostet das|ein Kilo Reis|ruf mich zurück|ich brauche einen Arzt|"
           "einen Termin am Montag|kannst du mir helfen|ja|nein|okay|seit gestern|heute",
    "spa": "hola|buenos días|buenas tardes|buenas noches|qué tal|cómo estás|cómo está usted|"
           "estoy bien|gracias|muchas gracias|hasta mañana|nos vemos|por favor|perdón|"
           "no hay agua|se fue la luz|cuánto cuesta|un kilo de arroz|llámame|avísame|"
           "necesito un médico|una cita para el lunes|me puedes ayudar|sí|no|vale|ya te dije|"
           "la plata|te llegó|desde ayer|hoy",
    "por": "olá|oi|bom dia|boa tarde|boa noite|tudo bem|tudo bom|como vai|estou bem|obrigado|"
           "obrigada|muito obrigado|até amanhã|até logo|por favor|desculpa|não tem água|"
           "acabou a luz|quanto custa|um quilo de arroz|me liga|liga pra mim|preciso de um médico|"
           "marcar uma consulta|segunda-feira|você pode me ajudar|sim|não|tá bom|desde ontem|"
           "hoje|você",
    "ita": "ciao|buongiorno|buonasera|come stai|come va|sto bene|grazie|grazie mille|"
           "a domani|ci vediamo|per favore|scusa|manca l'acqua|non c'è luce|quanto costa|"
           "un chilo di riso|richiamami|ho bisogno di un medico|un appuntamento lunedì|"
           "mi puoi aiutare|sì|no|va bene|da ieri|oggi",
    "nld": "hoi|hallo|goedemorgen|goedenavond|hoe gaat het|alles goed|dank je wel|bedankt|"
           "tot morgen|tot straks|alsjeblieft|sorry|geen water|geen stroom|hoeveel kost het|"
           "een kilo rijst|bel me terug|ik heb een dokter nodig|een afspraak maandag|"
           "kun je me helpen|ja|nee|oké|sinds gisteren|vandaag",
    "tur": "merhaba|selam|günaydın|iyi akşamlar|nasılsın|nasılsınız|iyiyim|teşekkürler|"
           "teşekkür ederim|sağ ol|yarın görüşürüz|görüşürüz|lütfen|kusura bakma|su yok|"
           "elektrik yok|ne kadar|kaç para|bir kilo pirinç|beni ara|beni geri ara|"
           "doktora gitmem lazım|pazartesi randevu|yardım eder misin|evet|hayır|tamam|"
           "dünden beri|bugün",
    "rus": "привет|здравствуйте|доброе утро|добрый вечер|как дела|как ты|всё хорошо|спасибо|"
           "большое спасибо|до завтра|пока|пожалуйста|извините|нет воды|нет света|"
           "сколько стоит|килограмм риса|перезвони мне|позвоните мне|мне нужен врач|"
           "запись к врачу|в понедельник|помоги мне|да|нет|хорошо|ладно|со вчерашнего дня|"
           "сегодня|что",
    "ukr": "привіт|вітаю|доброго ранку|добрий вечір|як справи|як ти|все добре|дякую|"
           "щиро дякую|до завтра|бувай|будь ласка|вибачте|немає води|немає світла|"
           "скільки коштує|кілограм рису|передзвони мені|мені потрібен лікар|"
           "запис до лікаря|у понеділок|допоможи мені|так|ні|добре|з учора|сьогодні|що",
    "pol": "cześć|dzień dobry|dobry wieczór|jak się masz|co tam|wszystko dobrze|dziękuję|"
           "dzięki|do jutra|na razie|proszę|przepraszam|nie ma wody|nie ma prądu|ile kosztuje|"
           "kilo ryżu|oddzwoń do mnie|potrzebuję lekarza|wizyta w poniedziałek|"
           "możesz mi pomóc|tak|nie|dobrze|od wczoraj|dzisiaj",
    "ces": "ahoj|dobrý den|dobrý večer|jak se máš|jak se máte|mám se dobře|děkuju|díky|"
           "na shledanou|zítra|prosím|promiňte|neteče voda|nejde proud|kolik to stojí|"
           "kilo rýže|zavolej mi|potřebuju doktora|objednat se|v pondělí|ano|ne|dobře|dnes",
    "ron": "salut|bună ziua|bună dimineața|bună seara|ce faci|ce mai faci|sunt bine|mulțumesc|"
           "mersi|pe mâine|te rog|scuze|nu avem apă|nu e curent|cât costă|un kilogram de orez|"
           "sună-mă|am nevoie de un doctor|o programare luni|mă poți ajuta|da|nu|bine|azi",
    "hun": "szia|helló|jó reggelt|jó napot|jó estét|hogy vagy|jól vagyok|köszönöm|köszi|"
           "holnap találkozunk|szia holnap|kérem|bocsánat|nincs víz|nincs áram|mennyibe kerül|"
           "egy kiló rizs|hívj vissza|orvoshoz kell mennem|időpont hétfőre|segítesz|igen|nem|"
           "rendben|ma",
    "swe": "hej|hej hej|god morgon|god kväll|hur mår du|hur är det|jag mår bra|tack|"
           "tack så mycket|vi ses|vi ses imorgon|snälla|förlåt|inget vatten|strömmen är borta|"
           "vad kostar det|ett kilo ris|ring mig|jag behöver en läkare|en tid på måndag|"
           "kan du hjälpa mig|ja|nej|okej|idag",
    "fin": "moi|hei|huomenta|hyvää iltaa|mitä kuuluu|miten menee|hyvää kiitos|kiitos|"
           "kiitos paljon|nähdään|nähdään huomenna|ole hyvä|anteeksi|ei ole vettä|sähköt poikki|"
           "paljonko maksaa|kilo riisiä|soita minulle|tarvitsen lääkärin|aika maanantaina|"
           "voitko auttaa|kyllä|ei|selvä|tänään",
    "cat": "hola|bon dia|bona tarda|bona nit|com estàs|com va|estic bé|gràcies|moltes gràcies|"
           "fins demà|fins després|si us plau|perdona|no hi ha aigua|no tenim llum|quant costa|"
           "un quilo d'arròs|truca'm|necessito un metge|una cita dilluns|em pots ajudar|sí|no|"
           "d'acord|avui|"
           "què tal|com anem|molt bé|adéu|fins aviat|"
           "no tenim aigua|s'ha anat la llum|quant val|un quilo de tomàquets|la farmàcia|"
           "tinc febre|el meu fill|truca'm quan puguis|vull demanar hora|dimarts|dijous|"
           "on es paga|la factura|aquí|ara|doncs|també|gens|res|ja",
    "afr": "hallo|goeie môre|goeie middag|hoe gaan dit|dit gaan goed|dankie|baie dankie|"
           "sien jou later|tot môre|asseblief|jammer|geen water nie|geen krag nie|"
           "hoeveel kos dit|'n kilo rys|bel my terug|ek het 'n dokter nodig|'n afspraak Maandag|"
           "kan jy my help|ja|nee|okay|vandag",
    "hrv": "bok|bog|dobro jutro|dobar dan|dobra večer|kako si|kako ste|dobro sam|hvala|"
           "hvala lijepa|vidimo se|do sutra|molim te|oprosti|nema vode|nema struje|"
           "koliko košta|kilogram riže|nazovi me|trebam liječnika|termin u ponedjeljak|"
           "možeš li mi pomoći|da|ne|može|danas|sutra|što ima",
    "srp": "здраво|ћао|добро јутро|добар дан|добро вече|како си|како сте|добро сам|хвала|"
           "хвала пуно|видимо се|до сутра|молим те|извини|нема воде|нема струје|колико кошта|"
           "кило пиринча|позови ме|треба ми лекар|термин у понедељак|можеш ли да ми помогнеш|"
           "да|не|важи|данас|сутра|шта има|"
           "здраво, како сте|хвала вам|нема струје од јуче|колико кошта кило|апотека|"
           "дете има температуру|где се плаћа рачун|рачун за воду|лекар|болница|сутра ујутру|јер|"
           "шта|ћерка|син|зашто|где|када|овде|ђак|ћути",
    "ell": "γεια|γεια σας|καλημέρα|καλησπέρα|τι κάνεις|καλά είμαι|ευχαριστώ|ευχαριστώ πολύ|"
           "τα λέμε|αύριο|παρακαλώ|συγγνώμη|δεν έχει νερό|πόσο κάνει|πάρε με τηλέφωνο|"
           "χρειάζομαι γιατρό|ραντεβού|ναι|όχι|εντάξει|σήμερα",
    "arb": "مرحبا|السلام عليكم|وعليكم السلام|صباح الخير|مساء الخير|كيف حالك|أنا بخير|"
           "الحمد لله|شكرا|شكرا جزيلا|إلى اللقاء|أراك غدا|من فضلك|آسف|لا يوجد ماء|"
           "انقطعت الكهرباء|بكم|كم السعر|كيلو أرز|اتصل بي|أحتاج طبيبا|موعد يوم الاثنين|"
           "هل يمكنك مساعدتي|نعم|لا|حسنا|منذ أمس|اليوم",
    "pes": "سلام|صبح بخیر|عصر بخیر|حالت چطوره|خوبی|خوبم|مرسی|ممنون|خیلی ممنون|"
           "فردا می‌بینمت|خداحافظ|لطفا|ببخشید|آب نداریم|برق رفته|چند است|قیمتش چنده|"
           "یک کیلو برنج|به من زنگ بزن|دکتر لازم دارم|وقت دکتر|دوشنبه|کمکم می‌کنی|بله|نه|"
           "باشه|از دیروز|امروز",
    "urd": "السلام علیکم|آداب|صبح بخیر|آپ کیسے ہیں|کیا حال ہے|میں ٹھیک ہوں|شکریہ|"
           "بہت شکریہ|کل ملتے ہیں|خدا حافظ|براہ کرم|معاف کیجیے|پانی نہیں ہے|بجلی نہیں ہے|"
           "کتنے کا ہے|ایک کلو چاول|مجھے فون کریں|مجھے ڈاکٹر چاہیے|پیر کو ملاقات|"
           "کیا آپ میری مدد کر سکتے ہیں|جی ہاں|نہیں|ٹھیک ہے|آج|کل",
    "hin": "नमस्ते|नमस्कार|सुप्रभात|आप कैसे हैं|कैसे हो|क्या हाल है|मैं ठीक हूँ|धन्यवाद|"
           "शुक्रिया|बहुत धन्यवाद|कल मिलते हैं|फिर मिलेंगे|कृपया|माफ़ कीजिए|पानी नहीं है|"
           "बिजली नहीं है|कितने का है|एक किलो चावल|मुझे फ़ोन करो|मुझे डॉक्टर चाहिए|"
           "सोमवार को अपॉइंटमेंट|क्या आप मदद कर सकते हैं|हाँ|नहीं|ठीक है|आज|कल",
    "ben": "নমস্কার|আসসালামু আলাইকুম|শুভ সকাল|কেমন আছেন|কেমন আছো|ভালো আছি|ধন্যবাদ|"
           "অনেক ধন্যবাদ|কাল দেখা হবে|আবার দেখা হবে|দয়া করে|দুঃখিত|জল নেই|পানি নেই|"
           "বিদ্যুৎ নেই|কত দাম|এক কেজি চাল|আমাকে ফোন করো|আমার ডাক্তার দরকার|"
           "সোমবার অ্যাপয়েন্টমেন্ট|সাহায্য করতে পারবেন|হ্যাঁ|না|ঠিক আছে|আজ|কাল",
    "mar": "नमस्कार|सुप्रभात|कसे आहात|कसा आहेस|कशी आहेस|मी बरा आहे|धन्यवाद|खूप आभार|"
           "उद्या भेटू|पुन्हा भेटू|कृपया|माफ करा|पाणी नाही|वीज नाही|किती झाले|किती आहे|"
           "एक किलो तांदूळ|मला फोन कर|मला डॉक्टरांची गरज आहे|सोमवारी भेट|"
           "मला मदत कराल का|हो|नाही|ठीक आहे|आज|उद्या|काल|आहे|आहेत",
    "npi": "नमस्ते|नमस्कार|शुभ प्रभात|तपाईंलाई कस्तो छ|सन्चै हुनुहुन्छ|म ठिक छु|धन्यवाद|"
           "धेरै धन्यवाद|भोलि भेटौंला|फेरि भेटौंला|कृपया|माफ गर्नुहोस्|पानी छैन|बत्ती छैन|"
           "कति पर्छ|कति हो|एक किलो चामल|मलाई फोन गर्नुहोस्|मलाई डाक्टर चाहियो|"
           "सोमबार भेट|मलाई सहयोग गर्नुहुन्छ|हो|होइन|हुन्छ|आज|भोलि|हिजो|छ|छैन",
    "tam": "வணக்கம்|காலை வணக்கம்|எப்படி இருக்கீங்க|நலமா|நான் நல்லா இருக்கேன்|நன்றி|"
           "ரொம்ப நன்றி|நாளை சந்திப்போம்|தயவுசெய்து|மன்னிக்கவும்|தண்ணீர் இல்லை|"
           "கரண்ட் இல்லை|என்ன விலை|எவ்வளவு|ஒரு கிலோ அரிசி|எனக்கு போன் பண்ணுங்க|"
           "டாக்டர் வேண்டும்|திங்கள்கிழமை|உதவி செய்ய முடியுமா|ஆமாம்|இல்லை|சரி|இன்னைக்கு|நாளைக்கு",
    "tel": "నమస్కారం|నమస్తే|శుభోదయం|ఎలా ఉన్నారు|బాగున్నారా|నేను బాగున్నాను|ధన్యవాదాలు|"
           "చాలా థాంక్స్|రేపు కలుద్దాం|దయచేసి|క్షమించండి|నీళ్ళు లేవు|కరెంట్ లేదు|ఎంత|"
           "ధర ఎంత|ఒక కిలో బియ్యం|నాకు ఫోన్ చేయండి|డాక్టర్ కావాలి|సోమవారం|"
           "సహాయం చేస్తారా|అవును|కాదు|సరే|ఈరోజు|రేపు",
    "cmn": "你好|您好|早上好|晚上好|最近怎么样|你好吗|我很好|谢谢|谢谢你|非常感谢|明天见|"
           "再见|请|不好意思|对不起|停水了|没有水|停电了|多少钱|一斤大米|给我打电话|回个电话|"
           "我要看医生|预约|星期一|能帮我吗|是|不是|好的|没问题|今天|明天|昨天|吃饭了吗|"
           "謝謝|明天見|再見|多少錢|停電了|醫生|預約|沒有",
    "yue": "你好|早晨|早唞|你點呀|幾好|多謝|唔該|唔該晒|聽日見|拜拜|冇水|停電|幾多錢|"
           "一斤米|打畀我|我要睇醫生|預約|禮拜一|幫下我|係|唔係|好呀|冇問題|今日|聽日|琴日|"
           "咗|嘅|佢|咩|乜嘢",
    "jpn": "こんにちは|おはよう|おはようございます|こんばんは|元気ですか|元気です|ありがとう|"
           "ありがとうございます|また明日|またね|お願いします|すみません|水が出ない|停電|"
           "いくらですか|お米一キロ|電話してください|医者に行きたい|予約|月曜日|"
           "手伝ってくれますか|はい|いいえ|大丈夫|今日|明日|昨日",
    "kor": "안녕하세요|안녕|좋은 아침|잘 지내요|잘 지냈어요|고마워요|감사합니다|내일 봐요|"
           "또 봐요|부탁해요|죄송합니다|물이 안 나와요|정전이에요|얼마예요|쌀 1킬로|"
           "전화해 주세요|병원 예약|월요일|도와주세요|네|아니요|괜찮아요|오늘|내일",
    "vie": "xin chào|chào bạn|chào buổi sáng|bạn khỏe không|dạo này thế nào|tôi khỏe|cảm ơn|"
           "cảm ơn nhiều|hẹn gặp lại|mai gặp nhé|làm ơn|xin lỗi|mất nước|mất điện|"
           "bao nhiêu tiền|một ký gạo|gọi lại cho tôi|tôi cần gặp bác sĩ|đặt lịch khám|"
           "thứ hai|giúp tôi với|vâng|không|được|hôm nay|ngày mai|hôm qua",
    "tha": "สวัสดี|สวัสดีครับ|สวัสดีค่ะ|สบายดีไหม|สบายดี|ขอบคุณ|ขอบคุณมาก|เจอกันพรุ่งนี้|"
           "ขอโทษ|น้ำไม่ไหล|ไฟดับ|เท่าไหร่|ข้าวหนึ่งกิโล|โทรกลับหน่อย|อยากไปหาหมอ|นัดหมอ|"
           "วันจันทร์|ช่วยหน่อย|ใช่|ไม่ใช่|โอเค|วันนี้|พรุ่งนี้",
    "ind": "halo|hai|selamat pagi|selamat siang|selamat malam|apa kabar|kabar baik|"
           "terima kasih|makasih|sampai jumpa|sampai besok|tolong|maaf|airnya mati|"
           "listrik padam|mati lampu|berapa harganya|sekilo beras|telepon saya|"
           "saya perlu ke dokter|janji temu hari Senin|bisa bantu saya|ya|tidak|nggak|oke|"
           "sudah|belum|hari ini|besok|kemarin",
    "zlm": "hai|helo|selamat pagi|selamat petang|apa khabar|khabar baik|terima kasih|"
           "jumpa lagi|jumpa esok|tolong|minta maaf|tak ada air|bekalan elektrik terputus|"
           "berapa harga|sekilo beras|telefon saya|saya nak jumpa doktor|temujanji hari Isnin|"
           "boleh tolong saya|ya|tidak|tak|okey|boleh|nak|hari ini|esok|semalam",
    "tgl": "kumusta|kumusta ka|magandang umaga|magandang gabi|mabuti naman|salamat|"
           "maraming salamat|salamat po|kita tayo bukas|ingat|pakiusap|paki|pasensya na|"
           "walang tubig|walang kuryente|brownout|magkano|isang kilong bigas|tawagan mo ako|"
           "kailangan ko ng doktor|sa Lunes|puwede mo ba akong tulungan|oo|opo|hindi|sige|"
           "ngayon|bukas|kahapon",
    "swh": "habari|habari yako|hujambo|mambo|poa|salama|nzuri|asante|asante sana|tutaonana|"
           "kesho|tafadhali|samahani|hakuna maji|umeme umekatika|hakuna umeme|bei gani|"
           "ni shilingi ngapi|kilo moja ya mchele|nipigie simu|nahitaji daktari|"
           "miadi Jumatatu|unaweza kunisaidia|ndiyo|hapana|sawa|leo|jana",
    "hau": "sannu|sannu da zuwa|ina kwana|ina wuni|barka da safiya|yaya kake|yaya kike|"
           "lafiya lau|na gode|na gode sosai|sai gobe|sai anjima|don Allah|yi hakuri|"
           "babu ruwa|babu wuta|nawa ne|kilo daya na shinkafa|ka kira ni|ina bukatar likita|"
           "ranar Litinin|za ka taimake ni|eh|a'a|to|yau|gobe|jiya|"
           "tumatir|albasa|doya|masara|gero|wake|mai|nama|kaza|kwai|naira|kudi|kasuwa|zan sayi|"
           "nawa ne farashin|buhun shinkafa|kwandon tumatir|asibiti|magani|zazzabi|"
           "yarona ba shi da lafiya|ina zan biya|kudin wuta|kudin ruwa|makaranta|yaushe|ina",
    "yor": "ẹ n lẹ|bawo ni|ẹ kaaro|ẹ kaasan|ẹ kaale|ṣe daadaa ni|mo wa daadaa|ẹ ṣe|"
           "ẹ ṣe gan|o dabọ|o di ọla|jọwọ|ma binu|ko si omi|ko si ina|ẹlo ni|"
           "kilo iresi kan|pe mi|mo fẹ ri dokita|ọjọ Aje|ṣe o le ran mi lọwọ|bẹẹni|rara|"
           "o dara|oni|ọla|ana|"
           "tomati|alubosa|iṣu|agbado|ẹwa|epo|ẹran|adiẹ|ẹyin|naira|owo|ọja|mo fẹ ra|"
           "ẹlo ni owo rẹ|apo iresi|ile iwosan|oogun|iba|ọmọ mi n ṣaisan|nibo ni mo ti le san|"
           "owo ina|owo omi|ile iwe|nigba wo|nibo",
    "ibo": "ndewo|kedu|kedu ka i mere|adị m mma|ọ dị mma|daalụ|daalụ rinne|ka ọ dị echi|"
           "biko|ndo|enweghị mmiri|enweghị ọkụ|ego ole|otu kilo osikapa|kpọọ m|"
           "achọrọ m dọkịta|ụbọchị Mọnde|i nwere ike inyere m aka|ee|mba|ọ dị mma|taa|echi|"
           "ụnyaahụ|"
           "tomato|yabasị|ji|ọka|agwa|mmanụ|anụ|ọkụkọ|akwa|naịra|ego|ahịa|achọrọ m ịzụ|"
           "ego ole ka ọ bụ|akpa osikapa|ụlọ ọgwụ|ọgwụ|ahụ ọkụ|nwa m na-arịa ọrịa|"
           "ebee ka m ga-akwụ|ụgwọ ọkụ|ụgwọ mmiri|ụlọ akwụkwọ|mgbe ole|ebee",
    "zul": "sawubona|sanibonani|unjani|ninjani|ngiyaphila|ngikhona|ngiyabonga|"
           "ngiyabonga kakhulu|sobonana|sizobonana kusasa|ngicela|uxolo|awekho amanzi|"
           "ugesi awukho|kubiza malini|ikhilo lelayisi|ngishayele|ngidinga udokotela|"
           "ngoMsombuluko|ungangisiza|yebo|cha|kulungile|namuhla|kusasa|izolo|"
           "utamatisi|amatamatisi|u-anyanisi|amazambane|ummbila|ubhontshisi|amafutha|inyama|"
           "inkukhu|amaqanda|amarandi|imali|esitolo|ngifuna ukuthenga|libiza malini|isaka|"
           "umtholampilo|umuthi|imfiva|ingane iyagula|ngikhokha kuphi|ugesi|amanzi|isikole|nini|"
           "kuphi|ngiyacela",
    "xho": "molo|molweni|unjani|ninjani|ndiphilile|enkosi|enkosi kakhulu|sobonana|"
           "sobonana ngomso|nceda|uxolo|akukho manzi|akukho mbane|yimalini|ikhilo yerayisi|"
           "ndifowunele|ndifuna ugqirha|ngoMvulo|ungandinceda|ewe|hayi|kulungile|namhlanje|"
           "ngomso|izolo|"
           "itumato|iitumato|itswele|iitapile|umbona|iimbotyi|ioyile|inyama|inkukhu|amaqanda|"
           "iirandi|imali|evenkileni|ndifuna ukuthenga|ixabisa malini|ingxowa|ikliniki|iyeza|"
           "umkhuhlane|umntwana uyagula|ndihlawula phi|umbane|amanzi|isikolo|nini|phi|ndiyacela",
    "amh": "ሰላም|ጤና ይስጥልኝ|እንደምን አደሩ|እንዴት ነሽ|ደህና ነኝ|አመሰግናለሁ|በጣም አመሰግናለሁ|ነገ እንገናኝ|"
           "እባክህ|ይቅርታ|ውሃ የለም|መብራት የለም|ስንት ነው|አንድ ኪሎ ሩዝ|ደውልልኝ|ሐኪም እፈልጋለሁ|"
           "ሰኞ ቀጠሮ|ልትረዳኝ ትችላለህ|አዎ|አይ|እሺ|ዛሬ|ነገ|ትናንት",
    "som": "iska warran|see tahay|nabad|subax wanaagsan|galab wanaagsan|waan fiicanahay|"
           "mahadsanid|aad baad u mahadsantahay|berri is arag|nabadgelyo|fadlan|waan ka xumahay|"
           "biyo ma jiraan|koronto ma jirto|waa imisa|hal kiilo oo bariis ah|ii soo wac|"
           "dhakhtar ayaan u baahanahay|ballan Isniinta|i caawin kartaa|haa|maya|hagaag|"
           "maanta|berri|shalay",
    "kin": "muraho|mwaramutse|mwiriwe|amakuru|ni meza|meze neza|murakoze|murakoze cyane|"
           "tuzabonana ejo|mwihangane|ndabasabye|nta mazi|nta muriro|ni angahe|ikilo y'umuceri|"
           "ntere telefoni|nkeneye muganga|ku wa mbere|wamfasha|yego|oya|ni byiza|uyu munsi|ejo|"
           "ibiciro|amafaranga|isoko|kugura|inyanya|ibirayi|ibishyimbo|umuceri|ikiro|ivuriro|"
           "ibitaro|umuti|umwana arwaye|afite umuriro|nishyura he|amazi|umuriro w'amashanyarazi|"
           "ishuri|ryari|he|mbabarira|ndashaka kubaza|ejo hashize|none",
    "uzn": "salom|assalomu alaykum|xayrli tong|qalaysiz|yaxshimisiz|yaxshi|rahmat|katta rahmat|"
           "ertaga ko'rishamiz|xayr|iltimos|kechirasiz|suv yo'q|svet yo'q|qancha turadi|"
           "necha pul|bir kilo guruch|menga qo'ng'iroq qiling|shifokor kerak|dushanba kuni|"
           "yordam bera olasizmi|ha|yo'q|mayli|bugun|ertaga|kecha",
    "kaz": "сәлем|сәлеметсіз бе|қайырлы таң|қалайсың|қалыңыз қалай|жақсы|рахмет|көп рахмет|"
           "ертең көріскенше|сау болыңыз|өтінемін|кешіріңіз|су жоқ|жарық жоқ|қанша тұрады|"
           "бір келі күріш|маған хабарлас|дәрігер керек|дүйсенбі күні|көмектесесіз бе|иә|жоқ|"
           "жарайды|бүгін|ертең|кеше",
    "azj": "salam|sabahınız xeyir|axşamınız xeyir|necəsən|necəsiniz|yaxşıyam|sağ ol|"
           "təşəkkür edirəm|sabah görüşərik|görüşərik|zəhmət olmasa|bağışlayın|su yoxdur|"
           "işıq yoxdur|neçəyədir|qiyməti nədir|bir kilo düyü|mənə zəng et|həkimə getməliyəm|"
           "bazar ertəsi|kömək edə bilərsən|hə|bəli|yox|oldu|bu gün|sabah|dünən",
}

# General everyday vocabulary beside the phrases, drawn with them (WORDS_SHARE): places (pharmacy,
# market, bank, post office, bus station, town hall, clinic), the days of the week, parts of the
# day, family, rent and bills, open/closed, "I would like", "do you know", question words and the
# function words (articles, prepositions, pronouns, auxiliaries) that whole sentences are made
# of. The phrases above are short requests, and a full sentence of standard text was decided by
# its function words and place names, which only a UDHR or software table held: Spanish
# questions about a pharmacy went to Asturian, Portuguese ones to Spanish, Italian to Catalan.
EVERYDAY_WORDS = {
    "eng": "the pharmacy|the market|the bank|the post office|the bus station|the hospital|"
           "the school|the clinic|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
           "this morning|this afternoon|tonight|next week|last month|my husband|my wife|"
           "my daughter|my son|my mother|my father|the children|the rent|the bill|the ticket|"
           "the price|is it open|is it closed|I would like|could you|do you know|I don't know|"
           "we have|there is no|what about|where is|when does it|how long|a little|a lot|"
           "of course|no problem|right now|at home|at work|with me|for you|from there",
    "fra": "la pharmacie|le marché|la banque|la poste|la gare routière|l'hôpital|l'école|"
           "la mairie|le dispensaire|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
           "ce matin|cet après-midi|ce soir|la semaine prochaine|le mois dernier|mon mari|"
           "ma femme|ma fille|mon fils|ma mère|mon père|les enfants|le loyer|la facture|"
           "le billet|le prix|c'est ouvert|c'est fermé|je voudrais|vous pouvez|est-ce que|"
           "je ne sais pas|nous avons|il n'y a pas|où est|quand est-ce que|combien de temps|"
           "un peu|beaucoup|bien sûr|pas de problème|tout de suite|à la maison|au travail|"
           "avec moi|pour vous|depuis|encore|aussi|déjà|toujours|jamais|parce que|mais|c'est|"
           "ce n'est pas|qu'est-ce que|il y a|j'ai|tu as|on a|ils sont",
    "deu": "die Apotheke|der Markt|die Bank|die Post|der Busbahnhof|das Krankenhaus|die Schule|"
           "das Rathaus|die Praxis|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|"
           "heute Morgen|heute Nachmittag|heute Abend|nächste Woche|letzten Monat|mein Mann|"
           "meine Frau|meine Tochter|mein Sohn|meine Mutter|mein Vater|die Kinder|die Miete|"
           "die Rechnung|die Fahrkarte|der Preis|ist geöffnet|ist geschlossen|ich möchte|"
           "können Sie|wissen Sie|ich weiß nicht|wir haben|es gibt kein|wo ist|wann|wie lange|"
           "ein bisschen|sehr viel|natürlich|kein Problem|sofort|zu Hause|bei der Arbeit|"
           "mit mir|für Sie|schon|noch|auch|immer|nicht|weil|aber|das ist|es ist|gibt es|"
           "ich habe|du hast|wir sind|sie sind|der|die|das|und|oder",
    "spa": "la farmacia|el mercado|el banco|correos|la estación de autobuses|el hospital|"
           "la escuela|el ayuntamiento|el centro de salud|lunes|martes|miércoles|jueves|viernes|"
           "sábado|domingo|esta mañana|esta tarde|esta noche|la semana que viene|"
           "el mes pasado|mi esposo|mi marido|mi mujer|mi hija|mi hijo|mi madre|mi padre|"
           "los niños|el alquiler|la factura|el billete|el boleto|el precio|está abierto|"
           "está abierta|está cerrado|quisiera|usted puede|sabe usted|no sé|tenemos|no hay|"
           "dónde está|cuándo|cuánto tiempo|un poco|mucho|claro|no pasa nada|ahora mismo|"
           "en casa|en el trabajo|conmigo|para usted|desde|todavía|también|ya|siempre|nunca|"
           "porque|pero|es que|qué|hay que|tengo|tienes|estamos|son|el|la|los|las|del|al|y|o|"
           "con|sin|por|para|abre|cierra|abierto|cerrado|hoy es|mañana por la mañana",
    "por": "a farmácia|o mercado|o banco|os correios|a rodoviária|o hospital|a escola|"
           "a prefeitura|a câmara municipal|o centro de saúde|segunda-feira|terça-feira|"
           "quarta-feira|quinta-feira|sexta-feira|sábado|domingo|"
           "hoje de manhã|hoje à tarde|hoje à noite|na semana que vem|no mês passado|"
           "o meu marido|a minha esposa|a minha filha|o meu filho|a minha mãe|o meu pai|"
           "as crianças|o aluguel|a renda|a conta|o bilhete|a passagem|o preço|está aberto|"
           "está aberta|está fechado|eu queria|gostaria de|o senhor pode|a senhora sabe|não sei|"
           "nós temos|não há|onde fica|quando|quanto tempo|um pouco|muito|claro|sem problema|"
           "agora mesmo|em casa|no trabalho|comigo|para você|desde|ainda|também|já|sempre|nunca|"
           "porque|mas|é que|o que|tenho|você tem|estamos|são|o|a|os|as|do|da|no|na|ao|à|e|ou|"
           "com|sem|por|para|abre|fecha|aberto|fechado|não|então|"
           # Where a short Portuguese question differs from Spanish: `no`/`na` + day, the
           # article `o` before a noun, `você(s)`, `é`.
           "no sábado|na segunda|na sexta|o médico|a médica|o horário|a clínica|o dentista|"
           "estou sem|não tem|tem vaga|vocês abrem|vocês atendem|a agência|meu nome é|"
           "até sábado|o cartão|perdi o cartão|o remédio|o motorista|às oito|à tarde|o meu|"
           "nós|vocês|eles|ela|ele|isso|esse|essa|aqui|lá|onde|é|são|tem|gostaria|vou|vai|"
           "vamos|foi|ficou",
    "ita": "la farmacia|il mercato|la banca|la posta|la stazione degli autobus|l'ospedale|"
           "la scuola|il comune|l'ambulatorio|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
           "domenica|stamattina|oggi pomeriggio|stasera|la settimana prossima|"
           "il mese scorso|mio marito|mia moglie|mia figlia|mio figlio|mia madre|mio padre|"
           "i bambini|l'affitto|la bolletta|il biglietto|il prezzo|è aperto|è aperta|è chiuso|"
           "vorrei|può|lei sa|non lo so|abbiamo|non c'è|dov'è|quando|quanto tempo|un po'|molto|"
           "certo|nessun problema|subito|a casa|al lavoro|con me|per lei|da|ancora|anche|già|"
           "sempre|mai|perché|ma|che cosa|c'è|ci sono|ho|hai|siamo|sono|il|lo|la|gli|le|del|"
           "della|nel|nella|al|alla|e|o|con|senza|per|apre|chiude|aperto|chiuso",
    "nld": "de apotheek|de markt|de bank|het postkantoor|het busstation|het ziekenhuis|"
           "de school|het gemeentehuis|de huisarts|maandag|dinsdag|woensdag|donderdag|vrijdag|"
           "zaterdag|zondag|vanochtend|vanmiddag|vanavond|volgende week|vorige maand|mijn man|"
           "mijn vrouw|mijn dochter|mijn zoon|mijn moeder|mijn vader|de kinderen|de huur|"
           "de rekening|het kaartje|de prijs|is het open|is het dicht|ik wil graag|kunt u|"
           "weet u|ik weet het niet|we hebben|er is geen|waar is|wanneer|hoe lang|een beetje|"
           "heel veel|natuurlijk|geen probleem|meteen|thuis|op het werk|met mij|voor u|al|nog|"
           "ook|altijd|nooit|omdat|maar|het is|dat is|er zijn|ik heb|jij hebt|wij zijn|de|het|"
           "een|en|of|niet|wel|van|voor|naar|bij",
    "swe": "apoteket|torget|banken|posten|busstationen|sjukhuset|skolan|kommunen|vårdcentralen|"
           "måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|i morse|i eftermiddag|i kväll|"
           "nästa vecka|förra månaden|min man|min fru|min dotter|min son|min mamma|min pappa|"
           "barnen|hyran|räkningen|biljetten|priset|är det öppet|är det stängt|jag skulle vilja|"
           "kan ni|vet du|jag vet inte|vi har|det finns inget|var ligger|när|hur länge|lite|"
           "mycket|självklart|inga problem|genast|hemma|på jobbet|med mig|för dig|redan|"
           "fortfarande|också|alltid|aldrig|eftersom|men|det är|finns det|jag har|du har|vi är|"
           "de är|och|eller|inte|att|som|på|i|till|från",
    "pol": "apteka|targ|bank|poczta|dworzec autobusowy|szpital|szkoła|urząd gminy|przychodnia|"
           "poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela|w niedzielę|dziś rano|"
           "dziś po południu|dziś wieczorem|w przyszłym tygodniu|w zeszłym miesiącu|mój mąż|"
           "moja żona|moja córka|mój syn|moja mama|mój tata|dzieci|czynsz|rachunek|bilet|cena|"
           "czy jest otwarte|jest zamknięte|chciałbym|chciałabym|czy może pan|czy pani wie|"
           "nie wiem|mamy|nie ma|gdzie jest|kiedy|jak długo|trochę|bardzo dużo|oczywiście|"
           "nie ma problemu|od razu|w domu|w pracy|ze mną|dla pana|już|jeszcze|też|zawsze|nigdy|"
           "bo|ale|to jest|czy jest|mam|masz|jesteśmy|są|i|albo|nie|że|w|na|do|z",
    "ces": "lékárna|trh|banka|pošta|autobusové nádraží|nemocnice|škola|obecní úřad|ordinace|"
           "pondělí|úterý|středa|čtvrtek|pátek|sobota|neděle|v neděli|dnes ráno|dnes odpoledne|"
           "dnes večer|příští týden|minulý měsíc|můj manžel|moje žena|moje dcera|můj syn|"
           "moje máma|můj táta|děti|nájem|účet|jízdenka|cena|je otevřeno|je zavřeno|chtěl bych|"
           "chtěla bych|můžete|víte|nevím|máme|není|kde je|kdy|jak dlouho|trochu|hodně|"
           "samozřejmě|žádný problém|hned|doma|v práci|se mnou|pro vás|už|ještě|taky|vždycky|"
           "nikdy|protože|ale|to je|je tam|mám|máš|jsme|jsou|a|nebo|ne|že|v|na|do|z",
    "hun": "gyógyszertár|patika|piac|bank|posta|buszpályaudvar|kórház|iskola|"
           "polgármesteri hivatal|rendelő|hétfő|kedd|szerda|csütörtök|péntek|szombat|vasárnap|"
           "ma reggel|ma délután|ma este|jövő héten|múlt hónapban|a férjem|a feleségem|a lányom|"
           "a fiam|anyukám|apukám|a gyerekek|a lakbér|a számla|a jegy|az ár|nyitva van|"
           "zárva van|szeretnék|tudna|tudja|nem tudom|van nekünk|nincs|hol van|mikor|"
           "mennyi ideig|egy kicsit|nagyon sok|persze|semmi gond|azonnal|otthon|a munkahelyen|"
           "velem|önnek|már|még|is|mindig|soha|mert|de|ez|az|van|vannak|nekem van|neked van|és|"
           "vagy|nem|hogy",
    "ron": "farmacia|piața|banca|poșta|autogara|spitalul|școala|primăria|dispensarul|luni|marți|"
           "miercuri|joi|vineri|sâmbătă|duminică|duminica|azi dimineață|azi după-amiază|diseară|"
           "săptămâna viitoare|luna trecută|soțul meu|soția mea|fiica mea|fiul meu|mama mea|"
           "tatăl meu|copiii|chiria|factura|biletul|prețul|este deschis|este închis|aș vrea|"
           "puteți|știți|nu știu|avem|nu este|unde este|când|cât timp|puțin|foarte mult|sigur|"
           "nicio problemă|imediat|acasă|la serviciu|cu mine|pentru dumneavoastră|deja|încă|și|"
           "mereu|niciodată|pentru că|dar|este|sunt|am|ai|suntem|sau|nu|că|în|la|de|cu",
    "tur": "eczane|pazar yeri|banka|postane|otogar|hastane|okul|belediye|sağlık ocağı|pazartesi|"
           "salı|çarşamba|perşembe|cuma|cumartesi|pazar|pazar günü|bu sabah|bu öğleden sonra|"
           "bu akşam|gelecek hafta|geçen ay|kocam|eşim|kızım|oğlum|annem|babam|çocuklar|kira|"
           "fatura|bilet|fiyat|açık mı|kapalı|istiyorum|yapabilir misiniz|biliyor musunuz|"
           "bilmiyorum|bizim var|yok|nerede|ne zaman|ne kadar sürer|biraz|çok|tabii|sorun yok|"
           "hemen|evde|işte|benimle|sizin için|zaten|hâlâ|de|her zaman|asla|çünkü|ama|bu|şu|var|"
           "benim|senin|ve|veya|değil|için|ile|mı|mi",
    "tgl": "botika|parmasya|palengke|bangko|post office|terminal ng bus|ospital|paaralan|"
           "munisipyo|health center|Lunes|Martes|Miyerkules|Huwebes|Biyernes|Sabado|Linggo|"
           "kaninang umaga|mamayang hapon|mamayang gabi|sa susunod na linggo|noong isang buwan|"
           "asawa ko|anak kong babae|anak kong lalaki|nanay ko|tatay ko|mga bata|upa|bayarin|"
           "tiket|presyo|bukas ba|sarado na|gusto ko|puwede po ba|alam mo ba|hindi ko alam|"
           "mayroon kami|wala|nasaan|kailan|gaano katagal|kaunti|marami|siyempre|"
           "walang problema|ngayon din|sa bahay|sa trabaho|kasama ko|para sa inyo|na|pa|din|"
           "palagi|hindi kailanman|kasi|pero|ito|iyan|may|ako|ikaw|tayo|sila|at|o|hindi|ang|ng|"
           "sa|mga|ba|po|naman|lang",
    "swh": "duka la dawa|sokoni|benki|posta|stendi ya basi|hospitali|shule|ofisi ya kata|"
           "zahanati|Jumatatu|Jumanne|Jumatano|Alhamisi|Ijumaa|Jumamosi|Jumapili|asubuhi hii|"
           "mchana huu|jioni hii|wiki ijayo|mwezi uliopita|mume wangu|mke wangu|binti yangu|"
           "mwanangu|mama yangu|baba yangu|watoto|kodi ya nyumba|bili|tiketi|bei|liko wazi|"
           "limefungwa|ningependa|unaweza|unajua|sijui|tuna|hakuna|iko wapi|lini|kwa muda gani|"
           "kidogo|sana|bila shaka|hakuna shida|sasa hivi|nyumbani|kazini|pamoja nami|"
           "kwa ajili yako|tayari|bado|pia|kila mara|kamwe|kwa sababu|lakini|hii|hiyo|kuna|nina|"
           "una|sisi|wao|na|au|si|ya|wa|za|kwa|katika",
    "vie": "nhà thuốc|chợ|ngân hàng|bưu điện|bến xe|bệnh viện|trường học|ủy ban phường|"
           "trạm y tế|thứ Hai|thứ Ba|thứ Tư|thứ Năm|thứ Sáu|thứ Bảy|Chủ nhật|sáng nay|chiều nay|"
           "tối nay|tuần sau|tháng trước|chồng tôi|vợ tôi|con gái tôi|con trai tôi|mẹ tôi|"
           "bố tôi|các cháu|tiền nhà|hóa đơn|vé|giá|có mở cửa không|đóng cửa rồi|tôi muốn|"
           "anh có thể|chị có biết|tôi không biết|chúng tôi có|không có|ở đâu|khi nào|bao lâu|"
           "một chút|rất nhiều|tất nhiên|không sao|ngay bây giờ|ở nhà|ở chỗ làm|với tôi|cho anh|"
           "đã|vẫn|cũng|luôn luôn|không bao giờ|vì|nhưng|đây là|đó là|có|và|hoặc|không|của|ở|"
           "cho|với",
    "rus": "аптека|рынок|банк|почта|автовокзал|больница|поликлиника|школа|администрация|"
           "понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|в воскресенье|"
           "сегодня утром|сегодня днём|сегодня вечером|на следующей неделе|в прошлом месяце|"
           "мой муж|моя жена|моя дочь|мой сын|моя мама|мой папа|дети|квартплата|счёт|билет|цена|"
           "открыто|закрыто|я хотел бы|я хотела бы|вы можете|вы не знаете|не знаю|у нас есть|"
           "нет|где находится|когда|сколько времени|немного|очень много|конечно|без проблем|"
           "прямо сейчас|дома|на работе|со мной|для вас|уже|ещё|тоже|всегда|никогда|потому что|"
           "но|это|есть|у меня|у тебя|мы|они|и|или|не|что|в|на|с|к|по|за|из",
    "ukr": "аптека|ринок|банк|пошта|автовокзал|лікарня|поліклініка|школа|сільрада|понеділок|"
           "вівторок|середа|четвер|пʼятниця|субота|неділя|у неділю|сьогодні вранці|"
           "сьогодні вдень|сьогодні ввечері|наступного тижня|минулого місяця|мій чоловік|"
           "моя дружина|моя донька|мій син|моя мама|мій тато|діти|квартплата|рахунок|квиток|"
           "ціна|відчинено|зачинено|я хотів би|я хотіла б|ви можете|ви не знаєте|не знаю|"
           "у нас є|немає|де знаходиться|коли|скільки часу|трохи|дуже багато|звичайно|"
           "без проблем|просто зараз|вдома|на роботі|зі мною|для вас|вже|ще|теж|також|завжди|"
           "ніколи|тому що|бо|але|це|є|у мене|у тебе|ми|вони|і|та|або|не|що|в|у|на|з|до|по|за|"
           "від",
    "arb": "الصيدلية|السوق|البنك|مكتب البريد|محطة الحافلات|المستشفى|المدرسة|البلدية|"
           "المركز الصحي|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد|يوم الأحد|"
           "هذا الصباح|بعد الظهر|هذا المساء|الأسبوع القادم|الشهر الماضي|زوجي|زوجتي|ابنتي|ابني|"
           "أمي|أبي|الأطفال|الإيجار|الفاتورة|التذكرة|السعر|هل هو مفتوح|مغلق|أريد|أود أن|"
           "هل يمكنك|هل تعرف|لا أعرف|عندنا|لا يوجد|أين|متى|كم من الوقت|قليلا|كثيرا|طبعا|"
           "لا مشكلة|الآن|في البيت|في العمل|معي|لك|من|إلى|في|على|عن|مع|هذا|هذه|ذلك|هناك|لأن|لكن|"
           "و|أو|لم|لن|ليس|قد|كان|يكون|نحن|هم|أنا|أنت",
    "pes": "داروخانه|بازار|بانک|اداره پست|ترمینال اتوبوس|بیمارستان|مدرسه|شهرداری|درمانگاه|شنبه|"
           "یکشنبه|دوشنبه|سه‌شنبه|چهارشنبه|پنجشنبه|جمعه|امروز صبح|امروز بعدازظهر|امشب|هفته بعد|"
           "ماه گذشته|شوهرم|همسرم|دخترم|پسرم|مادرم|پدرم|بچه‌ها|اجاره|قبض|بلیت|قیمت|باز است|"
           "بسته است|می‌خواهم|می‌خواستم|می‌توانید|می‌دانید|نمی‌دانم|ما داریم|نیست|کجاست|کی|"
           "چقدر طول می‌کشد|کمی|خیلی|البته|مشکلی نیست|همین الان|در خانه|سر کار|با من|برای شما|"
           "هنوز|هم|همیشه|هرگز|چون|اما|ولی|این|آن|است|هست|هستند|دارم|داری|ما|آنها|و|یا|نه|که|از|"
           "به|در|با|را|برای",
    "urd": "دوا خانہ|بازار|بینک|ڈاک خانہ|بس اڈا|ہسپتال|اسکول|بلدیہ|ڈسپنسری|پیر|منگل|بدھ|جمعرات|"
           "جمعہ|ہفتہ|اتوار|اتوار کو|آج صبح|آج دوپہر|آج شام|اگلے ہفتے|پچھلے مہینے|میرے شوہر|"
           "میری بیوی|میری بیٹی|میرا بیٹا|میری امی|میرے ابو|بچے|کرایہ|بل|ٹکٹ|قیمت|کھلا ہے|"
           "بند ہے|میں چاہتا ہوں|میں چاہتی ہوں|کیا آپ|کیا آپ جانتے ہیں|مجھے نہیں پتا|ہمارے پاس|"
           "نہیں ہے|کہاں ہے|کب|کتنی دیر|تھوڑا سا|بہت زیادہ|ضرور|کوئی بات نہیں|ابھی|گھر پر|"
           "کام پر|میرے ساتھ|آپ کے لیے|پہلے ہی|ابھی تک|بھی|ہمیشہ|کبھی نہیں|کیونکہ|لیکن|مگر|یہ|"
           "وہ|ہے|ہیں|تھا|میرے پاس|ہم|اور|یا|نہیں|کہ|کا|کی|کے|میں|سے|کو|پر",
    "hin": "दवाखाना|दवा की दुकान|बाज़ार|बैंक|डाकघर|बस अड्डा|अस्पताल|स्कूल|नगर पालिका|सोमवार|"
           "मंगलवार|बुधवार|गुरुवार|शुक्रवार|शनिवार|रविवार|रविवार को|आज सुबह|आज दोपहर|आज शाम|"
           "अगले हफ़्ते|पिछले महीने|मेरे पति|मेरी पत्नी|मेरी बेटी|मेरा बेटा|मेरी माँ|"
           "मेरे पिताजी|बच्चे|किराया|बिल|टिकट|दाम|खुला है|बंद है|मैं चाहता हूँ|मैं चाहती हूँ|"
           "क्या आप|क्या आपको पता है|मुझे नहीं पता|हमारे पास|नहीं है|कहाँ है|कब|कितनी देर|थोड़ा|"
           "बहुत ज़्यादा|ज़रूर|कोई बात नहीं|अभी|घर पर|काम पर|मेरे साथ|आपके लिए|पहले से|अभी तक|"
           "भी|हमेशा|कभी नहीं|क्योंकि|लेकिन|पर|यह|वह|है|हैं|था|मेरे पास|हम|वे|और|या|नहीं|कि|का|"
           "की|के|में|से|को",
    "mar": "औषधाचे दुकान|बाजार|बँक|पोस्ट ऑफिस|बस स्थानक|रुग्णालय|दवाखाना|शाळा|ग्रामपंचायत|"
           "सोमवार|मंगळवार|बुधवार|गुरुवार|शुक्रवार|शनिवार|रविवार|रविवारी|आज सकाळी|आज दुपारी|"
           "आज संध्याकाळी|पुढच्या आठवड्यात|मागच्या महिन्यात|माझे पती|माझी बायको|माझी मुलगी|"
           "माझा मुलगा|माझी आई|माझे बाबा|मुले|भाडे|बिल|तिकीट|किंमत|उघडे आहे|बंद आहे|मला हवे आहे|"
           "तुम्ही करू शकता का|तुम्हाला माहीत आहे का|मला माहीत नाही|आमच्याकडे आहे|नाही|कुठे आहे|"
           "केव्हा|किती वेळ|थोडे|खूप|नक्की|काही हरकत नाही|आत्ता|घरी|कामावर|माझ्याबरोबर|"
           "तुमच्यासाठी|आधीच|अजून|पण|सुद्धा|नेहमी|कधीच नाही|कारण|हे|ते|आहे|आहेत|होते|आम्ही|"
           "ते लोक|आणि|किंवा|नाही|की|चा|ची|चे|मध्ये|ला|ने|पासून",
    "npi": "औषधि पसल|बजार|बैंक|हुलाक|बसपार्क|अस्पताल|स्वास्थ्य चौकी|विद्यालय|नगरपालिका|सोमबार|"
           "मङ्गलबार|बुधबार|बिहीबार|शुक्रबार|शनिबार|आइतबार|आइतबार|आज बिहान|आज दिउँसो|आज बेलुका|"
           "अर्को हप्ता|गएको महिना|मेरो श्रीमान्|मेरी श्रीमती|मेरी छोरी|मेरो छोरा|मेरी आमा|"
           "मेरो बुबा|केटाकेटी|भाडा|बिल|टिकट|मूल्य|खुला छ|बन्द छ|मलाई चाहियो|तपाईं सक्नुहुन्छ|"
           "तपाईंलाई थाहा छ|मलाई थाहा छैन|हामीसँग छ|छैन|कहाँ छ|कहिले|कति समय|अलिकति|धेरै|अवश्य|"
           "केही छैन|अहिले नै|घरमा|काममा|मसँग|तपाईंको लागि|पहिले नै|अझै|पनि|सधैं|कहिल्यै|किनभने|"
           "तर|यो|त्यो|छ|छन्|थियो|हामी|उनीहरू|र|वा|होइन|भने|को|का|की|मा|बाट|लाई|ले|"
           # What Nepali writes and Hindi does not: -को/-मा/-लाई joined to the noun, the verb
           # in -छ/-छु/-छौं, कति for "how much".
           "कार्यालयको|बसपार्कमा|अस्पतालमा|अस्पतालको|बैंकको|विद्यालयको|गाउँमा|पानीको|"
           "बिजुलीको|बत्तीको|डाक्टरलाई|छोरीलाई|हामीलाई|उहाँलाई|फोन नम्बर|कति बजे|कति दिन|"
           "कति पैसा|कति रुपैयाँ|आउँछ|जान्छ|खुल्छ|लाग्छ|पर्छ|गर्नुहोस्|गर्छु|गर्छौं|भयो|"
           "गएको छ|सकिन्छ|पाइन्छ|हो कि|होला|छ कि छैन|छौं|छु|रहेछ|दिनुहोस्|भन्नुहोस्|चाहन्छु|"
           "आउने|भेट्न|किन्न|तिर्न|पठाउनुहोस्|छुट्छ|कुन दिन|कुन बस|के गर्ने|उसको|आजको|"
           "भोलिको|बिरामी छ|खोल्ने|बुझाउने|किसानलाई|मलखाद|बीउ|मकैको|गहुँको|दाम कति छ|केजीको",
    "ben": "ওষুধের দোকান|বাজার|ব্যাংক|ডাকঘর|বাসস্ট্যান্ড|হাসপাতাল|স্কুল|পৌরসভা|স্বাস্থ্যকেন্দ্র|"
           "সোমবার|মঙ্গলবার|বুধবার|বৃহস্পতিবার|শুক্রবার|শনিবার|রবিবার|রবিবারে|আজ সকালে|"
           "আজ দুপুরে|আজ সন্ধ্যায়|আগামী সপ্তাহে|গত মাসে|আমার স্বামী|আমার স্ত্রী|আমার মেয়ে|"
           "আমার ছেলে|আমার মা|আমার বাবা|বাচ্চারা|ভাড়া|বিল|টিকিট|দাম|খোলা আছে|বন্ধ আছে|আমি চাই|"
           "আপনি কি পারবেন|আপনি কি জানেন|আমি জানি না|আমাদের আছে|নেই|কোথায়|কখন|কতক্ষণ|একটু|অনেক|"
           "অবশ্যই|কোনো সমস্যা নেই|এখনই|বাড়িতে|কাজে|আমার সঙ্গে|আপনার জন্য|আগেই|এখনও|ও|সবসময়|"
           "কখনও না|কারণ|কিন্তু|এটা|ওটা|আছে|ছিল|আমরা|তারা|এবং|আর|বা|না|যে|এর|তে|থেকে|কে",
    "cmn": "药店|市场|菜市场|银行|邮局|汽车站|医院|学校|居委会|诊所|星期二|星期三|星期四|星期五|星期六|星期天|周末|今天早上|今天下午|今天晚上|下个星期|上个月|"
           "我丈夫|我老公|我妻子|我老婆|我女儿|我儿子|我妈妈|我爸爸|孩子们|房租|账单|车票|价格|开门吗|关门了|我想|您能|你知道吗|我不知道|我们有|没有|在哪儿|"
           "在哪里|什么时候|多长时间|一点儿|很多|当然|没关系|马上|在家|上班|跟我|给你|已经|还|也|总是|从来不|因为|但是|这是|那个|有|我有|你有|我们|他们|"
           "和|或者|不|的|了|在|吗|呢|吧",
    "yue": "藥房|街市|銀行|郵局|巴士站|醫院|學校|診所|禮拜二|禮拜三|禮拜四|禮拜五|禮拜六|禮拜日|今朝|今日下晝|今晚|下個禮拜|上個月|我老公|我老婆|我個女|"
           "我個仔|我阿媽|我阿爸|啲細路|租金|單|車飛|價錢|開唔開門|閂咗門|我想|你可唔可以|你知唔知|我唔知|我哋有|冇|喺邊度|幾時|要幾耐|少少|好多|梗係|唔緊要|"
           "而家|喺屋企|返工|同我|畀你|已經|仲|都|成日|從來唔|因為|不過|呢個|嗰個|有|你哋|佢哋|同|或者|唔|嘅|咗|喺|嗎|呀|啦|喎|㗎|囉|"
           "聽日|琴日|蚊|喺度|緊|點算|乜嘢|搭|小巴|港鐵|落雨|好熱|好凍|阿嫲|阿爺|返學|放學|功課|攞藥|過數|轉數快|八達通|平|貴|俾|啲",
    # Kinyarwanda: the everyday words whose spelling differs from Kirundi's (cy-, by-, ry-
    # forms; `cyangwa`, `ntabwo`), so short lines are not answered Kirundi.
    "kin": "icyo|ibyo|cyangwa|cyane|ubu|ntabwo|ndashaka|nyamuneka|imodoka|bisi|abana|umubyeyi|"
           "ababyeyi|inama|ifumbire|inka|ihene|imvura|izuba|umurima|imbuto|amaraso|nyogokuru|"
           "sogokuru|kohereza|kwishyura|telefoni|ku wa kabiri|ku wa gatatu|ku wa kane|"
           "ku wa gatanu|ku wa gatandatu|ku cyumweru|nyuma ya|mbere ya|saa|ijoro|mu gitondo|"
           "nimugoroba|umudugudu|akarere|umwarimu|abanyeshuri|ikigo nderabuzima|ibitaro|"
           "ryari|nibagiwe|ndashobora|sinshobora|turabonana|murakoze",
    # Malay and Indonesian: mostly the words in which everyday use differs (a few common to both,
    # such as `dibuka`, `ditutup`, `bisa`, `boleh`, are in both lists); the shared function words
    # are in both UDHR tables already, and drawn for both they moved lines either way.
    "zlm": "tak|takde|tak ada|tak boleh|boleh tak|nak|mahu|macam mana|kat mana|kat sini|esok|"
           "lusa|kelmarin|pagi tadi|petang ini|minggu hadapan|bulan lepas|Isnin|Khamis|"
           "Jumaat|hari Ahad|Ahad|farmasi|kedai ubat|klinik kesihatan|pejabat pos|pasar raya|"
           "balai polis|stesen bas|pejabat|ubat|doktor|jururawat|temujanji|kad pengenalan|"
           "bil elektrik|bil air|sewa rumah|duit|ringgit|percuma|kereta|teksi|telefon bimbit|"
           "isteri saya|anak perempuan saya|anak lelaki saya|emak|budak-budak|demam panas|"
           "sila|encik|cik|puan|sahaja|sikit|dah|awak|korang|kot|baiklah|okey|kena|patut|"
           "sebab|kerana|bila|boleh|dibuka|ditutup|balik|"
           "hari ni|kat|lepas|bas|akaun|bayar balik|budak|kampung|tunggu|lebat|kesihatan|"
           "log masuk|kata laluan|mesyuarat|cikgu|guru besar|baja|padi|kebun|lembu|kambing|hujan|"
           "panas|mak|ayah|atuk|pakcik|makcik|pukul|jam|pindahkan|hantar|bank in|sekolah rendah|"
           "tingkatan|yuran|cuti|tengah hari|malam ni|pagi esok",
    "ind": "nggak|gak|enggak|ngga|tidak bisa|bisa nggak|mau|gimana|kapan|besok|kemarin|"
           "tadi pagi|nanti sore|nanti malam|bulan lalu|Senin|Kamis|Jumat|hari Minggu|apotek|"
           "toko obat|puskesmas|rumah sakit|kantor pos|kantor polisi|terminal bus|kantor|obat|"
           "dokter|perawat|janji temu|KTP|tagihan listrik|tagihan air|PDAM|token listrik|"
           "kontrakan|uang|rupiah|ribu|gratis|mobil|ojek|angkot|HP|istri saya|"
           "anak perempuan saya|anak laki-laki saya|bapak|pak|bu|mas|mbak|demam tinggi|"
           "silakan|aja|dikit|udah|kamu|dong|sih|kok|deh|banget|bilang|soalnya|karena|bisa|"
           "dibuka|ditutup|pulang|"
           "nunggu|habis|bis|rekening|transfer|uangnya|desa|sapi|kambing|pupuk|sawah|padi|"
           "hujan deras|cuaca|guru|murid|ortu|orang tua|bapak|ibu|kakek|nenek|jam|malam ini|"
           "gak bisa|ntar|jagung|kebun|ladang|ongkos|kirim|ditransfer|pulsa|jemput|berangkat|"
           "kereta|stasiun|jadwal|diundur|rapat|SPP|libur|siang ini|besok pagi",
    # Xhosa and Zulu: the first-person forms (ndi- / ngi-) and the words that differ.
    "xho": "ndicela|ndifuna|ndingakwazi|ndiyabulela|ndilahlekelwe|ndiyagula|ndihlala|ndiza|"
           "ndiya|ndingathanda|ndinayo|andinayo|ndiyakucela|ngoku|apha|phi|ntoni|njani|"
           "kwakhona|ngeCawa|ngoMgqibelo|ngoLwesihlanu|ngoLwesine|ngoLwesithathu|"
           "ngoLwesibini|kwiveki ezayo|inyanga ephelileyo|emva kwemini|ngokuhlwa|phezolo|"
           "ugqirha|ikhemesti|ivenkile|ibhanki|iposi|isibhedlele|isazisi|idinga|umyeni wam|"
           "umfazi wam|intombi yam|unyana wam|utata|abantwana|irenti|ityala|itikiti|ixabiso|"
           "ivuliwe|ivaliwe|ungakwazi|uyazi|andazi|kangakanani|kancinci|akukho ngxaki|"
           "ngoku nje|ekhaya|emsebenzini|nam|kuwe|kuba|kodwa|kwaye|okanye|"
           "abantwana|isikolo|ibhasi|namhlanje|kakhulu|umakhulu|utatomkhulu|kusasa ekuseni|"
           "ebusuku|iinkomo|iibhokhwe|isichumisi|imvula|ilanga|ukungena|ndilibele|ndithumelele|"
           "ndiza kubuyisa|intlanganiso|abazali|utitshala|imoto|iteksi|elalini|ifama|intsimi|"
           "imbewu|ikhona|ayikho|andikwazi|ndiza kufika|usuku|iyure",
    "zul": "ngicela|ngifuna|ngingakwazi|ngiyabonga|ngilahlekelwe|ngiyagula|ngihlala|ngiza|"
           "ngiya|ngingathanda|nginayo|anginayo|ngiyakucela|manje|lapha|kuphi|yini|kanjani|"
           "futhi|ngeSonto|ngoMgqibelo|ngoLwesihlanu|ngoLwesine|ngoLwesithathu|"
           "ngoLwesibili|evikini elizayo|ngenyanga edlule|ntambama|kusihlwa|izolo ebusuku|"
           "udokotela|ikhemisi|isitolo|ibhange|iposi|isibhedlela|umtholampilo|umazisi|"
           "isikhathi|umyeni wami|unkosikazi wami|indodakazi yami|indodana yami|ubaba|"
           "izingane|irenti|isikweletu|ithikithi|intengo|kuvuliwe|kuvaliwe|ungakwazi|uyazi|"
           "angazi|kancane|ngiyaxolisa|akunankinga|khona manje|ekhaya|emsebenzini|nami|"
           "kuwe|ngoba|kodwa|noma|"
           "izingane|isikole|ibhasi|namuhla|kakhulu|ugogo|umkhulu|ekuseni|ebusuku|izinkomo|"
           "izimbuzi|umanyolo|imvula|ilanga|ukungena|ngikhohliwe|ngithumelele|ngizokubuyisela|"
           "umhlangano|abazali|uthisha|imoto|itekisi|emakhaya|ipulazi|insimu|imbewu|likhona|"
           "alikho|asikho|angikwazi|ngizofika|usuku|ihora",
}


# The same for text typed in Latin letters where the language's own script is something else:
# romanized Hindustani (Hindi, and Urdu with its own greetings and words), Bengali, Tamil,
# Telugu, Marathi, Nepali, Gujarati, Punjabi, Malayalam, Kannada, Mandarin pinyin without tone
# marks. extra_text.py gives them a profile of their own (`code/rom`): in the `code/ui` table
# they would be a few per cent of the letters and lose every entry to the native script's n-grams.
ROMANIZED = {
    "hin": "namaste|namaskar|aap kaise hain|kaise ho|kya haal hai|sab theek hai|main theek hoon|"
           "dhanyavaad|shukriya|bahut shukriya|kal milte hain|phir milenge|please|maaf kijiye|"
           "pani nahi hai|pani nahi aa raha|bijli nahi hai|light chali gayi|kitne ka hai|"
           "kitna hua|ek kilo chawal|mujhe phone karo|mujhe call karna|mujhe doctor chahiye|"
           "doctor ke paas jana hai|somvar ko appointment|kya aap meri madad kar sakte hain|"
           "haan|nahi|theek hai|accha|aaj|kal|parson|bhai|didi|ji|yaar|mera|meri|mujhe|"
           "hamare ghar|kab tak|kyun|kya|hai|hain|tha|raha hai|kar do|bata do|"
           "paise|rupaye|bhejo|bhej do|wapas|bus|gaadi|train|station|kitne baje|raat|subah|shaam|"
           "dopahar|baje|ke baad|se pehle|ke liye|koi|barish|garmi|thand|mausam|khet|fasal|beej|"
           "khad|gaay|bhains|dawa|dawai|aspatal|bukhar|school|bachche|padhai|maa|papa|dadi|nani|"
           "bhaiya|mangalvar|budhvar|guruvar|shukravar|shanivar|ravivar|ho gaya|nahi ho raha|"
           "bhool gaya|mil gaya|de do|le lo|chahiye|karna hai|jana hai|aa raha hai|bahut|thoda|"
           "abhi|jaldi|yahan|wahan|kuch|sab",
    "ben": "nomoskar|kemon acho|kemon achen|bhalo achi|dhonnobad|onek dhonnobad|"
           "kal dekha hobe|abar dekha hobe|doya kore|sorry|jol nei|pani nei|current nei|"
           "koto dam|ek kilo chal|amake phone koro|amar daktar dorkar|daktar dekhate chai|"
           "shombar|amake sahajjo korben|ha|na|thik ache|aaj|kal|ami|tumi|apni|amar|"
           "ki|keno|kothay|korbo|jabo|asbo|asben|jacchi|asche|thakbo|thakben|hobe|hoyeche|"
           "korchi|korte hobe|bolben|bolo|din|dao|niye|ekhon|kobe|kokhon|ache|nei|bari|barite|"
           "theke|kal theke|apnar|amader|tomar|ora|koto taka|dokan|oshudh|jor|chele|meye|"
           "shokal|bikel|raat|robibar|shukrobar|bill kothay dibo|ki korbo|bujhlam|"
           "taka pathao|pathabo|pathiye dao|ferot|bus|gari|train|station|kotay|raat|shokale|"
           "bikele|dupure|tar pore|age|jonno|brishti|gorom|thanda|khet|dhan|bij|sar|goru|chagol|"
           "hashpatal|school|bachcha|porashona|ma|baba|dadi|nani|didi|dada|mongolbar|budhbar|"
           "brihoshpotibar|shonibar|lagbe|dorkar|hoye geche|hocche na|bhule gechi|peyechi|"
           "dite hobe|jete hobe|khub|onek|ektu|ekhane|okhane|keu|kichu|shob",
    "tam": "vanakkam|eppadi irukeenga|eppadi irukka|nalla irukken|nalama|nandri|"
           "romba nandri|naalai paakalam|thayavu seithu|mannikkavum|thanni illa|"
           "current illa|enna vilai|evvalavu|oru kilo arisi|enakku phone pannunga|"
           "doctor paakanum|thingal kizhamai|udhavi seiya mudiyuma|aamaa|illa|sari|"
           "inniki|naalaikku|naan|neenga|enakku|romba|enna|yen|enga|"
           "panam|kaasu|rubai|anuppu|anuppunga|bus|vandi|train|station|ethana mani|raathiri|"
           "kaalaila|saayangaalam|madhiyam|apram|munnadi|kaga|mazhai|veyil|kulir|vayal|payir|"
           "vithai|uram|maadu|aadu|marundhu|hospital|kaaichal|school|pasanga|ponnu|amma|appa|"
           "paati|thatha|sevvai|budhan|vyazhan|velli|sani|gnayiru|venum|aachu|aagala|maranthuten|"
           "vandhuchu|kudunga|edunga|pannanum|poganum|varuthu|neraya|konjam|seekiram|inga|anga|"
           "yaaru|edhavadhu|ellam",
    "tel": "namaskaram|bagunnara|ela unnaru|ela unnavu|nenu bagunnanu|dhanyavadalu|"
           "chala thanks|repu kaluddam|dayachesi|kshaminchandi|neellu levu|current ledu|"
           "entha|dhara entha|oka kilo biyyam|naku phone cheyandi|doctor kavali|"
           "somavaram|sahayam chestara|avunu|kaadu|sare|ivala|repu|nenu|meeru|naaku|"
           "enti|enduku|ekkada|"
           "dabbulu|rupayalu|pampu|pampandi|bus|bandi|train|station|enni gantalaki|raatri|udayam|"
           "saayantram|madhyaahnam|tarvata|mundu|kosam|vaana|enda|chali|polam|panta|vittanalu|"
           "eruvu|aavu|gedde|mandu|hospital|jwaram|school|pillalu|abbayi|ammayi|amma|nanna|"
           "nanamma|taatayya|mangalavaram|budhavaram|guruvaram|sukravaram|sanivaram|aadivaram|"
           "kaavali|aipoyindi|avvatledu|marchipoya|vachindi|ivvandi|teesukondi|cheyyali|vellali|"
           "vastondi|chaala|konchem|tondaraga|ikkada|akkada|evaru|edaina|anni",
    "mar": "namaskar|kase aahat|kasa aahes|kashi aahes|mi bara aahe|dhanyavad|khup aabhar|"
           "udya bhetu|punha bhetu|krupaya|maaf kara|paani nahi|light nahi|kiti zale|"
           "kiti aahe|ek kilo tandul|mala phone kar|mala doctor pahije|somvari bhet|"
           "mala madat karal ka|ho|nahi|theek aahe|aaj|udya|kaal|mi|tumhi|mala|kay|ka|"
           "kuthe|aahe|aahet|"
           "paise|rupaye|pathav|pathva|bus|gaadi|railway|station|kiti vajta|ratri|sakali|"
           "sandhyakali|dupari|nantar|aadhi|sathi|paus|unhala|thandi|shet|pik|biyane|khat|gay|"
           "mhais|aushadh|davakhana|taap|shala|mula|mulgi|aai|baba|aaji|aajoba|mangalvar|budhvar|"
           "guruvar|shukravar|shanivar|ravivar|pahije|zala|hot nahi|visarlo|milale|dya|ghya|"
           "karaycha aahe|jaycha aahe|yet aahe|khup|thoda|lavkar|ithe|tithe|konti|kahi|sagla",
    "npi": "namaste|namaskar|tapailai kasto cha|sanchai hunuhuncha|ma thik chu|dhanyabad|"
           "dherai dhanyabad|bholi bhetaula|pheri bhetaula|kripaya|maaf garnuhos|pani chaina|"
           "batti chaina|kati parcha|kati ho|ek kilo chamal|malai phone garnuhos|"
           "malai doctor chahiyo|sombar bhet|malai sahayog garnuhuncha|ho|hoina|huncha|"
           "aaja|bholi|hijo|ma|tapai|malai|ke|kina|kaha|cha|chaina|"
           "paisa|rupiya|pathaunu|pathaidinus|bus|gaadi|bato|kati baje|raati|bihana|beluka|diuso|"
           "pachhi|agadi|lagi|pani parchha|garmi|jado|khet|bali|biu|mal|gai|bhaisi|aushadhi|"
           "aspatal|jworo|school|bachha|chhora|chhori|aama|buwa|hajuraama|hajurbuwa|mangalbar|"
           "budhbar|bihibar|sukrabar|sanibar|aaitabar|chahinchha|bhayo|bhaena|birsen|aayo|dinus|"
           "linus|garnu chha|janu chha|aaudai chha|dherai|alikati|chhito|yaha|tyaha|kun|kehi|"
           "sabai",
    "urd": "assalam o alaikum|assalam alaikum|walaikum assalam|aap kaise hain|kya haal hai|"
           "main theek hoon|shukriya|bohat shukriya|meharbani|meherbani farma kar|khuda hafiz|"
           "allah hafiz|janab|ji haan|ji nahi|bilkul|zaroor|inshallah|mashallah|masla|"
           "waqt|intezar|mulaqat|dawai|tabiyat kharab hai|bukhar hai|paani nahi aa raha|"
           "bijli nahi hai|light gayi hui hai|kitne ka hai|kitne paise|ek kilo chawal|"
           "mujhe call karein|mujhe doctor se milna hai|peer ko|kal|parson|aaj|aap|hum|"
           "mujhe|mera|hamara|kya|kyun|kahan|kab|hai|hain|tha|karein|dijiye|bataiye|"
           "paise|rupay|bhej dein|wapas|gaari|bus|raat|subah|shaam|baje|ke baad|pehle|ke liye|"
           "barish|mausam|garmi|sardi|khet|fasal|beej|khaad|gaaye|bhains|haspatal|bukhar|school|"
           "bachay|ammi|abbu|dadi|nani|itwar|mangal|budh|jumeraat|jumma|hafta|hafte|zaroorat|"
           "chahiye|ho gaya|nahi ho raha|zyada|thora|abhi|jaldi|yahan|wahan|koi|kuch|sab",
    "guj": "kem cho|majama|saru che|aabhar|dhanyavad|avjo|kale maliye|paani nathi|"
           "light nathi|ketla nu che|ketla rupiya|ek kilo chokha|mane phone karjo|"
           "mare doctor ne malvu che|somvare|madad karsho|ha|na|barabar|aaje|kale|hu|tame|"
           "mane|maru|tamaru|shu|kem|kya|che|nathi|hatu|bhai|ben|jaldi|kyare|"
           "paisa|rupiya|moklo|mokli dejo|bus|gaadi|station|ketla vage|raate|savare|saanje|"
           "bapore|pachi|pehla|mate|varsad|garmi|thandi|khetar|paak|biyaran|khatar|gaay|bhens|"
           "dava|davakhanu|taav|nishal|school|chhokra|chhokri|baa|bapuji|dada|mangalvare|"
           "budhvare|guruvare|shukravare|shanivare|ravivare|joie che|thai gayu|nathi thatu|"
           "bhuli gayo|mali gaya|aapo|karvanu che|javanu che|aave che|bahu|thodu|ahiya|tya|koi|"
           "kai|badha",
    "pan": "sat sri akal|ki haal aa|tusi kiddan ho|main theek haan|changa|bahut dhanwad|"
           "kal milange|rab rakha|kirpa karke|maaf karna|paani nahi aa reha|"
           "bijli gayi hoyi aa|kinne da aa|kinne paise|ik kilo chaul|mainu phone karo|"
           "mainu doctor di lod aa|somvar nu|meri madad karo|haan ji|theek aa|ajj|tusi|"
           "mainu|tuhanu|tuhada|sadda|kyon|kithe|kado|reha|rahe|si|veerji|paaji|bhenji|"
           "changi gal|koi gal nahi|"
           "paise|rupaye|bhej do|bhejo|bus|gaddi|station|kinne vaje|raat|savere|shaami|dupehar|"
           "ton baad|pehlan|layi|meenh|garmi|thand|khet|fasal|beej|khaad|gaan|majh|dawai|"
           "hospital|bukhar|school|bachche|munda|kudi|maa|bapu|bebe|dada|mangalvaar|budhvaar|"
           "veervaar|shukarvaar|shanivaar|aitvaar|chahida|ho gaya|nahi ho reha|bhul gaya|"
           "mil gaye|de do|lai lo|karna hai|jana hai|aa reha|bahut|thoda|chheti|ithe|othe|koi|"
           "kuch|sab",
    "mal": "namaskaram|sukhamano|sugamano|enthokke und visesham|njan sukhamayirikkunnu|nanni|"
           "valare nanni|naale kanam|dayavayi|kshamikkanam|vellam illa|current illa|"
           "ethra aanu|ethra roopa|oru kilo ari|enne vilikku|enikku doctore kananam|"
           "thinkalazhcha|sahayikkamo|athe|alla|sheri|ippol|innu|naale|innale|njan|ningal|"
           "enikku|ente|entha|enthu|evide|eppol|und|illa|chetta|chechi|mole|mone|"
           "paisa|roopa|ayakku|ayachu tharu|bus|vandi|train|station|ethra manikku|raathri|"
           "raavile|vaikunneram|uchakku|kazhinju|munpu|vendi|mazha|veyil|thanuppu|vayal|krishi|"
           "vithu|valam|pashu|aadu|marunnu|aashupathri|pani|school|kuttikal|makan|makal|amma|"
           "achan|ammoomma|appooppan|chovva|budhan|vyazham|velli|shani|njayar|venam|aayi|"
           "aavunnilla|marannu|kitti|tharu|edukku|cheyyanam|pokanam|varunnu|orupadu|kurachu|"
           "vegam|ivide|avide|aaru|enthengilum|ellam",
    "kan": "namaskara|hegiddira|hegiddiya|chennagiddini|dhanyavadagalu|thumba thanks|"
           "nale sigona|dayavittu|kshamisi|neeru illa|current illa|eshtu|bele eshtu|"
           "ondu kilo akki|nanage phone maadi|nanage doctor beku|somavara|"
           "sahaya maadthira|houdu|illa|sari|ivattu|naale|ninne|naanu|neevu|nanage|nanna|"
           "enu|yaake|elli|yavaga|ide|beku|anna|akka|"
           "duddu|rupayi|kalsu|kalisi|bus|gaadi|train|station|eshtu gantege|raatri|beligge|"
           "saayankala|madhyahna|nantara|modalu|kosara|male|bisilu|chali|hola|bele|beeja|gobbara|"
           "hasu|emme|aushadhi|aaspatre|jvara|shaale|makkalu|huduga|hudugi|amma|appa|ajji|ajja|"
           "mangalavara|budhavara|guruvara|shukravara|shanivara|bhanuvara|aaytu|aagtilla|marete|"
           "bantu|kodi|tagoli|maadbeku|hogbeku|bartide|tumba|swalpa|bega|illi|alli|yaaru|enadru|"
           "ella",
    "cmn": "ni hao|nin hao|zao shang hao|wan shang hao|ni hao ma|zui jin zen me yang|"
           "wo hen hao|xie xie|xie xie ni|fei chang gan xie|ming tian jian|zai jian|qing|"
           "bu hao yi si|dui bu qi|ting shui le|mei you shui|ting dian le|duo shao qian|"
           "yi jin da mi|gei wo da dian hua|hui ge dian hua|wo yao kan yi sheng|yu yue|"
           "xing qi yi|neng bang wo ma|shi|bu shi|hao de|mei wen ti|jin tian|ming tian|"
           "zuo tian|chi fan le ma|wo|ni|ta|women|shen me|zen me|wei shen me|zai na li",
}


# Romanized text of two more languages whose own script is not Latin, typed so when the keyboard
# has no Arabic or Persian layout: Arabizi (Egyptian and Levantine everyday words, digits for the
# letters Latin lacks: 3 for ain, 7 for ha) and Finglish; the transliterations of the greetings
# and requests of PHRASES, and function words. Without them such lines answered `und` or a
# Latin-script language. Arabizi also has Modern Standard Arabic words as people transliterate
# them (`kayfa`, `uridu`, `ayna`, `maw3id`), and Finglish and Greeklish the words of a question
# about a bus, a lost card or an opening hour (`harekat mikone`, `gom kardam`, `fevgei`, `exasa`):
# without them `marhaba kayfa haluka` answered Hausa and `pote fevgei to leoforeio` `und`.
ROMANIZED_MORE = {
    "arb": "salam|salam 3alaykom|marhaba|ahlan|ahlan wa sahlan|sabah el kheir|masa el kheir|"
           "keifak|keif halak|ezayak|3amel eh|ana kowayes|ana mnee7|el 7amdulillah|shukran|"
           "shokran gazeelan|ma3a salama|bukra|inshallah|law sama7t|min fadlak|3afwan|asif|"
           "mafi may|mafeesh maya|el kahraba at3et|mafi kahraba|bikam|kam el se3r|kilo ruz|"
           "etassel beya|kallemni|ana 3ayez doctor|mow3ed|youm el etneen|momken tsa3edni|aywa|"
           "na3am|la2|tayeb|mashi|el naharda|embare7|ana|enta|enti|e7na|homma|fein|emta|leh|eih|"
           "shu|wein|keda|kteer|shwaya|ya3ni|7abibi|akhi|ukhti|el sa3a kam|"
           "flous|feloos|ab3at|ba3atli|bas|otobees|3arabeyya|mahatta|bel leil|el sob7|ba3d|abl|"
           "3ashan|matar|7arr|bard|ard|zar3|bzour|samad|ba2ar|ghanam|dawa|mostashfa|sokhoneya|"
           "madrasa|el wlad|mama|baba|teta|gedo|el had|el tanat|el arba3|el khamees|el gom3a|"
           "el sabt|3ayez|5alas|msh shaghal|wesel|edini|khod|lazem|ra7|gay|awi|besor3a|hena|hnak|"
           "7ad|7aga|kol|"
           "kayfa|kayfa haluka|kayfa haluki|jazilan|afwan|uridu|urid|ayna|aqrab|saydaliya|tabib|"
           "maw3id|ma3a|3ala|ila|min|hal|mata|limatha|madha|ghadan|min fadlik|law samaht|ladayya|"
           "laysa|ureed|ayn|hunak|huna|kam si3r|kifak|kifik|hala2|3am|baddi|mish|3indi|"
           "3andi|sa3idni|ittasil bi|ittasili",
    "pes": "salam|salam khoobi|chetori|khoobam|merci|mamnoon|kheili mamnoon|khodahafez|"
           "farda mibinamet|lotfan|bebakhshid|ab nadarim|bargh rafte|chand e|gheymatesh chande|"
           "ye kilo berenj|behem zang bezan|doctor lazem daram|vaght doctor|doshanbe|"
           "komakam mikoni|bale|are|na|bashe|az dirooz|emrooz|farda|man|to|shoma|ma|oona|koja|"
           "key|chera|chi|chetor|kheili|ye kam|alan|khoone|sare kar|mikham|nemidoonam|dare|"
           "nadare|hast|nist|ba|baraye|ke|ham|vali|aziz|jan|agha|khanoom|"
           "pool|toman|befrest|beriz|kart be kart|otoboos|mashin|istgah|saat chand|shab|sobh|asr|"
           "zohr|bad az|ghabl az|baroon|garma|sarma|mazrae|mahsool|bazr|kood|gav|gusfand|daroo|"
           "bimarestan|tab|madrese|bacheha|pesar|dokhtar|maman|baba|madarbozorg|pedarbozorg|"
           "yekshanbe|seshanbe|chaharshanbe|panjshanbe|jome|shanbe|lazem daram|shod|nemishe|"
           "resid|bede|begir|bayad|beram|miad|kami|zood|inja|oonja|kasi|chizi|hame|"
           "otobus|harekat|harekat mikone|mikone|mikonam|mikoni|mire|miram|mirim|kojast|"
           "gom kardam|gom shode|kartam|vaght|nobat|tamas begirid|zang bezanid|daram|nadaram|"
           "mishe|mitoonam|nemitoonam|baz|baste|baz hast|daneshgah|ostad|chand mishe|gerune|"
           "arzoon",
}

ROMANIZED.update(ROMANIZED_MORE)

# Greek, Russian and Ukrainian typed in Latin letters (Greeklish with `x` or `h` for chi, the
# usual Russian and Ukrainian transliterations): greetings, requests and everyday words. Without
# them such lines answered `und`, English, Czech, Bosnian or Slovak.
ROMANIZED_EUROPE = {
    "ell": "geia sou|geia sas|kalimera|kalispera|ti kaneis|ti kanete|kala eimai|efxaristo|"
           "efharisto|efxaristo poly|para poly|ta leme|tha ta poume|avrio|simera|xthes|"
           "parakalo|signomi|den exoume nero|den exoume reuma|den exei reuma|poso kanei|"
           "poso kostizei|ena kilo ryzi|pare me tilefono|thelo giatro|rantevou|deutera|triti|"
           "tetarti|pempti|paraskevi|savvato|kyriaki|nai|oxi|entaxei|ego|esy|emeis|mou|sou|mas|"
           "pou eisai|pote|giati|ti|pos|edo|ekei|leoforeio|treno|stasi|lefta|steile mou|"
           "farmakeio|nosokomeio|pyretos|to paidi|i mitera mou|o pateras mou|giagia|pappous|"
           "sxoleio|vrexei|kanei zesti|kanei krio|xorafi|thelo|mporeis|exo|exeis|einai|den|kai|"
           "alla|tha|na|"
           "pote fevgei|fevgei|feygei|exasa|ekhasa|karta|giatros|giatro|kleiso rantevou|trapeza|"
           "anoixti|anoixto|kleisti|kleisto|kalo apogevma|ton|tis|apo|gia|sto|stin|sti|mia|enas|"
           "ena|pou einai",
    "rus": "privet|zdravstvuyte|dobroe utro|dobryi den|kak dela|normalno|khorosho|spasibo|"
           "bolshoe spasibo|poka|do zavtra|pozhaluysta|izvinite|net vody|net sveta|"
           "skolko stoit|kilogramm risa|pozvoni mne|perezvoni|mne nuzhen vrach|zapis k vrachu|"
           "v ponedelnik|vo vtornik|v sredu|v chetverg|v pyatnitsu|v subbotu|v voskresenye|da|"
           "net|ladno|ya|ty|my|vy|gde|kogda|pochemu|chto|kak|seychas|segodnya|zavtra|vchera|"
           "avtobus|poezd|ostanovka|dengi|rubley|pereved|apteka|bolnitsa|temperatura|rebenok|"
           "mama|papa|babushka|dedushka|shkola|dozhd|zharko|kholodno|ogorod|khochu|mozhesh|est|"
           "nado|ne mogu|zabyl|uzhe|eshche|tolko|ochen",
    "ukr": "pryvit|dobryi den|dobroho ranku|yak spravy|dobre|diakuiu|duzhe diakuiu|buvai|"
           "do zavtra|bud laska|vybachte|nemaie vody|nemaie svitla|skilky koshtuie|"
           "kilohram rysu|podzvony meni|meni potriben likar|zapys do likaria|v ponedilok|"
           "u vivtorok|v seredu|u chetver|u piatnytsiu|v subotu|v nediliu|tak|ni|ya|ty|my|vy|de|"
           "koly|chomu|shcho|yak|zaraz|sohodni|zavtra|vchora|avtobus|potiah|zupynka|hroshi|"
           "hryven|perekaz|apteka|likarnia|temperatura|dytyna|mama|tato|babusia|didus|shkola|"
           "doshch|zharko|kholodno|horod|khochu|mozhesh|ie|treba|ne mozhu|zabuv|vzhe|shche|"
           "tilky|duzhe",
}

ROMANIZED.update(ROMANIZED_EUROPE)

# Amharic, Hebrew, Japanese, Korean, Khmer, Burmese, Thai and Cantonese typed in Latin letters,
# as people write them on a phone without their script's keyboard (the common informal
# spellings, not one standard: `sawasdee`, `mingalaba`, `annyeong`, Cantonese in Hong Kong's
# habits rather than Jyutping's tone digits): greetings, thanks, requests and everyday words of
# money, transport, time, weather, farm, school and family. Without them such lines answered
# some Latin-script language (Wolof, Hausa, Tagalog, German, Lithuanian) or `und`.
ROMANIZED_ASIA = {
    "amh": "selam|selam new|selam naw|tena yistilign|endemin adersh|endemin aderk|endemin neh|"
           "endet neh|endet nesh|endet nachihu|dehna neh|dehna nesh|dehna negn|ameseginalehu|"
           "betam ameseginalehu|egziabher yimesgen|ciao|dehna hun|ishi|awo|aydelem|wuha yelem|"
           "mebrat yelem|mebrat tefa|sint new|waga sint new|and kilo ruz|dewilign|"
           "kilinik|ketero|segno|maksegno|rob|hamus|arb|kidame|ehud|zare|"
           "tilant|ene|ante|anchi|egna|enante|esu|esua|yet|metche|lemin|min|ihe|izih|izia|"
           "bet|temari bet|lij|lijoch|enat|abat|ayat|genzeb|birr|lakilign|autobus|"
           "mekina|sa'at|mata|tiwat|kesat behuala|zinab|muket|bird|inset|erisha|sebil|zer|"
           "madaberia|lam|beg|medhanit|hospital|tekusat|alle|new|neh|nesh|efeligalehu|"
           "alchalkum|tefabign|yasfeligal|yichalal|bicha|tinish|ahun|tolo|wede|gin|ena|"
           "tiru new|chigir yelem|mechem|yijemral|yikefetal|yizegal|mewtat|memtat",
    "heb": "shalom|ma nishma|ma shlomcha|ma shlomech|ma kore|hakol beseder|beseder|tov|toda|"
           "toda raba|lehitraot|layla tov|boker tov|erev tov|sababa|yalla|bevakasha|slicha|ken|"
           "lo|ein mayim|ein chashmal|kama ze ole|kama ole|kilo orez|titkasher elai|"
           "tachzor elai|ani tsarich rofe|ani tsricha rofe|tor|tor larofe|kupat cholim|mirpaa|"
           "beit merkachat|yom rishon|yom sheni|yom shlishi|yom revii|yom chamishi|yom shishi|"
           "shabbat|hayom|etmol|ani|ata|at|anachnu|atem|hu|hi|eifo|matai|lama|ma|eich|kan|sham|"
           "otobus|rakevet|tachana|monit|kesef|shekel|shkalim|shalachti|bank|cheshbon|kartis|"
           "teudat zehut|beit sefer|hayeled|hayalda|ima|aba|savta|saba|geshem|cham|kar|sade|"
           "yevul|para|trufa|chom|avoda|ani rotse|ani rotsa|at yechola|ein|"
           "tsarich|efshar|kvar|od|rak|meod|chodesh|shel|im|yotze|magia|nifgash|tagid li",
    "jpn": "konnichiwa|ohayo|konbanwa|genki desu ka|genki desu|genki|arigatou|arigato|"
           "doumo|sumimasen|mata ashita|ja ne|mata ne|"
           "onegaishimasu|onegai|hai|iie|mizu ga denai|teiden|denki ga nai|ikura desu ka|ikura|"
           "ichi kiro|okome|denwa shite|denwa kudasai|isha|byouin|yoyaku|yoyaku shitai|ashita|"
           "kinou|getsuyoubi|kayoubi|suiyoubi|mokuyoubi|kinyoubi|doyoubi|nichiyoubi|watashi|"
           "boku|anata|kare|kanojo|itsu|naze|nani|dou|koko|soko|basu|densha|takushii|okane|en|"
           "furikomi|ginkou|kouza|kaado|gakkou|kodomo|okaasan|otousan|obaachan|ojiichan|ame|"
           "atsui|samui|hatake|kome|ushi|kusuri|netsu|shigoto|desu|masu|deshita|mashita|"
           "kudasai|dekimasu ka|arimasu ka|nai desu|wakarimasen|wakatta|daijoubu|sugu|mada|"
           "totemo|nanji|nanji made|aite imasu|shimatte imasu|no|wa|ga|wo|ni|de|to|mo|kara|"
           "made|yo|ne|shitai desu|henkou|ikimasu|kimasu|tabeta|nomimasu",
    "kor": "annyeonghaseyo|jal jinaesseoyo|jal jinaeyo|gamsahaeyo|gomawoyo|gomawo|"
           "mianhamnida|mianhae|joesonghamnida|ne|ye|aniyo|ani|annyeonghi gaseyo|"
           "annyeonghi gyeseyo|muri an nawayo|jeongjeon|eolmayeyo|eolma|il killo|ssal|"
           "jeonhwa juseyo|jeonhwa hae|byeongwon|uisa|yeyak|yeyak hago sipeoyo|oneul|naeil|eoje|"
           "woryoil|hwayoil|suyoil|mogyoil|geumyoil|toyoil|iryoil|jeo|na|uri|eonje|wae|mwo|"
           "eotteoke|yeogi|geogi|beoseu|jihacheol|yeok|taeksi|don|won|songeum|eunhaeng|gyejwa|"
           "kadeu|hakgyo|ai|eomma|appa|halmeoni|harabeoji|bi|deowo|chuwo|bat|non|so|yak|yeol|"
           "juseyo|isseoyo|eopseoyo|haeyo|hal su isseoyo|moreugesseoyo|gwaenchanayo|jom|ppalli|"
           "ajik|mani|myeot si|kkaji|buteo|eseo|reul|eul|neun|eun|ga|do|hago|dadayo|yeoreoyo|"
           "byeongyeong|olgeyo|gayo|wayo|haesseoyo|sipeoyo",
    "khm": "sousdey|suosdei|sok sabay te|sok sabay|orkun|arkun|orkun chran|chran|bong|bang|"
           "neak|tov na|ot mean|ot mean tek|ot mean pleung|ponman|thlai|luy|riel|dollar|pet|"
           "mondol pet|ko|chrouk|srov|angkor|thngai nis|saek|msel minh|mok|tov|nov|chea|te|"
           "ot te|baat|cha|hav|somtoh|chhoeu|kon|mae|pa|yeay|ta|sala rean|tuk|pleung|plieng|"
           "kdav|trojeak|chamkar|thneam|lan|tuk tuk|motodop|tur sap|ban|min ban|chong|trov ka|"
           "ey|na|pel|mong ponman|baek|bet|knyom|yerng|vea|neak na|mneak|tngai|yup|prek|"
           "lngach|thngai trang|chhnam|khae|sabay|khmer|prak|tinh|luk|ban te|ort|kit|sdap|"
           "nek|somnang|leah sen hoy",
    "mya": "mingalaba|mingalarbar|nay kaung lar|nay kaung ba dal|kyay zu tin ba de|"
           "kyay zu tin par tal|kyay zu ba|sorry naw|hoke|hote kae|ma hoke bu|yay ma la bu|"
           "mee ma la bu|mee pyat nay dal|zay|ta kilo|hsan|phone set pay|"
           "phone khaw|hsaya won|hsay khan|hsay yone|ahkyein|ne ne|mane phyan|ma nay ka|di nay|"
           "tanin ga nway|in ga|boke da hoo|kyar tha pa de|thaut kya|sa ne|kyun taw|kyun ma|"
           "nin|shin|thu|thu ma|bae hma lel|bae twar ma lel|ba phyit lo lel|bal lo lel|di hma|"
           "ho hma|bus kar|yhta|but sa|paik san|ngway|kyat|hlwe|ban|kyaung|kha lay|a may|"
           "a phay|a phwar|a phoe|moe ywar|pu tal|chan tal|swan|ka nyar|nwar|phyar|a lote|twar|"
           "la|chin tal|shi tal|ma shi bu|ya la|lote pay|nar ma lal bu|ma lal bu|naw|par|kwa|"
           "ka|go|hma|net|tal|dal|lar|bu|lel|mhar|nae|de|ba de|phwint|pate",
    "tha": "sawatdee|sawasdee ka|sawatdee khrap|sabai dee|khop khun krap|khob khun ka|"
           "khob khun mak|mai pen rai|laew jer gan|phrung nee|wan nee|mua wan|chai|mai chai|"
           "krub|na ka|na krub|mai mee nam|nam mai lai|fai dab|tao rai|raka tao rai|"
           "nueng kilo|toh ma noi|torn glub|yak pob mor|mor|rong payaban|klinik|nut|wan jan|"
           "wan angkarn|wan put|wan pharuehat|wan suk|wan sao|wan athit|chan|phom|khun|rao|kao|"
           "tee nai|mua rai|tham mai|arai|yang ngai|tee nee|tee nan|rot mae|rot fai|sathanee|"
           "ngern|baht|oon ngern|tanakarn|banchee|bat|rong rian|luk|mae|por|yai|fon tok|ron|"
           "nao|rai|wua|kwai|ya|kai|tam ngan|yak|dai mai|mee mai|mai mee|mai dai|mai ru|kor|noi|"
           "reo reo|tor nee|mak|gee mong|perd|pid|ja|laew|pai|ma|bpai|duay|gub|kong|kha|ka",
    "yue": "nei hou|nei ho|jo san|jousan|zou san|sik jo faan mei|sik jor fan mei|hou|gei hou|"
           "m goi|m goi sai|mgoi|do je|dor jeh|bye bye|gam yat|kam yat|"
           "tseng yat|cham yat|yau mou|mou|mou seui|gei do chin|gei dor chin|yat gan|"
           "mai|bei din wa ngo|da din wa|tai yi sang|tai yee sang|yue yeuk|yeuk|yi yuen|"
           "lai bai yat|lai bai yi|lai bai saam|lai bai sei|lai bai ng|lai bai luk|ngo|nei|keoi|"
           "ngo dei|nei dei|bin dou|bin do|gei si|dim gaai|mat ye|me|dim|ni dou|go dou|ba si|"
           "dei tit|dik si|chin|man|gwai|peng|ngan hong|hok haau|sai lo|a ma|a ba|ma ma|yeh yeh|"
           "lok yu|yit|dung|fan|ngau|yeuk fong|fat siu|jou ye|seung|ho m ho yi|yau|mou man tai|"
           "m ji|m sai|dak|hai|m hai|la|ga|ge|wo|ah|lor|a|ar|gam|jau|faan|lei|fan gung|"
           "hoi mun|saan mun|gei dim",
}

ROMANIZED.update(ROMANIZED_ASIA)


def phrase_lines(label, chars, phrases_of=None):
    """Lines of PHRASES[label]'s phrases (protocol step 2), together `chars` characters or
    more; [] for a label without phrases."""
    phrases = [p for p in (PHRASES if phrases_of is None else phrases_of).get(
        label, "").split("|") if p]
    words = [] if phrases_of is not None else [
        w for w in EVERYDAY_WORDS.get(label, "").split("|") if w]
    rng = random.Random("everyday-phrases:" + label + ("" if phrases_of is None else ":other"))

    def draw():
        if words and rng.random() < WORDS_SHARE:
            return rng.choice(words)
        return rng.choice(phrases)

    lines, total = [], 0
    while total < chars and phrases:
        n = rng.randint(1, MAX_PHRASES_PER_LINE)
        sep = ", " if rng.random() < 0.5 else " "
        line = sep.join(draw() for _ in range(n))
        if rng.random() < 0.3:
            line = line[:1].upper() + line[1:]
        lines.append(line)
        total += len(line)
    return lines
