import Foundation

/// A prompt as the rules see it: lower case, diacritics folded ("Mädchen" → "madchen",
/// "niño" → "nino", "ß" → "ss"), split into words at anything that is not a letter or a
/// digit ("l'enfant" → "l", "enfant"; "deep-fake" → "deep", "fake"). Rules match whole words
/// or runs of words, so "skirt" never matches "kid" and "kidney" is not "kid".
public struct PromptWords: Sendable, Equatable {
    public let words: [String]

    public init(_ text: String) { words = Self.normalise(text) }

    static func normalise(_ text: String) -> [String] {
        let folded = spellingTricksUndone(text).lowercased()
            .replacingOccurrences(of: "ß", with: "ss")
            .folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        return folded.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// The text a reader sees, whatever the bytes: NFKC (fullwidth and mathematical letters,
    /// ligatures become plain ones), invisible format characters (Unicode category Cf: soft
    /// hyphen, zero-width space and joiners, bidi controls) dropped, and Cyrillic, Greek and
    /// Armenian look-alikes folded to the Latin letter they imitate (`Confusables`, from
    /// Unicode's confusables data), before and after lower-casing. So "un\u{AD}dress",
    /// "un\u{200B}dress", "undrеss" (Cyrillic е) and "ｕｎｄｒｅｓｓ" all read "undress".
    static func spellingTricksUndone(_ text: String) -> String {
        func fold(_ text: String) -> String {
            var scalars = String.UnicodeScalarView()
            for scalar in text.unicodeScalars where scalar.properties.generalCategory != .format {
                scalars.append(Confusables.toLatin[scalar] ?? scalar)
            }
            return String(scalars)
        }
        let once = fold(text.precomposedStringWithCompatibilityMapping)
        return fold(once.lowercased())
    }

    /// Whether `phrase` occurs as a run of whole words.
    public func contains(_ phrase: Phrase) -> Bool {
        let n = phrase.words.count
        guard n > 0, words.count >= n else { return false }
        for start in 0...(words.count - n) where phrase.matches(words[start..<start + n]) { return true }
        return false
    }
}

/// One word or a run of words, written as a user would ("make it look like", "décapité").
/// A trailing `*` on the last word matches any ending ("decapit*": decapitate, decapitazione,
/// décapité), for stems shared by several languages.
public struct Phrase: Sendable, Equatable, CustomStringConvertible {
    public let words: [String]
    public let prefixMatch: Bool
    public let description: String

    public init(_ text: String) {
        description = text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        prefixMatch = trimmed.hasSuffix("*")
        words = PromptWords.normalise(prefixMatch ? String(trimmed.dropLast()) : trimmed)
    }

    func matches(_ run: ArraySlice<String>) -> Bool {
        for (i, (word, candidate)) in zip(words, run).enumerated() {
            if prefixMatch && i == words.count - 1 {
                if !candidate.hasPrefix(word) { return false }
            } else if word != candidate {
                return false
            }
        }
        return true
    }
}

/// A rule about what alive refuses to make. It fires when any of its `conditions` holds; a
/// condition holds when every one of its word groups has a phrase in the prompt. So a rule
/// of one group is a word list, and a rule of two groups is a combination ("a minor word and
/// a sexual word") where each word alone is innocent.
public struct PromptRule: Sendable, Equatable {
    public var id: String
    /// What the rule refuses, in words shown to the user.
    public var reason: String
    /// Languages its words are written in (informative: every rule is matched against every
    /// prompt, since prompts mix languages).
    public var languages: [String]
    public var conditions: [[[Phrase]]]
    /// False for rules no policy file may relax (minors, non-consensual intimate imagery).
    public var relaxable: Bool

    public init(id: String, reason: String, languages: [String] = [], conditions: [[[Phrase]]], relaxable: Bool = true) {
        self.id = id
        self.reason = reason
        self.languages = languages
        self.conditions = conditions
        self.relaxable = relaxable
    }

