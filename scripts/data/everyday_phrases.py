"""Everyday phrases for language-ID training: greetings, thanks, small talk and the words of
short requests (water, power, prices, appointments, "call me"), written for loka by the project
for the languages people most often send such messages in; romanized Hindustani and Mandarin
(pinyin) beside the native script (scripts/data/extra_text.py adds the lines to each language's
`code/ui` profile; docs/langid.md, "Everyday messages").

Why: the subtitle word lists (common_words.py) cover 40 languages, and none of Hausa, Yoruba,
Igbo, Zulu, Xhosa, Swahili, Tagalog, Malay, Amharic, Somali, Kinyarwanda, Marathi, Nepali, Tamil,
Telugu or Urdu; their `code/ui` profiles hold software strings only, so "sawubona, unjani?"
lost to Xhosa's UDHR table and "bawo ni" to Twi. A short greeting is decided by a handful of
n-grams, and these phrases are where they come from.

Protocol (`phrase_lines`):
1. PHRASES[label] is a list of short phrases separated by "|" (no phrase is a line of an
   evaluation file: `bench/data/everyday_dev*.tsv` lines are dropped by the caller).
2. Lines of 1 to MAX_PHRASES_PER_LINE phrases (uniform), each phrase drawn uniformly, joined
   by ", " or " " (alternately by the generator), first letter sometimes upper case, drawn with
   a generator seeded by the label, until the lines hold `chars` characters.
Deterministic: the same phrases and `chars` give the same lines.
"""

import random

