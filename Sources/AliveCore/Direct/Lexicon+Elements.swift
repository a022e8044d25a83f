/// The scene's elements and their motions, in the six languages of `Lexicon`.
extension Lexicon {
    /// What a word names in the scene.
    enum Element: Equatable {
        case sky, water, fog, foliage
        case particles(Particles.Kind)
    }

    static let elements: [String: Element] = {
        var d: [String: Element] = [:]
        func add(_ element: Element, _ words: [String]) { for w in words { d[w] = element } }
        add(.sky, ["sky", "skies", "cloud", "clouds", "cloudy",
                   "cielo", "nuvole", "nuvola", "nubi",
                   "himmel", "wolken", "wolke",
                   "nubes", "nube",
                   "ciel", "nuages", "nuage",
                   "céu", "ceu", "nuvens", "nuvem"])
        add(.water, ["water", "waves", "wave", "sea", "ocean", "river", "lake", "stream", "ripples", "ripple", "surf",
                     "acqua", "onde", "onda", "mare", "fiume", "lago", "oceano", "torrente",
                     "wasser", "wellen", "welle", "meer", "fluss", "ozean", "bach",
                     "agua", "olas", "ola", "mar", "río", "océano", "arroyo",
                     "eau", "vagues", "vague", "mer", "rivière", "riviere", "lac", "océan", "fleuve", "ruisseau",
                     "água", "ondas", "rio", "riacho"])
        add(.fog, ["fog", "foggy", "mist", "misty", "haze", "hazy",
                   "nebbia", "foschia",
                   "nebel", "dunst",
                   "niebla", "bruma",
                   "brouillard", "brume",
                   "nevoeiro", "névoa", "neblina"])
        add(.foliage, ["trees", "tree", "grass", "foliage", "branches", "plants", "forest",
                       "alberi", "albero", "erba", "rami", "piante", "bosco", "foresta",
                       "bäume", "baum", "gras", "äste", "zweige", "pflanzen", "wald",
                       "árboles", "arboles", "árbol", "hierba", "ramas", "plantas", "bosque",
                       "arbres", "arbre", "herbe", "branches", "plantes", "forêt",
                       "árvores", "árvore", "grama", "relva", "galhos", "floresta"])
        add(.particles(.snow), ["snow", "snowing", "snowflakes", "snowfall", "neve", "nevica", "schnee", "schneit",
                                "schneeflocken", "nieve", "nieva", "neige", "flocons"])
        add(.particles(.rain), ["rain", "raining", "rainy", "raindrops", "pioggia", "piove", "regen", "regnet",
                                "lluvia", "llueve", "pluie", "pleut", "chuva", "chove"])
        add(.particles(.sparkles), ["sparkles", "sparkle", "sparkling", "glitter", "fireflies", "firefly", "sparks",
                                    "scintille", "brillantini", "lucciole", "funken", "glitzer", "glühwürmchen",
                                    "destellos", "brillos", "luciérnagas", "étincelles", "paillettes", "lucioles",
                                    "brilhos", "faíscas", "vagalumes", "pirilampos"])
        add(.particles(.stars), ["stars", "star", "starry", "stelle", "stellato", "sterne", "sternenhimmel",
                                 "estrellas", "estrellado", "étoiles", "étoilé", "estrelas", "estrelado"])
        add(.particles(.leaves), ["leaves", "leaf", "foglie", "blätter", "laub", "hojas", "feuilles", "folhas"])
        add(.particles(.petals), ["petals", "petal", "blossoms", "petali", "blütenblätter", "blüten", "pétalos",
                                  "pétales", "pétalas"])
        return d
    }()

    /// Verbs of an element's motion: understood in a clause that names an element.
    static let elementVerbs: Set<String> = [
        "drift", "drifts", "drifting", "flow", "flows", "flowing", "ripple", "rippling", "shimmer", "shimmers",
        "shimmering", "sway", "sways", "swaying", "fall", "falls", "falling", "move", "moves", "moving", "roll",
        "rolls", "rolling", "pass", "passing", "blow", "blows", "blowing", "crash", "crashing", "twinkle", "twinkles",
        "twinkling", "glow", "glows", "rustle", "rustling", "dance", "dancing", "float", "floating", "rise", "rising",
        "scorrono", "scorre", "fluttuano", "ondeggiano", "ondeggia", "cade", "cadono", "muovono", "muove", "passano",
        "scintillano", "brillano", "salgono",
        "ziehen", "zieht", "treiben", "treibt", "fließen", "fließt", "wiegen", "wiegt", "schwanken", "fallen",
        "glitzern", "funkeln", "bewegen", "wogen", "rauschen",
        "mueven", "fluyen", "fluye", "ondean", "ondea", "caen", "pasan", "derivan", "brillan", "flotan",
        "dérivent", "dérive", "défilent", "coulent", "coule", "ondulent", "ondule", "tombent", "tombe", "bougent",
        "scintillent", "passent", "flottent",
        "deslizam", "fluem", "flui", "ondulam", "caem", "passam", "movem", "brilham", "balançam",
    ]

    /// Verbs that make leaves sway on their branches rather than fall.
    static let swayVerbs: Set<String> = [
        "sway", "sways", "swaying", "rustle", "rustling", "waving", "ondeggiano", "ondeggia", "wiegen",
        "wiegt", "schwanken", "ondean", "ondea", "balancean", "ondulent", "balancent", "balançam", "ondulam",
    ]

    /// Words that address the camera itself: a direction in their clause moves the camera
    /// even when the clause also names an element.
    static let cameraWords: Set<String> = [
        "camera", "telecamera", "fotocamera", "kamera", "cámara", "camara", "caméra", "câmera", "câmara",
    ]

    /// An orbit or swing around the subject: parallax without travel.
    static let orbit: Set<String> = [
        "orbit", "orbits", "orbiting", "swing", "swings", "arc", "circle", "circles",
        "orbita", "orbitare", "ruota", "umkreisen", "umkreist", "kreisen", "kreist",
        "orbitar", "órbita", "orbite", "orbiter",
    ]

    /// Words asking for depth, or for none.
    static let depth: Set<String> = ["parallax", "depth", "3d", "5d", "parallasse", "profondità", "tiefe",
                                     "parallaxe", "paralaje", "profundidad", "profondeur", "profundidade"]
    static let flat: Set<String> = ["flat", "piatto", "piatta", "flach", "plano", "plana", "plat", "plate"]
}
