"""Plausible names and languages per nationality for synthetic people.

Names written in Arabic script in the country of origin come as (Latin, Arabic) pairs so
that `Person.name_other_script` holds the Arabic form, as a case worker would record it.
The lists are common names only; any resemblance to a real person is the nature of
common names.
"""

from __future__ import annotations

import random

from awda.people.names import normalise

NameEntry = str | tuple[str, str]

# fmt: off
NAMES: dict[str, dict[str, list]] = {
    "GN": {
        "male": ["Mamadou", "Alpha", "Ibrahima", "Ousmane", "Amadou", "Abdoulaye", "Thierno", "Mohamed", "Sékou", "Boubacar", "Lansana", "Mory", "Souleymane", "Alseny", "Fodé", "Saïdou", "Elhadj", "Mamady", "Oumar", "Alhassane", "Ismaël", "Moussa", "Aboubacar", "Naby", "Mamoudou", "Sory"],
        "female": ["Fatoumata", "Mariama", "Aïssatou", "Kadiatou", "Hawa", "Aminata", "Mariame", "Djénabou", "Fanta", "Oumou", "Saran", "Nènè", "Halimatou", "Ramatoulaye", "Mabinty", "Kadija", "Bintou", "Binta"],
        "family": ["Diallo", "Barry", "Bah", "Sow", "Camara", "Condé", "Keïta", "Touré", "Soumah", "Sylla", "Baldé", "Cissé", "Kouyaté", "Kaba", "Traoré", "Bangoura", "Doumbouya", "Kourouma", "Chérif", "Fofana", "Konaté", "Diakité", "Sidibé", "Kanté"],
        "languages": ["français, pular", "français, soussou", "français, malinké", "pular"],
    },
    "CI": {
        "male": ["Kouassi", "Yao", "Konan", "Koffi", "Kouamé", "Jean-Baptiste", "Serge", "Mamadou", "Ibrahim", "Seydou", "Adama", "Lacina", "Drissa", "Yacouba", "Bakary", "Hervé", "Franck", "Arnaud", "Didier", "Wilfried", "Christian", "Cyrille", "Moussa", "Souleymane"],
        "female": ["Aya", "Adjoua", "Affoué", "Amenan", "Akissi", "Mariam", "Fatou", "Awa", "Salimata", "Ramatou", "Christelle", "Grâce", "Estelle", "Prisca", "Nadège", "Sandrine", "Aminata", "Rokia", "Ange", "Larissa"],
        "family": ["Kouassi", "Koné", "Yao", "Konan", "Ouattara", "Kouamé", "Coulibaly", "Touré", "Bamba", "Diomandé", "Traoré", "Koffi", "N'Guessan", "Kouadio", "Doumbia", "Soro", "Silué", "Cissé", "Fofana", "Kra", "Dosso", "Sanogo", "Diabaté", "Aka"],
        "languages": ["français, dioula", "français, baoulé", "français, bété", "français"],
    },
    "SN": {
        "male": ["Mamadou", "Moussa", "Ousmane", "Abdoulaye", "Cheikh", "Modou", "Ibrahima", "Babacar", "Pape", "Serigne", "Alioune", "Omar", "Lamine", "Malick", "Saliou", "Aliou", "Amadou", "Mbaye", "Assane", "Ndiaga"],
        "female": ["Fatou", "Awa", "Aminata", "Khady", "Mariama", "Astou", "Ndeye", "Aïda", "Coumba", "Rokhaya", "Sokhna", "Dieynaba", "Binta", "Adama", "Oumy", "Mame Diarra"],
        "family": ["Ndiaye", "Diop", "Fall", "Sarr", "Sy", "Gueye", "Faye", "Ba", "Diallo", "Mbaye", "Diouf", "Sow", "Ndoye", "Seck", "Cissé", "Thiam", "Kane", "Niang", "Wade", "Sène", "Dieng", "Mbengue", "Touré", "Camara"],
        "languages": ["français, wolof", "wolof, pulaar", "français, sérère", "wolof"],
    },
    "CM": {
        "male": ["Jean", "Paul", "Emmanuel", "Hervé", "Blaise", "Serge", "Joseph", "Samuel", "Christian", "Patrick", "Junior", "Franck", "Rodrigue", "Landry", "Aboubakar", "Hamadou", "Ibrahim", "Yves", "Boris", "Armand"],
        "female": ["Marie", "Brigitte", "Nadège", "Carine", "Sandrine", "Clarisse", "Mireille", "Estelle", "Pauline", "Aïssatou", "Hadiza", "Rose", "Berthe", "Solange", "Laure", "Vanessa"],
        "family": ["Mbarga", "Nkoulou", "Tchinda", "Fotso", "Kamga", "Nana", "Ekotto", "Essomba", "Mballa", "Atangana", "Ndzana", "Fouda", "Talla", "Njoya", "Nguemo", "Mbida", "Tchoupo", "Abena", "Moukouri", "Owona", "Ndjock", "Tchakounté"],
        "languages": ["français, anglais", "français, ewondo", "français, pidgin", "anglais, pidgin"],
    },
    "CG": {
        "male": ["Jean-Claude", "Rodrigue", "Prince", "Destin", "Exaucé", "Patrick", "Arnaud", "Junior", "Chancel", "Dieudonné", "Brice", "Gervais", "Fiston", "Christ", "Bienvenu", "Aimé"],
        "female": ["Merveille", "Grâce", "Prisca", "Gloria", "Divine", "Bénédicte", "Nelly", "Ornella", "Jolie", "Espérance", "Dorcas", "Reine", "Laetitia", "Chancelvie", "Ruth"],
        "family": ["Mabiala", "Mouanda", "Nkounkou", "Massamba", "Loubaki", "Moukala", "Malonga", "Ngoma", "Bouanga", "Samba", "Mampouya", "Kimbembe", "Okemba", "Ngoulou", "Ibara", "Ondongo", "Okandza", "Mboungou", "Miakassissa", "Itoua"],
        "languages": ["français, lingala", "français, kituba", "lingala"],
    },
    "CD": {
        "male": ["Jean-Pierre", "Patrick", "Christian", "Fiston", "Glody", "Héritier", "Trésor", "Dieumerci", "Mardochée", "Blaise", "Serge", "Joël", "Jonathan", "Papy", "Guylain", "Cédrick"],
        "female": ["Grâce", "Chantal", "Nathalie", "Sarah", "Rachel", "Merveille", "Béatrice", "Ruth", "Mamie", "Esther", "Gloire", "Josée", "Francine", "Bijou", "Naomie"],
        "family": ["Mukendi", "Kabongo", "Tshibangu", "Mbuyi", "Ilunga", "Kalala", "Lukusa", "Mutombo", "Kasongo", "Ngalula", "Mbala", "Nsimba", "Lumbala", "Kanku", "Tshimanga", "Mwamba", "Kayembe", "Bokele", "Lokwa", "Makiese"],
        "languages": ["français, lingala", "français, swahili", "français, tshiluba", "lingala"],
    },
    "ML": {
        "male": ["Moussa", "Mamadou", "Seydou", "Adama", "Boubacar", "Bakary", "Sékou", "Drissa", "Oumar", "Modibo", "Souleymane", "Yaya", "Amadou", "Ibrahim", "Issa", "Lassana", "Cheick", "Tiémoko"],
        "female": ["Aminata", "Fatoumata", "Mariam", "Kadiatou", "Awa", "Oumou", "Assitan", "Djénéba", "Rokia", "Salimata", "Kadidia", "Nana", "Hawa"],
        "family": ["Traoré", "Coulibaly", "Keïta", "Diarra", "Koné", "Sangaré", "Touré", "Doumbia", "Diakité", "Sissoko", "Dembélé", "Maïga", "Cissé", "Konaté", "Kanté", "Samaké", "Sidibé", "Camara", "Bagayoko"],
        "languages": ["français, bambara", "bambara, soninké", "français, peul", "bambara"],
    },
    "NG": {
        "male": ["Chinedu", "Emeka", "Oluwaseun", "Tunde", "Ibrahim", "Musa", "Yusuf", "Samuel", "Daniel", "Godwin", "Chukwuma", "Ifeanyi", "Babatunde", "Segun", "Abubakar", "Kelechi", "Uchenna", "Victor", "Friday", "Sunday"],
        "female": ["Blessing", "Chioma", "Ngozi", "Funmilayo", "Aisha", "Fatima", "Amina", "Joy", "Favour", "Adaeze", "Folake", "Precious", "Esther", "Mercy", "Ifeoma", "Grace"],
        "family": ["Okafor", "Okonkwo", "Adeyemi", "Oluwole", "Bello", "Abubakar", "Ibrahim", "Eze", "Nwosu", "Okeke", "Adebayo", "Ogunleye", "Umar", "Balogun", "Chukwu", "Obi", "Afolabi", "Musa", "Ogundipe", "Nwachukwu"],
        "languages": ["anglais, yoruba", "anglais, igbo", "anglais, haoussa", "anglais, pidgin"],
    },
    "LR": {
        "male": ["Emmanuel", "Samuel", "Joseph", "Prince", "Moses", "Varney", "Momo", "Augustine", "Sekou", "Abraham", "Mulbah", "Tamba"],
        "female": ["Comfort", "Hawa", "Musu", "Princess", "Patience", "Mary", "Esther", "Fatu", "Massa", "Korpo"],
        "family": ["Kollie", "Flomo", "Kamara", "Johnson", "Dolo", "Togba", "Massaquoi", "Kromah", "Sumo", "Gbarbea", "Kpoto", "Zinnah", "Tarr", "Doe"],
        "languages": ["anglais, kpelle", "anglais", "anglais, bassa"],
    },
    "BF": {
        "male": ["Issouf", "Salif", "Souleymane", "Ousmane", "Adama", "Boukary", "Harouna", "Abdoul Aziz", "Karim", "Hamidou", "Idrissa", "Lassané", "Inoussa", "Moumouni"],
        "female": ["Aminata", "Mariam", "Awa", "Salamata", "Alizeta", "Rasmata", "Fatimata", "Haoua", "Safiatou", "Bibata"],
        "family": ["Ouédraogo", "Sawadogo", "Kaboré", "Zongo", "Traoré", "Ilboudo", "Sanou", "Zoungrana", "Nikiéma", "Tapsoba", "Kiemdé", "Yaméogo", "Sana", "Bationo"],
        "languages": ["français, mooré", "français, dioula", "mooré"],
    },
    "GM": {
        "male": ["Lamin", "Ebrima", "Modou", "Alieu", "Musa", "Ousman", "Bakary", "Omar", "Sainey", "Momodou", "Sulayman", "Yusupha", "Kebba", "Abdoulie", "Buba"],
        "female": ["Fatou", "Isatou", "Mariama", "Awa", "Haddy", "Binta", "Kaddy", "Jainaba", "Ndey", "Oumie"],
        "family": ["Ceesay", "Sowe", "Touray", "Bah", "Njie", "Camara", "Darboe", "Sanneh", "Jobe", "Bojang", "Jatta", "Manneh", "Drammeh", "Saidy", "Fofana", "Conteh"],
        "languages": ["anglais, wolof", "anglais, mandinka", "anglais, peul"],
    },
    "GH": {
        "male": ["Kwame", "Kofi", "Kwabena", "Yaw", "Kwaku", "Kojo", "Emmanuel", "Isaac", "Samuel", "Ebenezer", "Prince", "Ibrahim", "Richard"],
        "female": ["Ama", "Akosua", "Abena", "Adwoa", "Efua", "Afia", "Yaa", "Gifty", "Abigail", "Mercy", "Comfort", "Akua"],
        "family": ["Mensah", "Owusu", "Boateng", "Asante", "Osei", "Agyeman", "Appiah", "Addo", "Amoah", "Darko", "Quaye", "Ofori", "Antwi", "Acheampong", "Sarpong", "Yeboah"],
        "languages": ["anglais, twi", "anglais, ewe", "anglais, ga"],
    },
    "SD": {
        "male": [("Mohammed", "محمد"), ("Ahmed", "أحمد"), ("Abdelrahman", "عبد الرحمن"), ("Omer", "عمر"), ("Ibrahim", "إبراهيم"), ("Hassan", "حسن"), ("Hussein", "حسين"), ("Yousif", "يوسف"), ("Adam", "آدم"), ("Ishag", "إسحاق"), ("Mustafa", "مصطفى"), ("Elsadig", "الصادق"), ("Abdalla", "عبد الله"), ("Khalid", "خالد"), ("Tarig", "طارق"), ("Musa", "موسى"), ("Suleiman", "سليمان")],
        "female": [("Fatima", "فاطمة"), ("Amna", "آمنة"), ("Hawa", "حواء"), ("Mariam", "مريم"), ("Zeinab", "زينب"), ("Khadija", "خديجة"), ("Hanan", "حنان"), ("Sara", "سارة"), ("Aisha", "عائشة"), ("Nafisa", "نفيسة"), ("Samah", "سماح"), ("Halima", "حليمة")],
        "family": [("Abdallah", "عبد الله"), ("Elamin", "الأمين"), ("Adam", "آدم"), ("Ibrahim", "إبراهيم"), ("Hamid", "حامد"), ("Eltayeb", "الطيب"), ("Babiker", "بابكر"), ("Abakar", "أبكر"), ("Idris", "إدريس"), ("Yagoub", "يعقوب"), ("Haroun", "هارون"), ("Elnour", "النور"), ("Bakhit", "بخيت"), ("Ali", "علي"), ("Ismail", "إسماعيل"), ("Yahya", "يحيى")],
        "languages": ["arabe", "arabe, anglais", "arabe, four", "arabe, zaghawa"],
    },
    "PH": {
        "male": ["John Paul", "Mark", "Jerome", "Rodel", "Jayson", "Michael", "Ronaldo", "Christopher", "Renato", "Joel"],
        "female": ["Maria Cristina", "Rowena", "Marites", "Jocelyn", "Mary Grace", "Lorna", "Cherry", "Analyn", "Rosalie", "Maricel", "Janet", "Lovely", "Princess", "Girlie"],
        "family": ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz", "Villanueva", "Ramos", "Aquino", "Castillo", "Flores", "Navarro", "Gonzales", "Torres", "Mercado"],
        "languages": ["anglais, tagalog", "tagalog, cebuano", "anglais, ilocano"],
    },
    "SL": {
        "male": ["Mohamed", "Ibrahim", "Abu", "Alhaji", "Foday", "Sahr", "Abdul", "Sorie", "Alie", "Santigie"],
        "female": ["Fatmata", "Isatu", "Aminata", "Mariatu", "Hawa", "Adama", "Kadiatu", "Jeneba", "Zainab", "Memuna"],
        "family": ["Kamara", "Sesay", "Koroma", "Conteh", "Bangura", "Turay", "Kargbo", "Mansaray", "Fofanah", "Kanu", "Sankoh", "Kallon"],
        "languages": ["anglais, krio", "krio, temne", "krio, mende"],
    },
    "LK": {
        "male": ["Nuwan", "Kasun", "Chaminda", "Ruwan", "Tharindu", "Suresh", "Pradeep", "Rizwan", "Dinesh", "Kumar"],
        "female": ["Dilani", "Nadeesha", "Chamari", "Sanduni", "Ishara", "Kavitha", "Priyanka"],
        "family": ["Perera", "Fernando", "Silva", "Jayasinghe", "Bandara", "Wijesinghe", "Kumara", "Dissanayake", "Herath", "Gunawardena", "Sivakumar"],
        "languages": ["cingalais, anglais", "tamoul, anglais"],
    },
    "TG": {
        "male": ["Kodjo", "Komi", "Yao", "Kossi", "Koffi", "Mawuli", "Edem", "Elom", "Akim", "Sena", "Kokou"],
        "female": ["Akossiwa", "Ablavi", "Afi", "Ayawavi", "Dzifa", "Mawuena", "Enyonam", "Yawa"],
        "family": ["Agbeko", "Amegah", "Adjovi", "Akakpo", "Kpodar", "Mensah", "Lawson", "Tchalla", "Sossou", "Dogbe", "Atsu", "Klutse", "Ayivi"],
        "languages": ["français, éwé", "français, kabiyè", "éwé"],
    },
    "AR": {
        "male": ["Juan Pablo", "Martín", "Diego", "Sebastián", "Lucas", "Matías"],
        "female": ["Sofía", "Valentina", "Camila", "Lucía", "Florencia"],
        "family": ["González", "Rodríguez", "Fernández", "López", "Martínez", "Pérez", "Gómez", "Díaz"],
        "languages": ["espagnol", "espagnol, anglais"],
    },
    "MG": {
        "male": ["Rija", "Hery", "Tiana", "Andry", "Mamy", "Haja", "Faly"],
        "female": ["Fanja", "Voahangy", "Lalao", "Hanitra", "Nirina", "Vola"],
        "family": ["Rakotomalala", "Randriamampionona", "Razafindrakoto", "Rakotonirina", "Andrianarisoa", "Ravelomanana", "Rasolofo"],
        "languages": ["malgache, français"],
    },
    "TD": {
        "male": ["Mahamat", "Abakar", "Djibrine", "Idriss", "Hassane", "Adoum", "Allamine", "Brahim", "Ngarlem"],
        "female": ["Achta", "Zara", "Hadjé", "Fatimé", "Khadidja", "Halimé", "Mariam"],
        "family": ["Abdoulaye", "Idriss", "Haroun", "Saleh", "Djimadoum", "Ngarmbaye", "Abakar", "Adoum", "Hassaballah", "Youssouf"],
        "languages": ["français, arabe tchadien", "arabe tchadien", "français, sara"],
    },
    "GA": {
        "male": ["Ulrich", "Franck", "Landry", "Brice", "Yannick", "Steeve", "Loïc"],
        "female": ["Nadège", "Murielle", "Audrey", "Ginette", "Larissa", "Marlène"],
        "family": ["Ondo", "Nguema", "Mba", "Obame", "Ndong", "Mintsa", "Moussavou", "Mouele", "Boussougou", "Mabika"],
        "languages": ["français, fang", "français"],
    },
    "GW": {
        "male": ["Braima", "Bacar", "Aliu", "Sadjo", "Umaro", "Domingos", "Augusto", "Adulai", "Malam"],
        "female": ["Fatumata", "Mariama", "Binta", "Cadi", "Djenabu", "Maimuna", "Sábado"],
        "family": ["Baldé", "Embaló", "Mané", "Sané", "Camará", "Turé", "Sissé", "Indjai", "Có", "Gomes", "Mendes", "Cá"],
        "languages": ["portugais, créole", "créole, peul"],
    },
    "BJ": {
        "male": ["Koffi", "Sènan", "Codjo", "Rodrigue", "Cyrille", "Gildas", "Ulrich", "Sylvain", "Armel", "Romaric"],
        "female": ["Afiavi", "Rachida", "Blandine", "Edwige", "Nafissatou", "Mariette", "Chimène", "Reine"],
        "family": ["Houngbédji", "Dossou", "Agossou", "Hounkpatin", "Ahouansou", "Tossou", "Zinsou", "Akpovi", "Gbaguidi", "Kiki"],
        "languages": ["français, fon", "français, yoruba"],
    },
    "DO": {
        "male": ["José Miguel", "Luis", "Carlos", "Rafael", "Ramón", "Jorge"],
        "female": ["Yesenia", "Rosa", "Marisol", "Yocasta", "Carolina"],
        "family": ["Rodríguez", "Martínez", "Pérez", "Ramírez", "Reyes", "Guzmán", "Peña", "Santana"],
        "languages": ["espagnol"],
    },
    "NE": {
        "male": ["Issoufou", "Moussa", "Abdou", "Hamadou", "Ibrahim", "Souleymane", "Boubacar", "Hassane", "Salissou"],
        "female": ["Aïchatou", "Mariama", "Hadiza", "Zeinabou", "Rabi", "Fati", "Halima"],
        "family": ["Abdou", "Maman", "Hamani", "Mahamadou", "Souley", "Boukari", "Garba", "Harouna", "Illiassou"],
        "languages": ["français, haoussa", "français, zarma"],
    },
    "EG": {
        "male": [("Mahmoud", "محمود"), ("Ahmed", "أحمد"), ("Mostafa", "مصطفى"), ("Karim", "كريم"), ("Amr", "عمرو"), ("Hany", "هاني"), ("Tamer", "تامر"), ("Sherif", "شريف")],
        "female": [("Mona", "منى"), ("Heba", "هبة"), ("Nour", "نور"), ("Yasmin", "ياسمين"), ("Doaa", "دعاء")],
        "family": [("Abdelaziz", "عبد العزيز"), ("Hassan", "حسن"), ("Mahmoud", "محمود"), ("Fawzy", "فوزي"), ("Salem", "سالم"), ("Ibrahim", "إبراهيم"), ("Mansour", "منصور"), ("Shehata", "شحاتة")],
        "languages": ["arabe", "arabe, anglais"],
    },
    "CF": {
        "male": ["Jean-Claude", "Rodrigue", "Thierry", "Éloi", "Brice", "Aristide", "Dieudonné", "Fidèle"],
        "female": ["Odette", "Clarisse", "Pélagie", "Edith", "Sylvie", "Bertille"],
        "family": ["Yakité", "Ngouandji", "Dokossi", "Koyassambia", "Sembé", "Gbazia", "Yangongo", "Ndoyo", "Namsene", "Zoumandji"],
        "languages": ["français, sango", "sango"],
    },
    "SS": {
        "male": ["John", "Peter", "James", "Deng", "Garang", "Malual", "Akol", "Gabriel"],
        "female": ["Nyandeng", "Achol", "Abuk", "Mary", "Rebecca", "Agnes"],
        "family": ["Deng", "Garang", "Akol", "Majok", "Mabior", "Lual", "Wol", "Bol", "Chol", "Ayuen"],
        "languages": ["anglais, arabe de Juba", "anglais, dinka", "arabe de Juba, nuer"],
    },
    "SY": {
        "male": [("Mohammad", "محمد"), ("Ahmad", "أحمد"), ("Omar", "عمر"), ("Khaled", "خالد"), ("Mahmoud", "محمود"), ("Ammar", "عمار"), ("Yaser", "ياسر"), ("Hussam", "حسام"), ("Rami", "رامي"), ("Ayman", "أيمن"), ("Fadi", "فادي"), ("Majd", "مجد"), ("Abdulkarim", "عبد الكريم")],
        "female": [("Fatima", "فاطمة"), ("Rasha", "رشا"), ("Lina", "لينا"), ("Hala", "هالة"), ("Reem", "ريم"), ("Nour", "نور"), ("Amal", "أمل"), ("Rania", "رانيا"), ("Ghada", "غادة"), ("Yara", "يارا"), ("Sidra", "سدرة")],
        "family": [("Al-Hamwi", "الحموي"), ("Haddad", "حداد"), ("Al-Halabi", "الحلبي"), ("Al-Khatib", "الخطيب"), ("Darwish", "درويش"), ("Al-Masri", "المصري"), ("Al-Shami", "الشامي"), ("Al-Kurdi", "الكردي"), ("Al-Sabbagh", "الصباغ"), ("Hamdan", "حمدان"), ("Al-Najjar", "النجار")],
        "languages": ["arabe", "arabe, kurde", "arabe, anglais"],
    },
    "YE": {
        "male": [("Abdulrahman", "عبد الرحمن"), ("Mohammed", "محمد"), ("Ali", "علي"), ("Saleh", "صالح"), ("Fuad", "فؤاد"), ("Nabil", "نبيل"), ("Waleed", "وليد"), ("Ameen", "أمين")],
        "female": [("Sumaya", "سمية"), ("Hanan", "حنان"), ("Arwa", "أروى"), ("Bushra", "بشرى"), ("Afrah", "أفراح"), ("Wafa", "وفاء")],
        "family": [("Al-Ahmadi", "الأحمدي"), ("Al-Yamani", "اليماني"), ("Saeed", "سعيد"), ("Al-Hakimi", "الحكيمي"), ("Qassem", "قاسم"), ("Ghaleb", "غالب"), ("Al-Absi", "العبسي")],
        "languages": ["arabe"],
    },
    "IQ": {
        "male": [("Hussein", "حسين"), ("Ali", "علي"), ("Haider", "حيدر"), ("Mustafa", "مصطفى"), ("Karrar", "كرار"), ("Abbas", "عباس")],
        "female": [("Zahraa", "زهراء"), ("Noor", "نور"), ("Zainab", "زينب"), ("Shahad", "شهد"), ("Maryam", "مريم")],
        "family": [("Al-Saadi", "الساعدي"), ("Al-Jubouri", "الجبوري"), ("Al-Obaidi", "العبيدي"), ("Kadhim", "كاظم"), ("Jassim", "جاسم"), ("Al-Tamimi", "التميمي")],
        "languages": ["arabe", "arabe, kurde"],
    },
    "MA": {
        "male": [("Mohamed", "محمد"), ("Youssef", "يوسف"), ("Hamza", "حمزة"), ("Ayoub", "أيوب"), ("Mehdi", "المهدي"), ("Yassine", "ياسين"), ("Omar", "عمر"), ("Anas", "أنس"), ("Soufiane", "سفيان"), ("Abdelilah", "عبد الإله"), ("Rachid", "رشيد"), ("Said", "سعيد"), ("Hicham", "هشام"), ("Karim", "كريم"), ("Mustapha", "مصطفى"), ("Abdellah", "عبد الله"), ("Ismail", "إسماعيل"), ("Zakaria", "زكرياء"), ("Othmane", "عثمان"), ("Bilal", "بلال"), ("Nabil", "نبيل"), ("Adil", "عادل"), ("Khalid", "خالد"), ("Redouane", "رضوان"), ("Jamal", "جمال")],
        "female": [("Fatima Zahra", "فاطمة الزهراء"), ("Khadija", "خديجة"), ("Salma", "سلمى"), ("Imane", "إيمان"), ("Hanane", "حنان"), ("Nadia", "نادية"), ("Meryem", "مريم"), ("Sanaa", "سناء"), ("Siham", "سهام"), ("Zineb", "زينب"), ("Asmae", "أسماء"), ("Loubna", "لبنى"), ("Houda", "هدى"), ("Naima", "نعيمة"), ("Kawtar", "كوثر")],
        "family": [("El Amrani", "العمراني"), ("Benali", "بنعلي"), ("El Idrissi", "الإدريسي"), ("Alaoui", "العلوي"), ("Bennani", "بناني"), ("Tazi", "التازي"), ("El Fassi", "الفاسي"), ("Berrada", "برادة"), ("Chraibi", "الشرايبي"), ("Ouahbi", "الوهبي"), ("Ait Ahmed", "آيت أحمد"), ("Amzil", "أمزيل"), ("Boussaid", "بوسعيد"), ("El Khatib", "الخطيب"), ("Lahlou", "لحلو"), ("Benjelloun", "بنجلون"), ("Ziani", "الزياني"), ("Haddou", "حدو"), ("Ouchen", "أوشن"), ("Naciri", "الناصري"), ("El Mansouri", "المنصوري"), ("Bouzid", "بوزيد"), ("Raji", "الراجي"), ("Kabbaj", "القباج"), ("Sebti", "السبتي")],
        "languages": ["arabe (darija)", "arabe, amazighe", "arabe, français", "arabe, espagnol"],
    },
}
# fmt: on

