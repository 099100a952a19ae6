import type { LanguageCode } from '../content/common';

export const SAFEGUARDING_CATEGORIES = ['selfHarm', 'violence', 'trafficking', 'passportWithheld', 'exploitation', 'minorAlone'] as const;
export type SafeguardingCategory = (typeof SAFEGUARDING_CATEGORIES)[number];

const MINOR_AGES = [10, 11, 12, 13, 14, 15, 16, 17];
const ages = (make: (age: number) => string[]): string[] => MINOR_AGES.flatMap(make);

/**
 * Words that mean a person may be in danger, per language and concern. A phrase matches at the start of a word and may
 * end inside one, so stems ("suicid") cover their endings. Written as people type on phones: both formal and colloquial
 * forms, with and without accents (matching folds accents, case, Arabic/Persian letter variants and punctuation).
 * Prefer a missed word to a false alarm only where a phrase is common in ordinary questions (e.g. "unpaid internship").
 * These lists need a review by native speakers who work in safeguarding before production.
 */
export const SAFEGUARDING_PHRASES: Readonly<Record<LanguageCode, Readonly<Record<SafeguardingCategory, readonly string[]>>>> = {
  en: {
    selfHarm: ['kill myself', 'killing myself', 'suicide', 'suicidal', 'end my life', 'take my own life', 'hurt myself', 'harm myself', 'self harm', 'cut myself', 'want to die', "don't want to live", 'do not want to live', 'dont want to live'],
    violence: ['he hits me', 'she hits me', 'they hit me', 'beats me', 'beat me up', 'beaten', 'threatens me', 'threatened me', 'threatened to kill', 'rape', 'raped', 'sexual assault', 'sexually assaulted', 'domestic violence', 'abuses me', 'abused me', 'attacked me'],
    trafficking: ['trafficked', 'trafficking', 'sold me', 'they sold', 'forced to work', 'forced me to work', 'forcing me to work', 'forced prostitution', 'forced to have sex', 'locked me in', 'not allowed to leave', 'cannot leave the house', 'owe the smuggler'],
    passportWithheld: ['took my passport', 'taken my passport', 'has my passport', 'keeps my passport', 'kept my passport', 'holding my passport', 'withheld my passport', 'withholding my passport', "won't give me my passport", 'will not give me my passport', 'took my documents', 'took my papers', 'keeps my documents', 'keeps my papers'],
    exploitation: ["doesn't pay me", 'does not pay me', "don't pay me", 'do not pay me', 'not been paid', 'never paid me', 'no salary', 'unpaid wages', 'unpaid salary', 'exploited', 'exploitation', 'exploiting me', 'takes my salary', 'takes my wages', 'keeps my wages', 'work without pay'],
    minorAlone: [...ages((n) => [`i am ${n} years`, `i'm ${n} years`, `im ${n} years`, `i am ${n} yo`, `my age is ${n}`]), 'i am a minor', "i'm a minor", 'i am a child', 'i am under 18', 'unaccompanied', 'no parents', 'without my parents', 'without parents'],
  },
  pt: {
    selfHarm: ['matar-me', 'me matar', 'suicídio', 'suicidar', 'acabar com a minha vida', 'acabar com a vida', 'tirar a minha vida', 'não quero viver', 'quero morrer', 'magoar-me', 'me machucar', 'me cortar', 'cortar-me', 'automutilação'],
    violence: ['bate-me', 'me bate', 'me batem', 'batem-me', 'espanca-me', 'me espanca', 'agride-me', 'me agride', 'ameaça-me', 'me ameaça', 'ameaçou-me', 'violação', 'violou-me', 'estupro', 'abuso sexual', 'violência doméstica', 'violentou'],
    trafficking: ['tráfico de pessoas', 'tráfico humano', 'traficad', 'vendeu-me', 'me venderam', 'venderam-me', 'obrigam-me a trabalhar', 'me obrigam a trabalhar', 'obrigada a trabalhar', 'obrigado a trabalhar', 'forçado a trabalhar', 'forçada a trabalhar', 'não me deixam sair', 'prostituição forçada', 'trancaram-me', 'me trancaram'],
    passportWithheld: ['tirou-me o passaporte', 'tiraram-me o passaporte', 'tirou o meu passaporte', 'tiraram o meu passaporte', 'ficou com o meu passaporte', 'ficaram com o meu passaporte', 'tem o meu passaporte', 'guarda o meu passaporte', 'levou o meu passaporte', 'não me devolve o passaporte', 'não me devolvem o passaporte', 'ficou com os meus documentos', 'tiraram os meus documentos', 'tirou os meus documentos'],
    exploitation: ['não me paga', 'não me pagam', 'não me pagaram', 'não recebo salário', 'não recebo o salário', 'sem salário', 'trabalho sem receber', 'explorado', 'explorada', 'exploração', 'ficam com o meu salário', 'fica com o meu salário'],
    minorAlone: [...ages((n) => [`tenho ${n} anos`, `eu tenho ${n} anos`]), 'sou menor', 'menor de idade', 'menor não acompanhado', 'desacompanhado', 'desacompanhada', 'sozinho sem os meus pais', 'sozinha sem os meus pais', 'sem os meus pais', 'sem pais'],
  },
  it: {
    selfHarm: ['uccidermi', 'suicid', 'togliermi la vita', 'farla finita', 'non voglio più vivere', 'non voglio vivere', 'voglio morire', 'farmi del male', 'autolesionismo', 'tagliarmi'],
    violence: ['mi picchia', 'mi picchiano', 'mi ha picchiato', 'mi ha picchiata', 'mi minaccia', 'mi minacciano', 'mi ha minacciato', 'violenza domestica', 'violenza sessuale', 'stupro', 'stuprata', 'mi ha violentata', 'mi ha violentato', 'mi maltratta', 'mi maltrattano'],
    trafficking: ['tratta di esseri umani', 'tratta di persone', 'trafficat', 'mi hanno venduto', 'mi hanno venduta', 'costretto a lavorare', 'costretta a lavorare', 'mi costringono a lavorare', 'costretta a prostituirmi', 'non mi lasciano uscire', 'mi hanno chiuso dentro', 'mi hanno chiusa dentro'],
    passportWithheld: ['ha preso il mio passaporto', 'hanno preso il mio passaporto', 'mi ha preso il passaporto', 'mi hanno preso il passaporto', 'tiene il mio passaporto', 'tengono il mio passaporto', 'mi ha tolto il passaporto', 'mi hanno tolto il passaporto', 'non mi ridà il passaporto', 'non mi ridanno il passaporto', 'non mi restituisce il passaporto', 'non mi restituiscono il passaporto', 'mi hanno preso i documenti', 'hanno i miei documenti'],
    exploitation: ['non mi paga', 'non mi pagano', 'non mi ha pagato', 'senza paga', 'senza stipendio', 'non ricevo lo stipendio', 'sfruttato', 'sfruttata', 'sfruttamento', 'caporale', 'caporalato', 'mi tolgono lo stipendio', 'tiene il mio stipendio'],
    minorAlone: [...ages((n) => [`ho ${n} anni`]), 'sono minorenne', 'minore non accompagnato', 'minore straniero non accompagnato', 'non accompagnato', 'non accompagnata', 'sono solo senza genitori', 'sono sola senza genitori', 'senza genitori'],
  },
  fi: {
    selfHarm: ['tappaa itseni', 'tapan itseni', 'tappaisin itseni', 'itsemurha', 'haluan kuolla', 'en halua elää', 'satuttaa itseäni', 'satutan itseäni', 'vahingoittaa itseäni', 'viillän itseäni', 'viiltelen', 'lopettaa elämäni'],
    violence: ['hakkaa minua', 'hakkaavat minua', 'lyö minua', 'lyövät minua', 'löi minua', 'pahoinpitel', 'uhkailee minua', 'uhkailevat minua', 'uhkaa tappaa', 'raiskat', 'raiskasi', 'raiskaus', 'lähisuhdeväkivalta', 'perheväkivalta', 'seksuaalinen väkivalta', 'väkivaltaa kotona'],
    trafficking: ['ihmiskauppa', 'myivät minut', 'myi minut', 'pakottaa minut töihin', 'pakottavat minut töihin', 'pakotetaan tekemään töitä', 'pakotettu töihin', 'pakotettiin töihin', 'pakottavat prostituutioon', 'en saa lähteä', 'en pääse lähtemään', 'lukitsivat minut', 'lukitsi minut'],
    passportWithheld: ['otti passini', 'ottivat passini', 'pitää passiani', 'pitävät passiani', 'passini on työnantajalla', 'ei anna passiani', 'eivät anna passiani', 'ei anna passia takaisin', 'ei palauta passiani', 'otti paperini', 'ottivat paperini', 'ottivat henkilöpaperini', 'takavarikoi passini'],
    exploitation: ['ei maksa palkkaa', 'eivät maksa palkkaa', 'ei maksa minulle', 'eivät maksa minulle', 'en saa palkkaa', 'palkkaa ei makseta', 'palkkaani ei maksettu', 'hyväksikäyt', 'riistetään', 'ottaa palkkani', 'ottavat palkkani'],
    minorAlone: [...ages((n) => [`olen ${n}-vuotias`, `olen ${n} vuotias`, `olen ${n} vuotta`, `ikäni on ${n}`]), 'olen alaikäinen', 'alaikäinen yksin', 'ilman huoltajaa', 'yksin ilman vanhempia', 'ilman vanhempia', 'minulla ei ole vanhempia'],
  },
  fr: {
    selfHarm: ['me suicider', 'suicide', 'me tuer', 'mettre fin à mes jours', 'mettre fin à ma vie', 'en finir avec la vie', 'je veux mourir', 'me faire du mal', 'me blesser', 'me scarifier', 'automutilation', 'je ne veux plus vivre'],
    violence: ['me frappe', 'me frappent', 'il me frappe', 'elle me frappe', 'ils me frappent', 'me bat', 'me battent', "m'a frappé", "m'a frappée", 'me menace', 'me menacent', "m'a menacé", 'violence conjugale', 'violences conjugales', 'un viol', 'violée', 'été violé', 'agression sexuelle', "m'a agressé"],
    trafficking: ['traite des êtres humains', 'traite humaine', "on m'a vendu", "ils m'ont vendu", "ils m'ont vendue", 'forcé à travailler', 'forcée à travailler', 'me forcent à travailler', 'forcée à me prostituer', 'forcé à me prostituer', "on m'enferme", "ils m'enferment", "m'ont enfermé", 'pas le droit de sortir'],
    passportWithheld: ['a pris mon passeport', 'ont pris mon passeport', 'garde mon passeport', 'gardent mon passeport', 'confisqué mon passeport', 'confisqué mes papiers', 'a pris mes papiers', 'ont pris mes papiers', 'ne me rend pas mon passeport', 'ne me rendent pas mon passeport', 'ne veut pas me rendre mon passeport', 'a gardé mes papiers'],
    exploitation: ['ne me paie pas', 'ne me paye pas', 'ne me paient pas', 'ne me payent pas', 'sans salaire', 'pas de salaire', 'je suis exploité', "on m'exploite", "ils m'exploitent", "il m'exploite", 'exploitation au travail', 'garde mon salaire', 'prend mon salaire', 'sans être payé'],
    minorAlone: [...ages((n) => [`j'ai ${n} ans`, `jai ${n} ans`]), 'je suis mineur', 'mineur non accompagné', 'mineure non accompagnée', 'mineur isolé', 'mineure isolée', 'seul sans mes parents', 'seule sans mes parents', 'sans mes parents', 'sans parents'],
  },
  es: {
    selfHarm: ['matarme', 'suicid', 'quitarme la vida', 'acabar con mi vida', 'no quiero vivir', 'quiero morir', 'quiero morirme', 'hacerme daño', 'lastimarme', 'cortarme', 'autolesión'],
    violence: ['me pega', 'me pegan', 'me golpea', 'me golpean', 'me ha pegado', 'me amenaza', 'me amenazan', 'me amenazó', 'violencia doméstica', 'violencia de género', 'violación', 'me violó', 'me violaron', 'abuso sexual', 'me maltrata', 'me maltratan'],
    trafficking: ['trata de personas', 'tráfico de personas', 'me vendieron', 'me vendió', 'obligado a trabajar', 'obligada a trabajar', 'me obligan a trabajar', 'obligada a prostituirme', 'no me dejan salir', 'me encierran', 'me encerraron'],
    passportWithheld: ['me quitó el pasaporte', 'me quitaron el pasaporte', 'tiene mi pasaporte', 'tienen mi pasaporte', 'se quedó con mi pasaporte', 'se quedaron con mi pasaporte', 'no me devuelve el pasaporte', 'no me devuelven el pasaporte', 'me quitaron los papeles', 'me quitaron mis documentos', 'guarda mi pasaporte'],
    exploitation: ['no me paga', 'no me pagan', 'no me pagó', 'sin sueldo', 'sin salario', 'trabajo sin cobrar', 'me explota', 'me explotan', 'explotación laboral', 'se queda con mi sueldo', 'se quedan con mi sueldo'],
    minorAlone: [...ages((n) => [`tengo ${n} años`, `tengo ${n} anos`]), 'soy menor', 'menor de edad', 'menor no acompañado', 'menor no acompañada', 'solo sin mis padres', 'sola sin mis padres', 'sin mis padres', 'sin padres'],
  },
  ar: {
    selfHarm: ['انتحار', 'الانتحار', 'انتحر', 'أقتل نفسي', 'اقتل نفسي', 'قتل نفسي', 'أنهي حياتي', 'أريد أن أموت', 'اريد ان اموت', 'بدي موت', 'ابغى اموت', 'لا أريد أن أعيش', 'ما بدي عيش', 'أؤذي نفسي', 'إيذاء نفسي', 'أجرح نفسي'],
    violence: ['يضربني', 'يضربونني', 'ضربني', 'ضربوني', 'يهددني', 'يهددونني', 'هددني', 'اغتصاب', 'اغتصبني', 'اغتصبوني', 'اعتداء جنسي', 'عنف أسري', 'عنف منزلي', 'تحرش', 'يتحرش بي'],
    trafficking: ['الاتجار بالبشر', 'اتجار بالبشر', 'باعوني', 'باعني', 'يجبرونني على العمل', 'يجبرني على العمل', 'أجبروني على العمل', 'مجبر على العمل', 'مجبرة على العمل', 'لا يسمحون لي بالخروج', 'حبسوني', 'دعارة قسرية'],
    passportWithheld: ['أخذ جواز سفري', 'أخذوا جواز سفري', 'أخذ جوازي', 'أخذوا جوازي', 'يحتفظ بجواز سفري', 'يحتفظ بجوازي', 'يحتفظون بجوازي', 'صادر جوازي', 'لا يعطيني جوازي', 'لا يرجع جوازي', 'لا يرجعون جوازي', 'أخذوا أوراقي', 'أخذ أوراقي', 'جوازي عند'],
    exploitation: ['لا يدفع لي', 'لا يدفعون لي', 'بدون راتب', 'بدون أجر', 'لم يدفع راتبي', 'لم يدفعوا راتبي', 'استغلال', 'يستغلني', 'يستغلونني', 'يأخذ راتبي', 'يأخذون راتبي', 'ما بيدفعلي', 'ما يعطيني راتب'],
    minorAlone: [...ages((n) => [`عمري ${n}`, `انا عمري ${n}`]), 'أنا قاصر', 'انا قاصر', 'قاصر غير مصحوب', 'بدون أهلي', 'بدون والدي', 'بدون أهل', 'وحدي بدون أهل', 'طفل وحيد'],
  },
  fa: {
    selfHarm: ['خودکشی', 'خودم را بکشم', 'خودمو بکشم', 'می‌خواهم بمیرم', 'می‌خوام بمیرم', 'نمی‌خواهم زنده باشم', 'نمی‌خوام زنده باشم', 'به خودم آسیب', 'خودزنی', 'رگم را بزنم', 'رگمو بزنم'],
    violence: ['مرا می‌زند', 'من را می‌زند', 'منو می‌زنه', 'منو میزنن', 'کتکم می‌زند', 'کتکم می‌زنه', 'کتکم می‌زنند', 'کتک می‌خورم', 'تهدیدم می‌کند', 'تهدیدم می‌کنه', 'تهدیدم می‌کنند', 'تجاوز جنسی', 'به من تجاوز', 'خشونت خانگی', 'آزار جنسی', 'آزارم می‌دهد', 'آزارم میده'],
    trafficking: ['قاچاق انسان', 'مرا فروختند', 'منو فروختن', 'مجبورم می‌کنند کار کنم', 'مجبورم می‌کنن کار کنم', 'مجبور به کار', 'مجبورم کردند', 'اجازه ندارم بیرون بروم', 'نمی‌گذارند بیرون بروم', 'مرا حبس', 'منو حبس', 'فحشای اجباری'],
    passportWithheld: ['پاسپورتم را گرفت', 'پاسپورتمو گرفت', 'پاسپورت من را گرفت', 'پاسپورتم را نگه', 'گذرنامه‌ام را گرفت', 'گذرنامه‌ام را نگه', 'پاسپورتم دست', 'پاسپورتم را نمی‌دهد', 'پاسپورتم را نمی‌دهند', 'پاسپورتمو نمیده', 'پاسپورتمو نمیدن', 'مدارکم را گرفت', 'مدارکمو گرفت'],
    exploitation: ['حقوقم را نمی‌دهد', 'حقوقم را نمی‌دهند', 'حقوقمو نمیده', 'حقوقمو نمیدن', 'حقوق نمی‌دهند', 'بدون حقوق', 'بدون دستمزد', 'استثمار', 'پولم را نمی‌دهد', 'پولمو نمیده', 'مزدم را نمی‌دهد', 'حقوقم را می‌گیرد'],
    minorAlone: [...ages((n) => [`${n} سالمه`, `${n} سال دارم`, `سنم ${n}`]), 'زیر ۱۸ سال', 'زیر هجده سال', 'کودک بدون همراه', 'نوجوان بدون همراه', 'بدون پدر و مادر', 'بدون خانواده', 'سن قانونی ندارم'],
  },
  uk: {
    selfHarm: ['вбити себе', "вб'ю себе", 'вбю себе', 'покінчити з собою', 'самогубств', 'суїцид', 'хочу померти', 'не хочу жити', 'завдати собі шкоди', 'шкоджу собі', 'ріжу себе', 'порізати себе'],
    violence: ["б'є мене", 'бє мене', "мене б'ють", 'мене бють', 'мене б’ють', 'побив мене', 'побили мене', 'погрожує мені', 'погрожують мені', 'домашнє насильство', 'насильство', 'зґвалтув', 'згвалтув', 'сексуальне насильство', 'знущається з мене'],
    trafficking: ['торгівля людьми', 'торгівлі людьми', 'мене продали', 'продали мене', 'змушують працювати', 'примушують працювати', 'змусили працювати', 'мене не випускають', 'не випускають з дому', 'замкнули мене', 'примусова проституція'],
    passportWithheld: ['забрав мій паспорт', 'забрали мій паспорт', 'забрав паспорт', 'забрали паспорт', 'тримає мій паспорт', 'тримають мій паспорт', 'не віддає паспорт', 'не віддають паспорт', 'не віддає мій паспорт', 'забрали документи', 'забрав документи', 'забрали мої документи', 'паспорт у роботодавця'],
    exploitation: ['не платить мені', 'не платять мені', 'мені не платять', 'мені не платить', 'не заплатив', 'не заплатили', 'без зарплати', 'без оплати праці', 'експлуатац', 'забирає мою зарплату', 'забирають мою зарплату', 'забирають зарплату'],
    minorAlone: [...ages((n) => [`мені ${n} рок`, `мені ${n} р`]), 'я неповнолітн', 'неповнолітній без супроводу', 'без супроводу дорослих', 'без батьків', 'сам без батьків', 'сама без батьків'],
  },
  ti: {
    selfHarm: ['ነብሰይ ክቐትል', 'ነፍሰይ ክቐትል', 'ርእሰይ ክቐትል', 'ክሞት እደሊ', 'ክመውት እደሊ', 'ክነብር ኣይደልን', 'ርእሰ ቅትለት', 'ነብሰይ ክጎድእ', 'ርእሰይ ክጎድእ', 'ርእሰይ ክጉድእ'],
    violence: ['ይወቕዓኒ', 'ይወቕዑኒ', 'ወቒዑኒ', 'ይህርመኒ', 'ይህርሙኒ', 'ሃሪሙኒ', 'የፈራርሃኒ', 'የፈራርሁኒ', 'ጾታዊ ዓመጽ', 'ዓመጽ ጾታዊ', 'ደፊሩኒ', 'ዓመጽ ኣብ ገዛ', 'ይዋርዱኒ'],
    trafficking: ['ምሽጣ ሰባት', 'ምሽጣ ደቂ ሰባት', 'ሸይጦምኒ', 'ሸይጡኒ', 'ብግዲ ክሰርሕ', 'ብግዲ የስርሑኒ', 'ብግዲ የስርሓኒ', 'ክወጽእ ኣይፈቕዱለይን', 'ዓጽዮምኒ', 'ዓጺዮምኒ', 'ብግዲ ኣመንዝራ'],
    passportWithheld: ['ፓስፖርተይ ወሲ', 'ፓስፖርተይ ሒዙ', 'ፓስፖርተይ ሒዞም', 'ፓስፖርተይ ኣይህበንን', 'ፓስፖርተይ ኣይህቡንን', 'ፓስፖርተይ ኣይመልሰለይን', 'ሰነዳተይ ወሲ', 'ሰነዳተይ ሒዞም', 'ወረቐተይ ወሲ'],
    exploitation: ['ደሞዝ ኣይከፍለንን', 'ደሞዝ ኣይከፍሉንን', 'ደሞዝ ኣይህበንን', 'ደሞዝ ኣይህቡንን', 'ደሞዘይ ኣይከፈለንን', 'ብዘይ ደሞዝ', 'ይምዝምዘኒ', 'ይምዝምዙኒ', 'ምዝመዛ', 'ደሞዘይ ይወስድ'],
    minorAlone: [...ages((n) => [`ዕድመይ ${n}`, `${n} ዓመተይ`, `${n} ዓመት እየ`]), 'ንኡስ ዕድመ', 'ንእሽቶ እየ', 'ብዘይ ወለዲ', 'ብዘይ ስድራ', 'ወለደይ የለዉን', 'በይነይ እየ ዘሎኹ'],
  },
};
