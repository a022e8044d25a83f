/// The words the prompt reader knows, in English, Italian, German, Spanish, French and
/// Portuguese: what each means for the plan. Words are lower case as the reader sees them
/// (split at anything that is not a letter or digit, so "l'alto" arrives as "l", "alto").
///
/// Add a language by adding its words to each table; the reader itself has no language of
/// its own. Ambiguous words are left out on purpose (Italian "su", up, is Spanish "his").
enum Lexicon {
    /// Words that start a new clause: "and", "then", "while".
    static let clauseBreaks: Set<String> = [
        "and", "then", "while",                 // en
        "e", "poi", "mentre",                   // it (and pt )
        "und", "dann", "während",               // de
        "y", "luego", "después", "mientras",    // es
        "et", "puis", "pendant",                // fr
        "depois", "então", "enquanto",          // pt
    ]

    /// Words that carry no instruction: never reported as ignored.
    static let filler: Set<String> = [
        "a", "an", "the", "to", "of", "very", "please", "camera", "with", "s", "this", "my", "slightly", "bit", "little",
        "photo", "picture", "pic", "shot", "view",
        "il", "lo", "la", "le", "gli", "i", "l", "un", "una", "uno", "di", "da", "del", "della", "verso", "questa",
        "questo", "foto", "immagine", "telecamera", "fotocamera", "molto", "po", "per", "favore", "in",
        "der", "die", "das", "den", "dem", "ein", "eine", "nach", "zu", "zur", "zum", "diese", "dieses", "bild",         "szene", "kamera", "sehr", "bitte", "etwas",
        "el", "los", "las", "unos", "de", "al", "hacia", "esta", "este", "imagen", "escena", "cámara", "camara", "muy",
        "por", "poco",
        "les", "une", "des", "du", "au", "vers", "cette", "ce", "image", "scène", "scene", "caméra", "très", "tres",
        "peu", "vous", "plaît",
        "o", "os", "as", "um", "uma", "do", "dos", "na", "no", "para", "imagem", "cena", "câmera", "câmara", "muito",
        "on", "over", "across", "through", "into", "at", "its", "their",
        "nel", "nella", "sul", "sulla", "sui", "nei", "im", "am", "ins", "vom", "beim", "über", "auf", "se", "sobre",
        "en", "dans", "sur", "à", "nas", "nos", "pelo", "pela",
    ]

    static let slow: Set<String> = [
        "slow", "slowly", "gentle", "gently", "subtle", "subtly", "soft", "softly", "calm",
        "lento", "lenta", "lentamente", "piano", "dolce", "dolcemente", "delicato", "delicatamente", "leggero",
        "langsam", "sanft", "sachte", "ruhig", "leicht",
        "suave", "suavemente", "despacio",
        "lent", "lente", "lentement", "doux", "doucement", "subtil",
        "devagar",
    ]

    static let fast: Set<String> = [
        "fast", "quick", "quickly", "rapid", "dramatic", "dramatically", "strong",
        "veloce", "velocemente", "rapido", "rapida", "rapidamente", "drammatico", "drammatica",
        "schnell", "rasch", "dramatisch", "stark",
        "rápido", "rápida", "rápidamente", "dramático", "dramática",
        "rapide", "rapidement", "vite", "dramatique",
        "depressa", 
    ]

    /// Verbs or nouns of a zoom whose direction the next words give ("zoom out", "zoom avant").
    static let zoom: Set<String> = [
        "zoom", "zooms", "zooming", "dolly", "push", "pushes", "pushing", "pull", "pulls", "pulling",
        "zoomata", "carrello", "zoomen", "zoome", "zoomer",
    ]
    /// Zoom words that mean "in" on their own.
    static let zoomIn: Set<String> = [
        "avvicina", "avvicinati", "avvicinare", "avvicinamento", "ingrandisci",
        "heranzoomen", "hineinzoomen", "ranzoomen", "reinzoomen", "vergrößern",
        "acercar", "acerca", "acércate", "acercamiento", "acercándose",
        "rapproche", "rapprocher", "rapprochement", "approche",
        "aproximar", "aproxima", "aproximação", "aproximando",
    ]
    /// Zoom words that mean "out" on their own (and "pull").
    static let zoomOut: Set<String> = [
        "pull", "pulls", "pulling",
        "allontana", "allontanati", "allontanare", "allontanamento",
        "herauszoomen", "rauszoomen", "wegzoomen",
        "alejar", "aleja", "aléjate", "alejamiento", "alejándose",
        "éloigne", "eloigne", "éloigner", "recule", "reculer",
        "afastar", "afasta", "afastamento", "afastando",
    ]
    /// After a zoom word: these make it "out".
    static let outward: Set<String> = [
        "out", "back", "away", "backward", "backwards",
        "indietro", "fuori",
        "heraus", "raus", "zurück", "weg",
        "fuera", "atrás", "afuera",
        "arrière", "arriere",
        "fora", "trás",
    ]
    /// After a zoom word: these confirm "in" (and are thereby understood).
    static let inward: Set<String> = [
        "in", "into", "forward", "towards", "toward",
        "avanti", "dentro",
        "hinein", "rein", "heran", "ran", "näher",
        "adelante", "adentro",
        "avant",
        "frente",
    ]