# Countries whose "Autres" returnees the demo draws from, with relative weights.
OTHER_ORIGINS: dict[str, int] = {
    "GM": 8,
    "GH": 6,
    "BF": 6,
    "SL": 5,
    "SD": 5,
    "LR": 4,
    "TG": 4,
    "BJ": 3,
    "NE": 3,
    "GW": 3,
    "TD": 3,
    "CF": 2,
    "GA": 2,
    "SS": 1,
    "PH": 3,
    "CD": 3,
    "CG": 3,
    "ML": 3,
    "NG": 3,
    "CM": 2,
}


def _split(entry: NameEntry) -> tuple[str, str]:
    return entry if isinstance(entry, tuple) else (entry, "")


class NameMaker:
    """Draws names for a nationality from `NAMES`, never one of the reserved (known) ones."""

    def __init__(self, rng: random.Random, reserved: frozenset[tuple[str, str]] = frozenset()):
        self.rng = rng
        self.reserved = reserved

    def pools(self, nationality: str) -> dict[str, list]:
        return NAMES.get(nationality) or NAMES["GN"]

    def family(self, nationality: str) -> NameEntry:
        return self.rng.choice(self.pools(nationality)["family"])

    def person(
        self, nationality: str, sex: str, family: NameEntry | None = None
    ) -> tuple[str, str, str, NameEntry]:
        """(given name, family name, name in Arabic script or '', family-name entry to give
        the rest of the household)."""
        pools = self.pools(nationality)
        given_pool = pools["male" if sex == "M" else "female"]
        for _attempt in range(20):
            given_entry = self.rng.choice(given_pool)
            family_entry = family if family is not None else self.rng.choice(pools["family"])
            given, given_ar = _split(given_entry)
            fam, fam_ar = _split(family_entry)
            if (normalise(given), normalise(fam)) not in self.reserved:
                break
            family = None  # a reserved pair: draw both names again
        other = f"{given_ar} {fam_ar}" if given_ar and fam_ar else ""
        return given, fam, other, family_entry

    def languages(self, nationality: str) -> str:
        return self.rng.choice(self.pools(nationality)["languages"])
