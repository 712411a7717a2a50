#!/usr/bin/env python3
"""Builds testdata/demo/requests.tsv and requests_eval.tsv: citizens' requests to a district
helpdesk, five desks, eight languages in three scripts.

Usage: python3 scripts/data/make_requests.py [OUTDIR]   (default testdata/demo)

Every sentence pattern and every word list below was written for loka by the project. Each
desk and language has its own patterns; a pattern's slots ({place}, {days}, ...) are filled
from the language's word lists, and some Latin-script lines get the typos and shorthand of
SMS (a dropped or doubled letter, no capitals, "pls"). The held-out file uses other patterns
than the training file (every pattern whose index is 3 mod 4 goes to eval only), so it tests
new sentences, not new fillers. Deterministic: a fixed seed, byte-identical output on rerun.
"""

import os
import random
import sys
import unicodedata

SEED = 20261204
PER_PATTERN_TRAIN = 9  # lines drawn from each training pattern
PER_PATTERN_EVAL = 4   # lines drawn from each held-out pattern

SLOTS = {
    "en": {
        "place": ["Kibera", "Kondele", "Nyalenda", "Station Road", "the market", "Mwembe village",
                  "block C", "ward 4", "the bus stage", "Riverside estate", "Kisumu road",
                  "the primary school", "Obunga", "Manyatta"],
        "days": ["two days", "three days", "a week", "four days", "ten days", "five days"],
        "time": ["last night", "this morning", "yesterday afternoon", "at midnight",
                 "on Sunday", "early today"],
    },
    "sw": {
        "place": ["Kibera", "Kondele", "Nyalenda", "Mwembe", "Kisumu Ndogo", "Manyatta",
                  "Obunga", "Migosi"],
        "days": ["siku mbili", "siku tatu", "wiki moja", "tangu Jumatatu", "tangu jana",
                 "siku nne"],
        "time": ["jana usiku", "asubuhi hii", "Jumamosi", "jana mchana", "usiku wa manane"],
    },
    "hi": {
        "place": ["रामनगर", "गांधी चौक", "स्टेशन रोड", "सदर बाज़ार", "वार्ड नंबर 4",
                  "नई बस्ती", "शिवपुरी"],
        "days": ["दो दिन", "तीन दिन", "एक हफ्ते", "चार दिन", "पाँच दिन"],
        "time": ["कल रात", "आज सुबह", "शाम छह बजे", "कल दोपहर", "आधी रात"],
    },
    "hi-latn": {
        "place": ["Ramnagar", "Gandhi Chowk", "Station Road", "Sadar Bazaar", "ward number 4",
                  "Nayi Basti", "Shivpuri"],
        "days": ["do din", "teen din", "ek hafte", "char din", "paanch din"],
        "time": ["kal raat", "aaj subah", "shaam 6 baje", "kal dopahar", "aadhi raat"],
    },
    "pt": {
        "place": ["Maputo", "Chamanculo", "Mafalala", "Xipamanine", "Matola", "Malhangalene",
                  "Polana Caniço"],
        "days": ["dois dias", "três dias", "uma semana", "quatro dias", "cinco dias"],
        "time": ["ontem à noite", "esta manhã", "no sábado", "ontem à tarde", "de madrugada"],
    },
    "fr": {
        "place": ["Yopougon", "Abobo", "Treichville", "Cocody", "Adjamé", "Marcory", "Koumassi"],
        "days": ["deux jours", "trois jours", "une semaine", "quatre jours", "cinq jours"],
        "time": ["hier soir", "ce matin", "samedi", "hier après-midi", "cette nuit"],
    },
    "es": {
        "place": ["San Miguel", "La Esperanza", "El Carmen", "Santa Rosa", "Villa Nueva",
                  "Las Palmas", "San José"],
        "days": ["dos días", "tres días", "una semana", "cuatro días", "cinco días"],
        "time": ["anoche", "esta mañana", "el sábado", "ayer por la tarde", "de madrugada"],
    },
    "ar": {
        "place": ["حي النصر", "شارع المحطة", "الحي الجديد", "حي السلام", "شارع الجامع",
                  "القرية"],
        "days": ["يومين", "ثلاثة أيام", "أسبوع", "أربعة أيام", "يوم الاثنين"],
        "time": ["أمس ليلا", "هذا الصباح", "منذ السادسة مساء", "أمس بعد الظهر", "منتصف الليل"],
    },
}