    /// Verbs of a pan, tilt or sideways move; a direction word in the same clause says where.
    static let pan: Set<String> = [
        "pan", "pans", "panning", "move", "moves", "moving", "glide", "glides", "slide", "slides", "track", "tracks",
        "tilt", "tilts",
        "panoramica", "panoramicare", "sposta", "spostati", "spostare", "muovi", "muove", "muovere", "scorri", "scorre",
        "inclina", "gira",
        "schwenk", "schwenke", "schwenken", "schwenkt", "bewege", "bewegt", "bewegen", "fahre", "fährt", "fahren",
        "neige", "neigen", "kippe",
        "paneo", "panea", "panear", "mueve", "mover", "muévete", "desliza", "deslizar", "girar",
        "panoramique", "déplace", "deplace", "déplacer", "glisse", "glisser", "bouge", "bouger", "incline", "tourne",
        "panorâmica", "mova", "movimenta", "deslize", "vire",
    ]

    /// Screen directions: x to the right, y down.
    static let directions: [String: (x: Double, y: Double)] = {
        var d: [String: (x: Double, y: Double)] = [:]
        for w in ["left", "sinistra", "links", "izquierda", "gauche", "esquerda"] { d[w] = (-1, 0) }
        for w in ["right", "destra", "rechts", "derecha", "droite", "direita"] { d[w] = (1, 0) }
        for w in ["up", "upward", "upwards", "alto", "sopra", "oben", "hoch", "rauf", "hinauf", "arriba", "haut",
                  "cima"] { d[w] = (0, -1) }
        for w in ["down", "downward", "downwards", "basso", "giù", "giu", "sotto", "unten", "runter", "hinunter",
                  "abajo", "bas", "baixo"] { d[w] = (0, 1) }
        return d
    }()

    /// Units after a number: "8 seconds", "8 secondi", "8 Sekunden".
    static let seconds: Set<String> = [
        "seconds", "second", "secs", "sec", "s",
        "secondi", "secondo",
        "sekunden", "sekunde", "sek",
        "segundos", "segundo", "seg",
        "secondes", "seconde",
    ]

    /// A request to animate the photo without saying how: scene-aware defaults apply.
    static let generic: Set<String> = [
        "alive", "life", "animate", "animated", "animation",
        "anima", "animare", "animala", "vita", "vivo", "viva",
        "animiere", "animieren", "belebe", "beleben", "lebendig", "leben",
        "animar", "anímala", "vida",
        "anime", "animer", "animez", "vie", "vivant", "vivante",
        "animação",
    ]
}

extension Lexicon {
    /// Words that only frame a generic request ("make this photo come alive", "bring it to
    /// life"): not instructions, not ignored.
    static let genericFiller: Set<String> = [
        "make", "come", "bring", "it", "let", "give",
        "fai", "rendi", "dai",
        "mach", "mache", "erwecke", "zum",         "haz", "dale", "dar", "cobrar",
        "fais", "donne", "donner", "rends",
        "faça", "faz", "dê", "dá",
    ]
}

extension Lexicon {
    /// Single words that name a change of light.
    static let lightWords: [String: LightChange.Look] = {
        var d: [String: LightChange.Look] = [:]
        for w in ["sunset", "sundown", "tramonto", "sonnenuntergang", "atardecer", "ocaso", "coucher", "poente", "pôr",
                  "sunsets"] { d[w] = .sunset }
        for w in ["dusk", "twilight", "evening", "crepuscolo", "imbrunire", "sera", "dämmerung", "abend", "anochecer",
                  "crepúsculo", "crépuscule", "soir", "soirée", "anoitecer", "entardecer"] { d[w] = .dusk }
        for w in ["night", "nightfall", "notte", "nacht", "noche", "nuit", "noite"] { d[w] = .night }
        // "the sky changes colour": the warm change of a sunset.
        for w in ["colour", "color", "colours", "colors", "colore", "colori", "farbe", "farben", "couleur", "couleurs",
                  "cor", "cores"] { d[w] = .sunset }
        for w in ["storm", "stormy", "thunderstorm", "tempesta", "temporale", "sturm", "gewitter", "tormenta",
                  "orage", "tempête", "tempestade"] { d[w] = .storm }
        return d
    }()
    static let goldenWords: Set<String> = ["golden", "dorata", "goldene", "dorada", "dorée", "doree", "dourada"]
    static let hourWords: Set<String> = ["hour", "ora", "stunde", "hora", "heure"]
}

extension Lexicon {
    /// Verbs that go with a change of light ("night falls", "the sky turns golden"); they
    /// count as understood only in a clause that names one.
    static let lightVerbs: Set<String> = [
        "falls", "fall", "comes", "come", "turns", "turn", "becomes", "arrives", "changes", "sets", "sky", "light",
        "sun", "sole", "sonne", "sol", "soleil",
        "cala", "scende", "arriva", "diventa", "cielo", "luce",
        "fällt", "kommt", "wird", "himmel", "licht",
        "cae", "llega", "luz",
        "tombe", "arrive", "devient", "ciel", "lumière",
        "cai", "chega", "fica", "céu", "cambia", "cambiano", "ändert", "change", "changent", "muda", "mudam", "cambian",
    ]
}

extension Lexicon {
    /// "loop", "seamless loop", "in loop", "als Schleife", "en bucle", "en boucle".
    static let loop: Set<String> = [
        "loop", "looping", "loops", "loopable", "schleife", "endlosschleife", "bucle", "boucle", "ciclo",
    ]
    static let loopFiller: Set<String> = ["seamless", "seamlessly", "perfect", "endless", "infinite", "continuo",
                                          "perfetto", "nahtlos", "als", "sin", "fin", "sans", "infinito", "em", "en"]
}