    /// The first phrase of each group of the condition that holds, or nil.
    public func match(_ prompt: PromptWords) -> [Phrase]? {
        for condition in conditions where !condition.isEmpty {
            var found: [Phrase] = []
            for group in condition {
                guard let hit = group.first(where: prompt.contains) else { break }
                found.append(hit)
            }
            if found.count == condition.count { return found }
        }
        return nil
    }
}

/// What alive refuses to make, whatever the policy file says about the rest. The words are in
/// the six languages the prompt reader knows. Bump `version` whenever a word changes: the
/// manifest records it.
public enum PromptRules {
    public static let version = "alive-prompt-rules/2"
    public static let languages = ["en", "it", "de", "es", "fr", "pt"]

    static func words(_ list: [String]) -> [Phrase] { list.map(Phrase.init) }

    /// Words for a child or a minor. Words that also name adults ("girl", "Junge" as an
    /// adjective) appear only in phrases that make the age plain.
    static let minors = words([
        "child", "children", "kid", "kids", "minor", "minors", "underage", "under age", "preteen", "pre teen",
        "teen", "teens", "teenager", "teenagers", "toddler", "toddlers", "infant", "infants", "newborn", "a baby",
        "the baby", "babies", "baby boy",
        "little girl", "little girls", "little boy", "little boys", "young girl", "young girls", "young boy",
        "young boys", "schoolgirl", "schoolgirls", "schoolboy", "schoolboys",
        // it
        "bambino", "bambina", "bambini", "bambine", "bimbo", "bimba", "bimbi", "bimbe", "ragazzino", "ragazzina",
        "ragazzini", "ragazzine", "minorenne", "minorenni", "adolescente", "adolescenti", "neonato", "neonata",
        "scolaretta", "scolaretto",
        // de
        "ein kind", "das kind", "dem kind", "einem kind", "kleines kind", "nacktes kind", "nackten kind",
        "kinder", "kindes", "kleinkind", "kleinkinder", "madchen", "kleines madchen", "junges madchen",
        "kleiner junge", "minderjahrig", "minderjahrige", "minderjahrigen", "minderjahriger", "jugendlich",
        "jugendliche", "jugendlicher", "schulmadchen", "saugling",
        // es
        "un nino", "el nino", "este nino", "una nina", "la nina", "esta nina", "ninos", "ninas", "menor", "menores", "menor de edad", "menores de edad",
        "adolescentes", "colegiala", "colegialas", "un bebe", "el bebe", "le bebe",
        // fr
        "enfant", "enfants", "fillette", "fillettes", "petite fille", "petit garcon", "gamin", "gamine", "mineur",
        "mineure", "mineurs", "mineures", "adolescent", "ado", "ados", "ecoliere", "ecolieres",
        // pt
        "crianca", "criancas", "menino", "menina", "meninos", "meninas", "menor de idade", "menores de idade",
        "garoto", "garota", "colegial", "o bebe", "um bebe",
    ])

    /// Sexual words: innocent alone ("a sexy sports car"), refused beside a minor word.
    static let sexual = words([
        "sex", "sexual", "sexually", "sexy", "nude", "nudes", "nudity", "naked", "porn", "porno", "pornographic",
        "pornography", "erotic", "erotica", "nsfw", "lingerie", "seductive", "seductively", "topless", "undressed",
        "striptease", "fetish", "orgasm", "intercourse", "genitals", "aroused",
        // it
        "sesso", "sessuale", "sessuali", "nudo", "nuda", "nudi", "pornografico", "pornografica", "erotico",
        "erotici", "spogliata", "spogliato", "seducente",
        // de
        "sexuell", "sexuelle", "sexuellen", "nackt", "nackte", "nackten", "nacktes", "nackter", "nacktheit", "pornografisch", "erotisch",
        "erotische", "verfuhrerisch",
        // es
        "sexo", "desnudo", "desnuda", "desnudos", "desnudas", "pornografico", "erotico", "erotica", "lenceria",
        // fr
        "sexe", "sexuel", "sexuelle", "sexuels", "nu", "nue", "nus", "nues", "pornographique", "erotique",
        // pt
        "nua", "nuas", "pelado", "pelada", "pelados", "peladas", "porno", "sensual",
    ])