# desk -> language -> patterns. Index 3 mod 4 of each list is held out for eval.
PATTERNS = {
    "water": {
        "en": [
            "No water in our taps for {days} in {place}. When will supply come back?",
            "the borehole pump at {place} is broken again, people walking far for water",
            "Water from the tap in {place} is brown and smells bad, is it safe to drink?",
            "Our street has had no running water for {days}, the tank is empty",
            "pipe burst near {place}, clean water wasting since morning pls send someone",
            "The water kiosk in {place} is closed and people have nothing to drink",
            "my water bill is too high this month but the taps were dry most days",
            "The taps in {place} have been dry for {days}, we are buying water from vendors",
            "There is a leaking water main flooding the yard at {place}",
            "low water pressure in {place}, only drops come out of the tap",
            "Sewage is mixing with the drinking water in {place}, children are sick of it",
            "when will the water truck come to {place}? no water for {days}",
            "meter reader says our water meter is broken, who fixes it",
            "The well at {place} has dried up, please drill a new borehole",
            "water rationing schedule for {place} please, which days do we get water",
            "dirty water coming from the public tap at {place} {time}",
            "the tap at our house is dry again, no water for {days}",
            "no water at {place}, every tap on the street is dry",
            "Our tap gives only air, the water has not come for {days}",
            "the public tap near {place} is dry since {time}, women queue at the river",
            "why is there no water in {place}? the taps are dry",
            "the tank on our street has been empty for {days}",
            "water supply cut off in {place} without notice",
            "please send water to {place}, the taps have run dry",
        ],
        "sw": [
            "Maji yamekatika {place} kwa {days}, tutapata lini?",
            "Bomba la maji limepasuka {place}, maji yanamwagika ovyo",
            "Maji ya bomba ni machafu na yananuka {place}",
            "Hakuna maji kwenye mabomba kwa {days}, tunanunua maji ya mkokoteni",
            "Kisima cha {place} kimekauka, tunaomba kisima kipya",
            "Pampu ya kisima imeharibika tena {place}",
            "Bili ya maji ni kubwa sana mwezi huu na mabomba yamekauka",
            "Lini gari la maji litakuja {place}? hatuna maji kwa {days}",
            "Maji taka yanachanganyika na maji ya kunywa {place}",
        ],
        "hi": [
            "{place} में {days} से नल में पानी नहीं आ रहा है",
            "पानी की पाइप फट गई है, {place} में पानी बह रहा है",
            "नल का पानी गंदा और बदबूदार है, क्या यह पीने लायक है?",
            "हमारे इलाके में {days} से पानी की सप्लाई बंद है",
            "{place} का हैंडपंप खराब है, लोग दूर से पानी ला रहे हैं",
            "पानी का टैंकर कब आएगा? {days} से पानी नहीं है",
            "पानी का बिल बहुत ज़्यादा आया है जबकि नल सूखे थे",
            "{place} में पानी का दबाव बहुत कम है",
        ],
        "hi-latn": [
            "{place} mein {days} se nal mein paani nahi aa raha",
            "paani ki pipe phat gayi hai {place} mein, paani beh raha hai",
            "nal ka paani ganda aur badbudar hai, kya peene layak hai?",
            "hamare area mein {days} se paani ki supply band hai",
            "{place} ka handpump kharab hai, log door se paani la rahe hain",
            "paani ka tanker kab aayega? {days} se paani nahi hai",
            "paani ka bill bahut zyada aaya jabki nal sookhe the",
            "{place} mein paani ka pressure bahut kam hai",
        ],
        "pt": [
            "Não há água nas torneiras em {place} há {days}",
            "Um cano rebentou perto de {place}, a água está a ser desperdiçada",
            "A água da torneira está suja e com mau cheiro em {place}",
            "Estamos sem água há {days}, quando volta o abastecimento?",
            "A bomba do furo em {place} avariou outra vez",
            "Quando vem o camião-cisterna? estamos sem água há {days}",
            "A conta da água veio muito alta e as torneiras estavam secas",
            "Pouca pressão de água em {place}, só saem gotas",
        ],
        "fr": [
            "Pas d'eau au robinet à {place} depuis {days}",
            "Une conduite d'eau a éclaté près de {place}, l'eau coule partout",
            "L'eau du robinet est sale et sent mauvais à {place}",
            "Nous n'avons plus d'eau courante depuis {days}, quand revient la distribution ?",
            "La pompe du forage de {place} est encore en panne",
            "Quand passe le camion-citerne ? pas d'eau depuis {days}",
            "La facture d'eau est trop élevée alors que les robinets étaient à sec",
            "Très faible pression d'eau à {place}, il ne sort que des gouttes",
        ],
        "es": [
            "No hay agua en las llaves de {place} desde hace {days}",
            "Se rompió un tubo cerca de {place} y el agua se está desperdiciando",
            "El agua de la llave sale sucia y con mal olor en {place}",
            "Llevamos {days} sin agua, ¿cuándo vuelve el servicio?",
            "La bomba del pozo en {place} se descompuso otra vez",
            "¿Cuándo viene la pipa de agua? llevamos {days} sin agua",
            "El recibo del agua llegó muy alto y las llaves estaban secas",
            "Muy poca presión de agua en {place}, solo salen gotas",
        ],
        "ar": [
            "لا توجد مياه في الحنفيات في {place} منذ {days}",
            "انفجر أنبوب مياه {place} والماء يضيع في الشارع",
            "مياه الحنفية متسخة ورائحتها كريهة في {place}",
            "انقطعت المياه عن حارتنا منذ {days}، متى تعود؟",
            "مضخة البئر في {place} معطلة مرة أخرى",
            "متى يأتي صهريج الماء؟ لا ماء منذ {days}",
            "فاتورة المياه مرتفعة جدا مع أن الحنفيات كانت جافة",
            "ضغط الماء ضعيف جدا في {place}",
        ],
    },
    "electricity": {
        "en": [
            "Power outage in {place} {time}, whole street is dark",
            "transformer blew up near {place}, sparks and smoke, please come urgently",
            "my prepaid token is not loading on the meter, it says REJECTED",
            "There is a live wire hanging low over the footpath at {place}, very dangerous",
            "no electricity in {place} for {days}, our food is spoiling",
            "Street lights on {place} have been off for {days}, it is unsafe at night",
            "The power keeps going on and off in {place}, my fridge got damaged",
            "electricity pole fell down at {place} after the storm",
            "how do I apply for a new electricity connection for my shop",
            "blackout again in {place} {time}, when will power be restored",
            "my electricity bill doubled this month, please check the meter",
            "low voltage in {place}, the lights are dim and the pump won't start",
            "someone is stealing power with illegal connections at {place}",
            "the power line is sparking every time it rains near {place}",
            "bought tokens {time} but the meter still shows zero units",
            "No power at the clinic in {place} {time}, they need a generator",
            "the lights in our street have been out for {days}",
            "no current in {place} {time}, the whole area is in darkness",
            "my house has no electricity but the neighbours have power",
            "power cut at {place} for {days}, when will the lights come back",
        ],
        "sw": [
            "Umeme umekatika {place} {time}",
            "Transfoma imelipuka karibu na {place}, tafadhali njooni haraka",
            "Tokeni za umeme hazikubali kwenye mita yangu",
            "Waya wa umeme umening'inia chini {place}, ni hatari sana",
            "Hatuna umeme kwa {days}, chakula kinaharibika",
            "Taa za barabarani {place} hazifanyi kazi kwa {days}",
            "Umeme unakatika na kurudi kila mara {place}",
            "Nguzo ya umeme imeanguka {place} baada ya dhoruba",
            "Bili ya umeme imepanda mara mbili mwezi huu",
        ],
        "hi": [
            "{place} में {time} से बिजली नहीं है",
            "{place} के पास ट्रांसफार्मर फट गया है, जल्दी आइए",
            "मेरा प्रीपेड मीटर रिचार्ज नहीं ले रहा है",
            "{place} में बिजली का तार नीचे लटक रहा है, बहुत खतरनाक है",
            "{days} से बिजली बार बार जा रही है",
            "{place} की स्ट्रीट लाइट {days} से बंद है",
            "बिजली का बिल इस महीने दोगुना आया है",
            "{place} में वोल्टेज बहुत कम है, पंखे नहीं चल रहे",
        ],
        "hi-latn": [
            "{place} mein {time} se bijli nahi hai",
            "{place} ke paas transformer phat gaya hai, jaldi aaiye",
            "mera prepaid meter recharge nahi le raha",
            "{place} mein bijli ka taar neeche latak raha hai, bahut khatarnak hai",
            "{days} se bijli baar baar ja rahi hai",
            "{place} ki street light {days} se band hai",
            "bijli ka bill is mahine dugna aaya hai",
            "{place} mein voltage bahut kam hai, pankhe nahi chal rahe",
        ],
        "pt": [
            "Falta de energia em {place} {time}",
            "O transformador explodiu perto de {place}, venham depressa",
            "O meu contador pré-pago não aceita os créditos",
            "Há um fio elétrico caído em {place}, é muito perigoso",
            "Estamos sem luz há {days}, a comida está a estragar",
            "A iluminação pública em {place} está apagada há {days}",
            "A conta da luz veio o dobro este mês",
            "A energia vai e volta o tempo todo em {place}",
        ],
        "fr": [
            "Coupure de courant à {place} {time}",
            "Le transformateur a explosé près de {place}, venez vite",
            "Mon compteur prépayé refuse le code de recharge",
            "Un câble électrique pend très bas à {place}, c'est dangereux",
            "Pas d'électricité depuis {days}, la nourriture se gâte",
            "L'éclairage public de {place} ne marche plus depuis {days}",
            "La facture d'électricité a doublé ce mois-ci",
            "Le courant coupe et revient sans arrêt à {place}",
        ],
        "es": [
            "Se fue la luz en {place} {time}",
            "Explotó el transformador cerca de {place}, vengan rápido",
            "Mi medidor prepago no acepta la recarga",
            "Hay un cable de luz colgando muy bajo en {place}, es peligroso",
            "Llevamos {days} sin electricidad, la comida se está echando a perder",
            "El alumbrado público de {place} no funciona desde hace {days}",
            "El recibo de luz llegó al doble este mes",
            "La luz se va y vuelve a cada rato en {place}",
        ],
        "ar": [
            "انقطعت الكهرباء في {place} {time}",
            "انفجر المحول قرب {place}، تعالوا بسرعة",
            "عداد الكهرباء المسبق الدفع لا يقبل الرصيد",
            "سلك كهرباء متدل في {place}، خطر جدا",
            "لا كهرباء منذ {days} والطعام يفسد",
            "إنارة الشارع في {place} مطفأة منذ {days}",
            "فاتورة الكهرباء تضاعفت هذا الشهر",
            "الكهرباء تنقطع وترجع باستمرار في {place}",
        ],
    },
    "health": {
        "en": [
            "The health centre in {place} has no malaria test kits this week",
            "my child has had a high fever for {days}, where is the nearest clinic open at night",
            "ambulance took hours to arrive {time}, please explain",
            "When is the next polio vaccination campaign in {place}?",
            "The dispensary in {place} has run out of medicine for diabetes",
            "many people in {place} have diarrhoea and vomiting since {time}, is it cholera?",
            "pregnant woman in labour at {place}, we need an ambulance now",
            "no nurse at the clinic in {place} {time}, patients waiting outside",
            "where can I get my baby weighed and vaccinated in {place}",
            "my mother needs her blood pressure tablets but the pharmacy is empty",
            "a snake bit my neighbour at {place}, which hospital has antivenom",
            "the clinic asked us to pay for free maternity services, is that allowed",
            "mosquito nets distribution in {place}, when and where",
            "my son coughs blood for {days}, where do they test for TB",
            "dog bite at {place} {time}, where can we get the rabies injection",
            "the health worker did not come to {place} for the home visits",
            "my grandmother is very sick and cannot walk to the clinic",
            "the hospital in {place} sent us away, there are no beds",
            "where can I test for HIV in {place}",
            "my baby has a rash and fever for {days}, what should I do",
        ],
        "sw": [
            "Mtoto wangu ana homa kali kwa {days}, kliniki ipi iko wazi usiku?",
            "Zahanati ya {place} haina dawa za malaria",
            "Gari la wagonjwa lilichelewa sana {time}",
            "Chanjo ya polio itakuwa lini {place}?",
            "Watu wengi {place} wanaharisha na kutapika, ni kipindupindu?",
            "Mama mjamzito anajifungua {place}, tunahitaji ambulensi sasa",
            "Hakuna muuguzi kliniki ya {place} {time}",
            "Nimeumwa na mbwa {time}, sindano ya kichaa cha mbwa napata wapi?",
            "Neti za mbu zitagawiwa lini {place}?",
        ],
        "hi": [
            "मेरे बच्चे को {days} से तेज़ बुखार है, रात में कौन सा अस्पताल खुला है?",
            "{place} के स्वास्थ्य केंद्र में मलेरिया की जांच नहीं हो रही",
            "एम्बुलेंस {time} बहुत देर से आई",
            "{place} में पोलियो टीकाकरण कब होगा?",
            "{place} में कई लोगों को उल्टी और दस्त हो रहे हैं",
            "गर्भवती महिला को प्रसव पीड़ा है, तुरंत एम्बुलेंस भेजिए",
            "अस्पताल में डॉक्टर नहीं है, मरीज़ बाहर इंतज़ार कर रहे हैं",
            "कुत्ते ने काट लिया है, रेबीज़ का इंजेक्शन कहाँ मिलेगा?",
        ],
        "hi-latn": [
            "mere bachche ko {days} se tez bukhar hai, raat mein kaunsa hospital khula hai?",
            "{place} ke health centre mein malaria ki jaanch nahi ho rahi",
            "ambulance {time} bahut der se aayi",
            "{place} mein polio tikakaran kab hoga?",
            "{place} mein kai logon ko ulti aur dast ho rahe hain",
            "garbhvati mahila ko delivery pain hai, turant ambulance bhejiye",
            "hospital mein doctor nahi hai, mareez bahar intezaar kar rahe hain",
            "kutte ne kaat liya hai, rabies ka injection kahan milega?",
        ],
        "pt": [
            "O meu filho está com febre alta há {days}, que clínica abre à noite?",
            "O centro de saúde de {place} não tem testes de malária",
            "A ambulância demorou horas a chegar {time}",
            "Quando é a campanha de vacinação contra a pólio em {place}?",
            "Muitas pessoas em {place} com diarreia e vómitos, será cólera?",
            "Mulher grávida em trabalho de parto, precisamos de uma ambulância",
            "Não há enfermeiro no posto de saúde de {place} {time}",
            "Fui mordido por um cão, onde posso tomar a vacina da raiva?",
        ],
        "fr": [
            "Mon enfant a une forte fièvre depuis {days}, quel centre de santé est ouvert la nuit ?",
            "Le centre de santé de {place} n'a plus de tests du paludisme",
            "L'ambulance a mis des heures à arriver {time}",
            "Quand aura lieu la campagne de vaccination contre la polio à {place} ?",
            "Beaucoup de gens à {place} ont la diarrhée et vomissent, est-ce le choléra ?",
            "Une femme enceinte est en travail, il nous faut une ambulance",
            "Pas d'infirmier au dispensaire de {place} {time}",
            "Un chien m'a mordu, où faire le vaccin contre la rage ?",
        ],
        "es": [
            "Mi hijo tiene fiebre alta desde hace {days}, ¿qué clínica abre de noche?",
            "El centro de salud de {place} no tiene pruebas de malaria",
            "La ambulancia tardó horas en llegar {time}",
            "¿Cuándo es la campaña de vacunación contra la polio en {place}?",
            "Mucha gente en {place} tiene diarrea y vómitos, ¿será cólera?",
            "Una mujer embarazada está de parto, necesitamos una ambulancia",
            "No hay enfermera en la posta de {place} {time}",
            "Me mordió un perro, ¿dónde me ponen la vacuna de la rabia?",
        ],
        "ar": [
            "طفلي عنده حمى شديدة منذ {days}، أي عيادة تفتح ليلا؟",
            "المركز الصحي في {place} لا يوجد فيه فحص الملاريا",
            "سيارة الإسعاف تأخرت ساعات {time}",
            "متى حملة التطعيم ضد شلل الأطفال في {place}؟",
            "كثير من الناس في {place} عندهم إسهال وقيء، هل هي الكوليرا؟",
            "امرأة حامل في حالة ولادة، نحتاج سيارة إسعاف الآن",
            "لا يوجد ممرض في المستوصف {place} {time}",
            "عضني كلب، أين أجد حقنة داء الكلب؟",
        ],
    },
    "roads": {
        "en": [
            "Huge pothole on {place} near the bank, cars swerving into people",
            "the bridge to {place} was washed away by floods, children can't reach school",
            "Murram road to {place} impassable after the rains, trucks stuck",
            "our street has no drainage, the road turns into a river when it rains",
            "a fallen tree is blocking the road at {place} since {time}",
            "Please put speed bumps near {place}, matatus drive too fast",
            "the road to the market in {place} is full of holes for {days}",
            "accident at the junction near {place}, the traffic lights are broken",
            "when will the contractor finish the road works at {place}",
            "landslide has blocked the road to {place}, nobody can pass",
            "the culvert at {place} is blocked and the road is flooding",
            "the footbridge at {place} is broken, people cross through the river",
            "road signs at {place} were stolen, drivers get lost",
            "big trucks have destroyed the tarmac at {place}",
            "the roundabout at {place} is always jammed, we need a traffic officer",
            "gravel road to {place} is so dusty that children are coughing",
            "the road in our street has been broken for {days}, cars cannot pass",
            "the street to {place} is full of mud and potholes",
            "please repair the road near {place}, the holes are very deep",
            "the bridge at {place} is cracked and may fall",
        ],
        "sw": [
            "Kuna shimo kubwa barabarani {place}, magari yanakwepa watu",
            "Daraja la {place} limesombwa na mafuriko",
            "Barabara ya kwenda {place} haipitiki baada ya mvua",
            "Mti umeanguka na kuziba barabara {place} {time}",
            "Tunaomba matuta karibu na {place}, magari yanakwenda kasi sana",
            "Barabara ya sokoni {place} ina mashimo mengi kwa {days}",
            "Maporomoko ya udongo yameziba barabara ya {place}",
            "Mtaro umeziba na barabara inafurika {place}",
            "Ajali kwenye makutano karibu na {place}, taa za barabarani zimeharibika",
        ],
        "hi": [
            "{place} की सड़क पर बहुत बड़ा गड्ढा है",
            "बाढ़ में {place} का पुल बह गया है",
            "बारिश के बाद {place} की सड़क पर चलना मुश्किल है",
            "{place} में पेड़ गिरने से सड़क बंद है",
            "{place} के पास स्पीड ब्रेकर लगवाइए, गाड़ियाँ बहुत तेज़ चलती हैं",
            "{days} से सड़क की मरम्मत का काम अधूरा पड़ा है",
            "{place} की नाली बंद है और सड़क पर पानी भर गया है",
            "चौराहे पर ट्रैफिक लाइट खराब है, रोज़ दुर्घटना होती है",
        ],
        "hi-latn": [
            "{place} ki sadak par bahut bada gaddha hai",
            "baadh mein {place} ka pul beh gaya hai",
            "baarish ke baad {place} ki sadak par chalna mushkil hai",
            "{place} mein ped girne se sadak band hai",
            "{place} ke paas speed breaker lagwaiye, gaadiyan bahut tez chalti hain",
            "{days} se sadak ki marammat ka kaam adhoora pada hai",
            "{place} ki naali band hai aur sadak par paani bhar gaya hai",
            "chauraahe par traffic light kharab hai, roz accident hota hai",
        ],
        "pt": [
            "Há um buraco enorme na estrada em {place}",
            "A ponte de {place} foi levada pelas cheias",
            "A estrada para {place} está intransitável depois da chuva",
            "Uma árvore caiu e bloqueia a estrada em {place} {time}",
            "Precisamos de lombas perto de {place}, os carros andam muito rápido",
            "As obras na estrada de {place} estão paradas há {days}",
            "A vala está entupida e a rua fica alagada em {place}",
            "O semáforo do cruzamento está avariado, há acidentes todos os dias",
        ],
        "fr": [
            "Il y a un énorme nid-de-poule sur la route à {place}",
            "Le pont de {place} a été emporté par les inondations",
            "La route vers {place} est impraticable après la pluie",
            "Un arbre tombé bloque la route à {place} {time}",
            "Mettez des ralentisseurs près de {place}, les voitures roulent trop vite",
            "Les travaux de la route à {place} sont arrêtés depuis {days}",
            "Le caniveau est bouché et la rue est inondée à {place}",
            "Le feu du carrefour est en panne, il y a des accidents tous les jours",
        ],
        "es": [
            "Hay un bache enorme en la calle de {place}",
            "Las inundaciones se llevaron el puente de {place}",
            "El camino a {place} está intransitable después de la lluvia",
            "Un árbol caído bloquea la calle en {place} {time}",
            "Pongan topes cerca de {place}, los carros van muy rápido",
            "La obra de la carretera en {place} está parada desde hace {days}",
            "La alcantarilla está tapada y la calle se inunda en {place}",
            "El semáforo del cruce no funciona, hay choques todos los días",
        ],
        "ar": [
            "توجد حفرة كبيرة في الطريق في {place}",
            "جرف السيل الجسر في {place}",
            "الطريق إلى {place} لا يمكن المرور فيه بعد المطر",
            "شجرة سقطت وأغلقت الطريق في {place} {time}",
            "نحتاج مطبات قرب {place}، السيارات تسرع كثيرا",
            "أعمال إصلاح الطريق في {place} متوقفة منذ {days}",
            "المجاري مسدودة والشارع غارق في الماء في {place}",
            "إشارة المرور عند التقاطع معطلة والحوادث كل يوم",
        ],
    },
    "documents": {
        "en": [
            "How do I get a birth certificate for my child born at home?",
            "lost my national ID card {time}, what do I need to replace it",
            "applied for ID in January still not ready, waiting card number 2230981",
            "death certificate for my father, which office and what documents",
            "How much does a passport cost and how long does it take?",
            "my name is misspelled on my ID, how can I correct it",
            "where do I register a marriage in {place}",
            "I need a copy of my birth certificate for school admission",
            "the registration office in {place} was closed {time}, what are the opening hours",
            "can I apply for a business permit online or must I come to the office",
            "my land title deed got burnt in a fire, how do I get a new one",
            "what documents do I need to register to vote",
            "my birth certificate has the wrong date of birth, please help",
            "how do I get a good conduct certificate for a job",
            "the officer at {place} asked for money to process my ID, is that legal",
            "I have been waiting for my passport for {days}, can you check the status",
            "how do I replace a lost birth certificate",
            "I want to change the address on my ID card",
            "which documents do I need for a passport for my child",
            "my ID card was stolen at {place} {time}, how do I get a new one",
        ],
        "sw": [
            "Nawezaje kupata cheti cha kuzaliwa cha mtoto wangu?",
            "Nimepoteza kitambulisho changu {time}, nifanye nini?",
            "Niliomba kitambulisho Januari bado hakijatoka",
            "Cheti cha kifo cha baba yangu, ofisi gani?",
            "Pasipoti inagharimu kiasi gani na inachukua muda gani?",
            "Jina langu limekosewa kwenye kitambulisho, nitarekebisha vipi?",
            "Nasajili ndoa wapi {place}?",
            "Ofisi ya usajili {place} ilikuwa imefungwa {time}",
            "Nahitaji nakala ya cheti cha kuzaliwa kwa ajili ya shule",
        ],
        "hi": [
            "मेरे बच्चे का जन्म प्रमाण पत्र कैसे बनेगा?",
            "मेरा आधार कार्ड खो गया है, नया कैसे बनवाऊँ?",
            "राशन कार्ड के लिए आवेदन किया था, अभी तक नहीं मिला",
            "पिताजी का मृत्यु प्रमाण पत्र किस दफ्तर से मिलेगा?",
            "पासपोर्ट बनवाने में कितना खर्च और समय लगता है?",
            "मेरे पहचान पत्र में नाम गलत छपा है, कैसे सुधारें?",
            "{place} में शादी का पंजीकरण कहाँ होता है?",
            "स्कूल में दाखिले के लिए जन्म प्रमाण पत्र की प्रति चाहिए",
        ],
        "hi-latn": [
            "mere bachche ka janm praman patra kaise banega?",
            "mera aadhaar card kho gaya hai, naya kaise banwaun?",
            "ration card ke liye apply kiya tha, abhi tak nahi mila",
            "pitaji ka mrityu praman patra kis office se milega?",
            "passport banwane mein kitna kharcha aur time lagta hai?",
            "mere ID card mein naam galat chhapa hai, kaise sudhaarein?",
            "{place} mein shaadi ka registration kahan hota hai?",
            "school admission ke liye birth certificate ki copy chahiye",
        ],
        "pt": [
            "Como tiro a certidão de nascimento do meu filho?",
            "Perdi o meu bilhete de identidade {time}, o que faço?",
            "Pedi o BI em janeiro e ainda não está pronto",
            "Certidão de óbito do meu pai, em que repartição?",
            "Quanto custa o passaporte e quanto tempo demora?",
            "O meu nome está mal escrito no documento, como corrijo?",
            "Onde registo o casamento em {place}?",
            "Preciso de uma cópia da certidão de nascimento para a matrícula",
        ],
        "fr": [
            "Comment obtenir l'acte de naissance de mon enfant ?",
            "J'ai perdu ma carte d'identité {time}, que dois-je faire ?",
            "J'ai demandé ma carte d'identité en janvier, elle n'est toujours pas prête",
            "Acte de décès de mon père, à quel bureau s'adresser ?",
            "Combien coûte le passeport et quel est le délai ?",
            "Mon nom est mal écrit sur ma pièce d'identité, comment le corriger ?",
            "Où enregistrer un mariage à {place} ?",
            "Il me faut une copie de l'acte de naissance pour l'inscription à l'école",
        ],
        "es": [
            "¿Cómo saco el acta de nacimiento de mi hijo?",
            "Perdí mi cédula de identidad {time}, ¿qué tengo que hacer?",
            "Solicité mi cédula en enero y todavía no está lista",
            "Acta de defunción de mi padre, ¿en qué oficina?",
            "¿Cuánto cuesta el pasaporte y cuánto tarda?",
            "Mi nombre está mal escrito en la cédula, ¿cómo lo corrijo?",
            "¿Dónde registro un matrimonio en {place}?",
            "Necesito una copia del acta de nacimiento para inscribir a mi hija en la escuela",
        ],
        "ar": [
            "كيف أستخرج شهادة ميلاد لطفلي؟",
            "فقدت بطاقة الهوية {time}، ماذا أفعل؟",
            "قدمت طلب الهوية في يناير ولم تصدر بعد",
            "شهادة وفاة والدي، من أي مكتب؟",
            "كم يكلف جواز السفر وكم يستغرق؟",
            "اسمي مكتوب خطأ في البطاقة، كيف أصححه؟",
            "أين أسجل عقد الزواج في {place}؟",
            "أحتاج نسخة من شهادة الميلاد لتسجيل ابني في المدرسة",
        ],
    },
}