MAX_PHRASES_PER_LINE = 3

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
           "hamare ghar|kab tak|kyun|kya|hai|hain|tha|raha hai|kar do|bata do",
    "ben": "nomoskar|kemon acho|kemon achen|bhalo achi|dhonnobad|onek dhonnobad|"
           "kal dekha hobe|abar dekha hobe|doya kore|sorry|jol nei|pani nei|current nei|"
           "koto dam|ek kilo chal|amake phone koro|amar daktar dorkar|daktar dekhate chai|"
           "shombar|amake sahajjo korben|ha|na|thik ache|aaj|kal|ami|tumi|apni|amar|"
           "ki|keno|kothay|korbo|jabo",
    "tam": "vanakkam|eppadi irukeenga|eppadi irukka|nalla irukken|nalama|nandri|"
           "romba nandri|naalai paakalam|thayavu seithu|mannikkavum|thanni illa|"
           "current illa|enna vilai|evvalavu|oru kilo arisi|enakku phone pannunga|"
           "doctor paakanum|thingal kizhamai|udhavi seiya mudiyuma|aamaa|illa|sari|"
           "inniki|naalaikku|naan|neenga|enakku|romba|enna|yen|enga",
    "tel": "namaskaram|bagunnara|ela unnaru|ela unnavu|nenu bagunnanu|dhanyavadalu|"
           "chala thanks|repu kaluddam|dayachesi|kshaminchandi|neellu levu|current ledu|"
           "entha|dhara entha|oka kilo biyyam|naku phone cheyandi|doctor kavali|"
           "somavaram|sahayam chestara|avunu|kaadu|sare|ivala|repu|nenu|meeru|naaku|"
           "enti|enduku|ekkada",
    "mar": "namaskar|kase aahat|kasa aahes|kashi aahes|mi bara aahe|dhanyavad|khup aabhar|"
           "udya bhetu|punha bhetu|krupaya|maaf kara|paani nahi|light nahi|kiti zale|"
           "kiti aahe|ek kilo tandul|mala phone kar|mala doctor pahije|somvari bhet|"
           "mala madat karal ka|ho|nahi|theek aahe|aaj|udya|kaal|mi|tumhi|mala|kay|ka|"
           "kuthe|aahe|aahet",
    "npi": "namaste|namaskar|tapailai kasto cha|sanchai hunuhuncha|ma thik chu|dhanyabad|"
           "dherai dhanyabad|bholi bhetaula|pheri bhetaula|kripaya|maaf garnuhos|pani chaina|"
           "batti chaina|kati parcha|kati ho|ek kilo chamal|malai phone garnuhos|"
           "malai doctor chahiyo|sombar bhet|malai sahayog garnuhuncha|ho|hoina|huncha|"
           "aaja|bholi|hijo|ma|tapai|malai|ke|kina|kaha|cha|chaina",
    "urd": "assalam o alaikum|assalam alaikum|walaikum assalam|aap kaise hain|kya haal hai|"
           "main theek hoon|shukriya|bohat shukriya|meharbani|meherbani farma kar|khuda hafiz|"
           "allah hafiz|janab|ji haan|ji nahi|bilkul|zaroor|inshallah|mashallah|masla|"
           "waqt|intezar|mulaqat|dawai|tabiyat kharab hai|bukhar hai|paani nahi aa raha|"
           "bijli nahi hai|light gayi hui hai|kitne ka hai|kitne paise|ek kilo chawal|"
           "mujhe call karein|mujhe doctor se milna hai|peer ko|kal|parson|aaj|aap|hum|"
           "mujhe|mera|hamara|kya|kyun|kahan|kab|hai|hain|tha|karein|dijiye|bataiye",
    "guj": "kem cho|majama|saru che|aabhar|dhanyavad|avjo|kale maliye|paani nathi|"
           "light nathi|ketla nu che|ketla rupiya|ek kilo chokha|mane phone karjo|"
           "mare doctor ne malvu che|somvare|madad karsho|ha|na|barabar|aaje|kale|hu|tame|"
           "mane|maru|tamaru|shu|kem|kya|che|nathi|hatu|bhai|ben|jaldi|kyare",
    "pan": "sat sri akal|ki haal aa|tusi kiddan ho|main theek haan|changa|bahut dhanwad|"
           "kal milange|rab rakha|kirpa karke|maaf karna|paani nahi aa reha|"
           "bijli gayi hoyi aa|kinne da aa|kinne paise|ik kilo chaul|mainu phone karo|"
           "mainu doctor di lod aa|somvar nu|meri madad karo|haan ji|theek aa|ajj|tusi|"
           "mainu|tuhanu|tuhada|sadda|kyon|kithe|kado|reha|rahe|si|veerji|paaji|bhenji|"
           "changi gal|koi gal nahi",
    "mal": "namaskaram|sukhamano|sugamano|enthokke und visesham|njan sukhamayirikkunnu|nanni|"
           "valare nanni|naale kanam|dayavayi|kshamikkanam|vellam illa|current illa|"
           "ethra aanu|ethra roopa|oru kilo ari|enne vilikku|enikku doctore kananam|"
           "thinkalazhcha|sahayikkamo|athe|alla|sheri|ippol|innu|naale|innale|njan|ningal|"
           "enikku|ente|entha|enthu|evide|eppol|und|illa|chetta|chechi|mole|mone",
    "kan": "namaskara|hegiddira|hegiddiya|chennagiddini|dhanyavadagalu|thumba thanks|"
           "nale sigona|dayavittu|kshamisi|neeru illa|current illa|eshtu|bele eshtu|"
           "ondu kilo akki|nanage phone maadi|nanage doctor beku|somavara|"
           "sahaya maadthira|houdu|illa|sari|ivattu|naale|ninne|naanu|neevu|nanage|nanna|"
           "enu|yaake|elli|yavaga|ide|beku|anna|akka",
    "cmn": "ni hao|nin hao|zao shang hao|wan shang hao|ni hao ma|zui jin zen me yang|"
           "wo hen hao|xie xie|xie xie ni|fei chang gan xie|ming tian jian|zai jian|qing|"
           "bu hao yi si|dui bu qi|ting shui le|mei you shui|ting dian le|duo shao qian|"
           "yi jin da mi|gei wo da dian hua|hui ge dian hua|wo yao kan yi sheng|yu yue|"
           "xing qi yi|neng bang wo ma|shi|bu shi|hao de|mei wen ti|jin tian|ming tian|"
           "zuo tian|chi fan le ma|wo|ni|ta|women|shen me|zen me|wei shen me|zai na li",
}


def phrase_lines(label, chars, phrases_of=None):
    """Lines of PHRASES[label]'s phrases (protocol step 2), together `chars` characters or
    more; [] for a label without phrases."""
    phrases = [p for p in (PHRASES if phrases_of is None else phrases_of).get(
        label, "").split("|") if p]
    rng = random.Random("everyday-phrases:" + label + ("" if phrases_of is None else ":other"))
    lines, total = [], 0
    while total < chars and phrases:
        n = rng.randint(1, MAX_PHRASES_PER_LINE)
        sep = ", " if rng.random() < 0.5 else " "
        line = sep.join(rng.choice(phrases) for _ in range(n))
        if rng.random() < 0.3:
            line = line[:1].upper() + line[1:]
        lines.append(line)
        total += len(line)
    return lines