    /// Undressing a person: on a photo of someone this makes intimate imagery without consent.
    static let undressing = words([
        "undress", "undressing", "nudify", "nudified", "deepnude", "deep nude", "revenge porn",
        "remove her clothes", "remove his clothes", "remove their clothes", "take off her clothes",
        "take off his clothes", "take her clothes off", "take his clothes off", "strip her", "strip him",
        "strip them", "make her naked", "make him naked", "make them naked", "see through her clothes",
        // it
        "spogliala", "spoglialo", "spogliarla", "spogliarlo", "svestila", "svestilo", "svestirla", "togli i vestiti",
        "togligli i vestiti", "toglile i vestiti", "rendila nuda", "rendilo nudo", "porno vendetta",
        // de
        "zieh sie aus", "zieh ihn aus", "sie ausziehen", "ihn ausziehen", "entkleiden", "entkleide", "mach sie nackt", "mach ihn nackt",
        "rachepornografie", "racheporno",
        // es
        "desnudala", "desnudalo", "desnudarla", "desnudarlo", "quitale la ropa", "quitarle la ropa",
        "porno vengativo", "porno de venganza",
        // fr
        "deshabille la", "deshabille le", "deshabiller", "deshabillez", "enleve ses vetements",
        "enlever ses vetements", "rends la nue", "porno vengeur", "porno de vengeance",
        // pt
        "despir", "despe la", "tire a roupa dela", "tirar a roupa dela", "tirar a roupa dele", "tira a roupa dela", "deixe a nua", "deixa la nua",
        "pornografia de vinganca",
    ])

    /// Nudity words and words that say the person did not agree (or is a real, named other).
    static let nudity = words([
        "nude", "naked", "topless", "nudo", "nuda", "nackt", "nackte", "desnudo", "desnuda", "nue", "nu", "nua",
        "pelada", "pelado",
    ])
    static let withoutConsent = words([
        "without consent", "without her consent", "without his consent", "without their consent", "my ex",
        "ex girlfriend", "ex boyfriend", "ex wife", "ex husband", "classmate", "coworker", "co worker",
        "colleague", "neighbour", "neighbor",
        "senza consenso", "senza il suo consenso", "la mia ex", "il mio ex", "compagna di classe", "collega", "vicina",
        "ohne zustimmung", "ohne einwilligung", "meine ex", "mein ex", "exfreundin", "klassenkameradin", "kollegin",
        "nachbarin",
        "sin consentimiento", "sin su consentimiento", "mi ex", "companera de clase", "companera", "vecina",
        "sans consentement", "sans son consentement", "mon ex", "camarade de classe", "voisine",
        "sem consentimento", "sem o consentimento", "minha ex", "colega de classe", "colega", "vizinha",
    ])

    /// Words that alone mean sexual content involving minors.
    static let abuseTerms = words([
        "child porn", "childporn", "kiddie porn", "kiddy porn", "child pornography", "csam", "jailbait", "lolicon",
        "shotacon", "pedo", "pedophile", "pedophilia", "paedophile", "paedophilia",
        "pedopornografia", "pedopornografico", "pedofilo", "pedofilia", "pornografia infantile",
        "kinderporno", "kinderpornografie", "kinderpornographie", "padophil", "padophile", "padophilie",
        "pornografia infantil", "pedofilo", "pedopornografia",
        "pedopornographie", "pornographie infantile", "pedophilie",
        "pornografia infantil", "pedofilia",
    ])

