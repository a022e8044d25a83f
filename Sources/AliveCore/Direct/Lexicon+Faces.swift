/// What people in the photo do, in the six languages of `Lexicon`.
extension Lexicon {
    static let smile: Set<String> = [
        "smile", "smiles", "smiling", "grin",
        "sorride", "sorridere", "sorridono", "sorriso", "sorridente",
        "lächeln", "lächelt", "lächelnd", "lacheln",
        "sonríe", "sonrie", "sonreír", "sonreir", "sonrisa", "sonríen",
        "sourit", "sourire", "sourient",
        "sorri", "sorrir", "sorriem", "sorrindo",
    ]
    static let blink: Set<String> = [
        "blink", "blinks", "blinking",
        "sbatte", "sbattere", "sbattono", "palpebre", "ammicca",
        "blinzeln", "blinzelt", "blinzelnd",
        "parpadea", "parpadear", "parpadean", "parpadeo",
        "cligne", "cligner", "clignent", "clignement",
        "pisca", "piscar", "piscam", "piscando",
    ]
    static let nod: Set<String> = [
        "nod", "nods", "nodding",
        "annuisce", "annuire", "annuiscono",
        "nicken", "nickt", "nickend",
        "asiente", "asentir", "asienten",
        "acquiesce", "hoche", "hocher",
        "acena", "acenar", "assente", "assentir",
    ]
    /// Verbs of looking: with a direction in their clause, the head turns that way. (Not
    /// "turn" or "gira": those move the camera.)
    static let look: Set<String> = [
        "look", "looks", "looking", "glance", "glances",
        "guarda", "guardare", "guardano",
        "schaut", "schauen", "blickt", "blicken",
        "mira", "mirar", "miran",
        "regarde", "regarder", "regardent",
        "olha", "olhar", "olham",
    ]
    static let breathe: Set<String> = [
        "breathe", "breathes", "breathing", "breath",
        "respira", "respirare", "respirano", "respiro",
        "atmen", "atmet", "atmend", "atmung",
        "respirar", "respiran", "respiración", "respiracion",
        "respire", "respirer", "respirent", "respiration",
        "respiram", "respiração", "respiracao",
    ]
    /// What a clause names when it speaks of the people themselves ("keep faces still").
    static let people: Set<String> = [
        "face", "faces", "people", "person", "persons", "portrait", "head", "heads",
        "viso", "visi", "volto", "volti", "faccia", "facce", "persone", "persona", "testa",
        "gesicht", "gesichter", "personen", "menschen", "kopf",
        "cara", "caras", "rostro", "rostros", "personas", "cabeza",
        "visage", "visages", "personnes", "personne", "tête",
        "rosto", "rostos", "pessoas", "pessoa", "cabeça",
    ]
    /// With `people` in the clause: hold every face still.
    static let still: Set<String> = [
        "still", "motionless", "unmoving", "frozen", "static",
        "fermi", "fermo", "ferma", "ferme", "immobili", "immobile",
        "unbewegt", "reglos", "starr",
        "quietos", "quieto", "quieta", "quietas", "inmóviles", "inmóvil",
        "immobiles", "figés", "fixes",
        "parados", "parado", "parada", "imóveis", "imóvel", "estáticos",
    ]
    /// Words that only frame a request of faces: "keep", "make", "the eyes".
    static let faceFiller: Set<String> = [
        "keep", "eyes", "eye", "gently", "tieni", "tenere", "occhi", "halte", "halten", "augen",
        "mantén", "mantener", "ojos", "garde", "garder", "gardez", "yeux", "mantenha", "manter", "olhos",
    ]
}

extension PromptReader {
    /// "smile", "blink", "nod", "look left", "breathe", "keep faces still" (in the six
    /// languages): the face motions the clause asks for, added to `request`. Returns whether
    /// the clause spoke of faces at all.
    static func faceMotions(_ clause: [String], into request: inout FaceMotions?, used: inout Set<Int>) -> Bool {
        var asked = FaceMotions.still
        var found = false
        func mark(_ i: Int) { used.insert(i); found = true }
        for (i, word) in clause.enumerated() {
            if Lexicon.smile.contains(word) { asked.smile = true; mark(i) }
            if Lexicon.blink.contains(word) { asked.blink = true; mark(i) }
            if Lexicon.breathe.contains(word) { asked.breathe = true; mark(i) }
            if Lexicon.nod.contains(word) { asked.head = .nod; mark(i) }
            if Lexicon.look.contains(word),
               let d = clause.indices.first(where: { Lexicon.directions[clause[$0]]?.x ?? 0 != 0 }) {
                asked.head = Lexicon.directions[clause[d]]!.x < 0 ? .lookLeft : .lookRight
                mark(i)
                used.insert(d)
            }
        }
        let still = clause.contains(where: Lexicon.people.contains) && clause.contains(where: Lexicon.still.contains)
        if still {
            for (i, word) in clause.enumerated() where Lexicon.people.contains(word) || Lexicon.still.contains(word) {
                mark(i)
            }
            request = .still
        } else if found {
            request = (request ?? .still).adding(asked)
        }
        if found {
            for (i, word) in clause.enumerated() where Lexicon.faceFiller.contains(word) || Lexicon.people.contains(word) {
                used.insert(i)
            }
        }
        return found
    }
}