LATIN = {"en", "sw", "hi-latn", "pt", "fr", "es"}
SHORT = {"please": "pls", "you": "u", "are": "r", "tomorrow": "tmrw", "water": "watr",
         "because": "coz", "people": "ppl"}


def typo(text, rng):
    """SMS habits on a Latin-script line: no capitals, shorthand, a dropped, doubled or
    swapped letter, no final punctuation."""
    words = text.split(" ")
    kind = rng.random()
    if kind < 0.35:
        text = text.lower()
        words = text.split(" ")
    if kind < 0.6:
        words = [SHORT.get(w, w) for w in words]
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 3 and w.isalpha():
        j = rng.randrange(1, len(w) - 1)
        op = rng.randrange(3)
        if op == 0:
            w = w[:j] + w[j + 1:]
        elif op == 1:
            w = w[:j] + w[j] + w[j:]
        else:
            w = w[:j - 1] + w[j] + w[j - 1] + w[j + 1:]
        words[i] = w
    text = " ".join(words)
    return text.rstrip("?.!") if rng.random() < 0.5 else text


def fill(pattern, lang, rng):
    slots = SLOTS[lang]
    out = pattern
    for key, values in slots.items():
        while "{" + key + "}" in out:
            out = out.replace("{" + key + "}", rng.choice(values), 1)
    return unicodedata.normalize("NFC", out)


def build():
    rng = random.Random(SEED)
    train, held = [], []
    for desk in sorted(PATTERNS):
        for lang in sorted(PATTERNS[desk]):
            for k, pattern in enumerate(PATTERNS[desk][lang]):
                to_eval = k % 4 == 3
                want = PER_PATTERN_EVAL if to_eval else PER_PATTERN_TRAIN
                seen = set()
                for _ in range(want * 6):
                    if len(seen) >= want:
                        break
                    line = fill(pattern, lang, rng)
                    if lang in LATIN and rng.random() < 0.3:
                        line = typo(line, rng)
                    if line in seen:
                        continue
                    seen.add(line)
                    (held if to_eval else train).append((desk, line))
    train_texts = {t for _, t in train}
    held = [(d, t) for d, t in held if t not in train_texts]
    rng.shuffle(train)
    rng.shuffle(held)
    return train, held


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for desk, text in rows:
            f.write("%s\t%s\n" % (desk, text))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata", "demo")
    train, held = build()
    write(os.path.join(out, "requests.tsv"), train)
    write(os.path.join(out, "requests_eval.tsv"), held)
    print("requests.tsv %d rows, requests_eval.tsv %d rows" % (len(train), len(held)))


if __name__ == "__main__":
    main()