    /// "Make it look like ..." with words of speech: putting words in a real person's mouth.
    static let seeming = words([
        "make it look like", "make it look as if", "make it seem like", "make it seem as if", "make it appear",
        "look as if", "as if he said", "as if she said", "pretend that",
        "fai sembrare che", "far sembrare che", "come se avesse detto", "fingi che",
        "lass es aussehen als", "so aussehen lassen als", "als hatte er gesagt", "als hatte sie gesagt", "tu so als",
        "haz que parezca que", "hacer que parezca que", "como si hubiera dicho", "finge que",
        "fais croire que", "faire croire que", "donne l impression que", "comme s il avait dit",
        "comme si elle avait dit",
        "faca parecer que", "fazer parecer que", "como se tivesse dito", "finja que",
    ])
    static let speech = words([
        "said", "says", "say", "saying", "confess", "confessed", "confesses", "admit", "admitted", "admits",
        "announce", "announced", "announces", "declare", "declared", "statement", "speech",
        "detto", "dica", "confessa", "ammette", "annuncia", "dichiara", "dichiarazione", "discorso",
        "gesagt", "sagt", "gesteht", "gestanden", "gibt zu", "verkundet", "erklart", "rede",
        "dicho", "dijo", "diga", "confiesa", "admite", "anuncia", "declara", "declaracion", "discurso",
        "dit", "dise", "avoue", "admet", "annonce", "declare", "declaration",
        "disse", "diz", "confessou", "admite", "anunciou", "declarou", "declaracao",
    ])
    /// Words that alone ask for a deceptive likeness or fabricated proof.
    static let deception = words([
        "deepfake", "deepfakes", "deep fake", "deep fakes", "face swap", "faceswap", "swap his face", "swap her face",
        "impersonate", "impersonating", "impersonation", "fake evidence", "fabricated evidence", "fake proof",
        "fake alibi", "make him say", "make her say", "make them say", "put words in his mouth",
        "put words in her mouth",
        "scambio di volto", "impersonare", "impersonando", "prove false", "prova falsa", "false prove",
        "prova fabbricata", "fallo dire", "falle dire", "fagli dire", "falle dire",
        "gesichtstausch", "gefalschte beweise", "falsche beweise", "gefalschter beweis", "beweise falschen",
        "lass ihn sagen", "lass sie sagen",
        "intercambio de caras", "suplantar", "suplantacion", "pruebas falsas", "prueba falsa", "hazle decir",
        "hacerse pasar por",
        "echange de visage", "usurper l identite", "usurpation d identite", "fausses preuves", "fausse preuve",
        "fais lui dire", "se faire passer pour",
        "troca de rosto", "personificar", "provas falsas", "prova falsa", "faca o dizer", "faca a dizer",
        "se passar por",
    ])

    /// Lip-sync and speech: alive's face motion (blink, smile, head, breath) never moves a
    /// real person's lips to words; these ask for exactly that.
    static let lipSync = words([
        "lip sync", "lipsync", "lip synch", "lip synced", "lip syncing", "lipsyncing", "lip synching",
        "mouth the words", "mouths the words", "move her lips", "move his lips", "move their lips", "moving lips",
        "lips move", "lips moving", "make her talk", "make him talk", "make them talk", "make her speak",
        "make him speak", "make them speak", "make her sing", "make him sing", "make them sing",
        "sincronizzazione labiale", "labiale", "muovi le labbra", "muove le labbra", "fallo parlare", "falla parlare",
        "fallo cantare", "falla cantare",
        "lippensynchron*", "lippen bewegen", "bewegt die lippen", "lass ihn sprechen", "lass sie sprechen",
        "lass ihn singen", "lass sie singen",
        "sincronizacion labial", "sincronia labial", "mueve los labios", "mover los labios", "hazlo hablar",
        "hazla hablar", "hazlo cantar", "hazla cantar",
        "synchronisation labiale", "bouge les levres", "bouger les levres", "fais le parler", "fais la parler",
        "fais le chanter", "fais la chanter",
        "sincronizacao labial", "mexe os labios", "mexer os labios", "faca o falar",
        "faca a falar", "faca o cantar", "faca a cantar",
    ])
    /// Verbs of speaking and singing: innocent alone ("birds singing" is a sound), refused
    /// beside a word for a person or their face.
    static let speaking = words([
        "speak", "speaks", "speaking", "talk", "talks", "talking", "sing", "sings", "singing", "say", "says",
        "saying", "whisper", "whispers", "whispering", "words",
        "parla", "parlare", "parlano", "parlando", "canta", "cantare", "cantano", "cantando", "dice", "dire",
        "dica", "sussurra", "parole",
        "spricht", "sprechen", "sprechend", "redet", "reden", "singt", "singen", "singend", "sagt", "sagen",
        "flustert", "worte",
        "habla", "hablar", "hablan", "hablando", "cantan", "decir", "susurra", "palabras",
        "parle", "parler", "parlent", "chante", "chanter", "chantent", "dit", "dise", "chuchote", "mots",
        "fala", "falar", "falam", "falando", "cantam", "diz", "dizer", "palavras",
    ])
    static let person = words([
        "he", "she", "him", "her", "they", "them", "person", "people", "man", "woman", "men", "women", "guy", "girl",
        "boy", "lady", "face", "faces", "mouth", "lips", "portrait", "grandma", "grandpa", "mom", "mum", "dad",
        "mother", "father", "wife", "husband", "friend", "friends", "president", "politician",
        "lui", "lei", "loro", "persona", "persone", "uomo", "donna", "viso", "volto", "faccia", "bocca", "labbra",
        "ritratto", "nonna", "nonno", "mamma", "papa", "madre", "padre", "amico", "amica",
        "er", "sie", "ihn", "ihm", "ihr", "personen", "mann", "frau", "gesicht", "mund", "lippen",
        "portrat", "oma", "opa", "mutter", "vater", "freund", "freundin",
        "ella", "ellos", "ellas", "hombre", "mujer", "cara", "rostro", "boca", "labios", "retrato",
        "abuela", "abuelo", "mama",
        "elle", "ils", "elles", "personne", "homme", "femme", "visage", "bouche", "levres", "portrait",
        "grand mere", "grand pere", "maman", "pere", "mere", "ami", "amie",
        "ele", "ela", "eles", "elas", "pessoa", "homem", "mulher", "rosto", "avo",
        "mae", "pai", "amigo", "amiga",
    ])

