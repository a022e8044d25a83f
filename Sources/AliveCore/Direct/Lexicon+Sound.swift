extension Lexicon {
    /// Words that name an ambient sound bed, in the six languages. A bed word anywhere in a
    /// clause asks for that bed: "with the sound of waves", "rumore della pioggia",
    /// "Vogelgezwitscher", "sonido del mar", "crépitement du feu", "som de chuva".
    static let soundBeds: [String: SoundBed] = {
        var d: [String: SoundBed] = [:]
        func add(_ bed: SoundBed, _ words: [String]) { for w in words { d[w] = bed } }
        add(.waves, ["waves", "wave", "surf", "sea", "ocean", "seaside", "shore", "beach",
                     "onde", "onda", "mare", "risacca", "oceano", "spiaggia",
                     "wellen", "welle", "brandung", "meer", "ozean", "strand",
                     "olas", "ola", "mar", "oleaje", "océano", "playa",
                     "vagues", "vague", "mer", "ressac", "océan", "plage",
                     "ondas", "praia", "rebentação"])
        add(.wind, ["wind", "windy", "breeze", "gust", "gusts",
                    "vento", "ventoso", "brezza", "raffiche",
                    "windig", "brise", "böen",
                    "viento", "brisa", "ráfagas",
                    "vent", "venteux", "rafales",
                    "ventania"])
        add(.rain, ["rain", "rainy", "raining", "rainfall", "drizzle",
                    "pioggia", "piove", "pioggerella",
                    "regen", "regnet", "nieselregen",
                    "lluvia", "llueve", "llovizna",
                    "pluie", "pleut", "bruine",
                    "chuva", "chovendo", "garoa"])
        add(.stream, ["stream", "river", "brook", "creek", "waterfall",
                      "ruscello", "fiume", "torrente", "cascata",
                      "bach", "fluss", "wasserfall",
                      "arroyo", "río", "riachuelo", "cascada",
                      "ruisseau", "rivière", "riviere", "fleuve", "cascade",
                      "rio", "riacho", "córrego", "cachoeira", "ribeiro"])
        add(.birds, ["birds", "bird", "birdsong", "chirping", "songbirds",
                     "uccelli", "uccellini", "cinguettio",
                     "vögel", "vogel", "vogelgezwitscher", "gezwitscher", "vogelgesang",
                     "pájaros", "pajaros", "aves", "trinos",
                     "oiseaux", "oiseau", "gazouillis",
                     "pássaros", "passaros", "passarinhos"])
        add(.crickets, ["crickets", "cricket", "cicadas",
                        "grilli", "cicale",
                        "grillen", "zikaden",
                        "grillos", "cigarras",
                        "grillons", "criquets", "cigales",
                        "grilos"])
        add(.fire, ["fire", "campfire", "fireplace", "bonfire", "crackling",
                    "fuoco", "falò", "caminetto", "scoppiettio",
                    "feuer", "lagerfeuer", "kamin", "kaminfeuer", "knistern",
                    "fuego", "fogata", "hoguera", "chimenea",
                    "feu", "cheminée", "crépitement",
                    "fogo", "fogueira", "lareira"])
        add(.city, ["city", "traffic", "street", "urban",
                    "città", "traffico", "strada",
                    "stadt", "verkehr", "straße", "strasse",
                    "ciudad", "tráfico", "calle",
                    "ville", "trafic", "rue", "circulation",
                    "cidade", "trânsito", "rua", "tráfego"])
        add(.room, ["room", "indoors", "indoor", "interior", "roomtone",
                    "stanza", "interno",
                    "zimmer", "raum", "drinnen",
                    "habitación", "sala",
                    "pièce", "chambre", "intérieur",
                    "quarto"])
        return d
    }()

    /// Nouns of sound itself: understood next to a bed ("the sound of waves") or after a
    /// negation ("no sound", "senza audio", "ohne Ton", "sin sonido", "sans son", "sem som").
    static let soundNouns: Set<String> = [
        "sound", "sounds", "audio", "noise", "noises", "ambience", "ambient", "soundtrack", "soundscape",
        "suono", "suoni", "rumore", "rumori", "sonoro",
        "ton", "geräusch", "geräusche", "klang", "rauschen",
        "sonido", "sonidos", "ruido", "ruidos", "ambiente",
        "son", "sons", "bruit", "bruits", "ambiance",
        "som", "ruído", "ruídos", "barulho", "áudio",
    ]

    /// Words that, before a sound noun, ask for none.
    static let soundNegations: Set<String> = [
        "no", "without", "senza", "niente", "nessun", "ohne", "kein", "keine", "keinen", "sin", "sans", "pas", "sem",
    ]

    /// Single words that ask for silence.
    static let silence: Set<String> = [
        "mute", "muted", "silent", "silence",
        "muto", "muta", "silenzio", "silenzioso", "silenziosa",
        "stumm", "lautlos",
        "silencio", "silencioso", "silenciosa", "mudo", "muda",
        "silencieux", "silencieuse", "muet", "muette",
        "silêncio",
    ]

    /// Small words that join a sound to its bed ("with", "of the", "con il", "mit", "avec",
    /// "com"): understood in a clause that asks for a sound, never on their own.
    static let soundLinks: Set<String> = [
        "with", "of", "hear", "hearing", "plus",
        "con", "del", "dello", "della", "delle", "dei", "degli", "sentire",
        "mit", "von", "vom", "hören",
        "oír",
        "avec", "entendre",
        "com", "da", "do", "dos", "das", "ouvir",
    ]
}