    /// Gore, and violence held up as something to admire.
    static let gore = words([
        "gory", "blood and gore", "extreme gore", "full gore", "gore scene", "gore fest", "dismember*", "decapitat*", "behead*", "mutilat*", "disembowel*", "eviscerat*",
        "smembra*", "squarta*", "sbudella*", "decapita*",
        "enthaupt*", "verstummel*", "zerstuckel*", "ausgeweidet",
        "decapita*", "descuartiz*", "desmembra*", "mutila*", "destripa*",
        "decapit*", "demembr*", "mutil*", "eventre*",
        "esquartej*", "desmembr*", "estripa*",
    ])
    static let glorifying = words([
        "glorify", "glorifies", "glorifying", "glorified", "glorification", "glorificare", "glorifica", "glorificando",
        "verherrlichen", "verherrlicht", "verherrlichung", "glorificar", "glorifica", "glorificacion", "glorifier",
        "glorifie", "glorification", "glorificacao",
    ])
    static let atrocities = words([
        "massacre", "mass shooting", "school shooting", "terrorist attack", "terror attack", "genocide",
        "strage", "sparatoria", "attentato", "genocidio", "massaker", "amoklauf", "terroranschlag", "volkermord",
        "masacre", "tiroteo", "atentado", "genocidio", "fusillade", "attentat", "genocide", "massacre",
        "tiroteio", "chacina", "atentado", "genocidio",
    ])

    /// The built-in rules, in the order they are tried.
    public static let builtIn: [PromptRule] = [
        PromptRule(id: "minors-sexual",
                   reason: "sexual content involving minors",
                   languages: languages,
                   conditions: [[abuseTerms], [minors, sexual], [minors, undressing]],
                   relaxable: false),
        PromptRule(id: "non-consensual-intimate",
                   reason: "intimate imagery of a person without their consent (undressing, nudifying)",
                   languages: languages,
                   conditions: [[undressing], [nudity, withoutConsent]],
                   relaxable: false),
        PromptRule(id: "deceptive-likeness",
                   reason: "deceiving with a real person's likeness (deepfakes, putting words in someone's mouth, fake evidence)",
                   languages: languages,
                   conditions: [[deception], [seeming, speech]]),
        PromptRule(id: "speaking-likeness",
                   reason: "making a real person's face speak, sing or lip-sync (alive's face motion is a blink, a slight smile, a small head motion and breath, never words)",
                   languages: languages,
                   conditions: [[lipSync], [speaking, person]]),
        PromptRule(id: "violence-glorification",
                   reason: "gore, or violence held up for admiration",
                   languages: languages,
                   conditions: [[gore], [glorifying, atrocities]]),
    ]
}
