import Testing

@testable import AliveCore

/// The same instructions in six languages give the same plan as in English.
@Suite struct PromptLanguageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var prompt: String
        var english: String
        var testDescription: String { prompt }
    }

    static let cases: [Case] = [
        // Italian
        Case(prompt: "zoom lento in avanti", english: "slow zoom in"),
        Case(prompt: "allontana la telecamera", english: "zoom out"),
        Case(prompt: "panoramica verso sinistra", english: "pan left"),
        Case(prompt: "sposta a destra velocemente, 8 secondi", english: "pan right fast, 8 seconds"),
        Case(prompt: "inclina verso l'alto", english: "tilt up"),
        Case(prompt: "muovi la camera in basso e zoom indietro", english: "move down and zoom out"),
        // German
        Case(prompt: "langsam heranzoomen", english: "slow zoom in"),
        Case(prompt: "herauszoomen", english: "zoom out"),
        Case(prompt: "nach links schwenken", english: "pan left"),
        Case(prompt: "Kamera schnell nach rechts bewegen, 8 Sekunden", english: "pan right fast, 8 seconds"),
        Case(prompt: "nach oben neigen", english: "tilt up"),
        Case(prompt: "nach unten schwenken und zoom zurück", english: "move down and zoom out"),
        // Spanish
        Case(prompt: "acercamiento lento", english: "slow zoom in"),
        Case(prompt: "alejar la cámara", english: "zoom out"),
        Case(prompt: "paneo a la izquierda", english: "pan left"),
        Case(prompt: "mueve la cámara a la derecha rápido, 8 segundos", english: "pan right fast, 8 seconds"),
        Case(prompt: "inclina hacia arriba", english: "tilt up"),
        Case(prompt: "mueve hacia abajo y zoom atrás", english: "move down and zoom out"),
        // French
        Case(prompt: "zoom avant lent", english: "slow zoom in"),
        Case(prompt: "zoom arrière", english: "zoom out"),
        Case(prompt: "panoramique vers la gauche", english: "pan left"),
        Case(prompt: "déplace la caméra vers la droite rapidement, 8 secondes", english: "pan right fast, 8 seconds"),
        Case(prompt: "incline vers le haut", english: "tilt up"),
        Case(prompt: "bouge vers le bas et recule", english: "move down and zoom out"),
        // Portuguese
        Case(prompt: "aproximar devagar", english: "slow zoom in"),
        Case(prompt: "afastar a câmera", english: "zoom out"),
        Case(prompt: "panorâmica para a esquerda", english: "pan left"),
        Case(prompt: "mova a câmera para a direita rápido, 8 segundos", english: "pan right fast, 8 seconds"),
        Case(prompt: "inclina para cima", english: "tilt up"),
        Case(prompt: "mova para baixo e zoom para fora", english: "move down and zoom out"),
    ]

    @Test(arguments: cases)
    func sameMoveAsInEnglish(_ c: Case) {
        let plan = PromptReader.read(c.prompt), reference = PromptReader.read(c.english)
        #expect(plan.camera == reference.camera, "\(c.prompt): \(plan.camera) vs \(reference.camera)")
        #expect(plan.duration == reference.duration)
        #expect(plan.ignored.isEmpty, "\(c.prompt): ignored \(plan.ignored)")
        #expect(reference.camera != .gentle)
    }

    /// Asking for the photo to come alive, in any language, is understood, not ignored, and
    /// gets the default move.
    @Test(arguments: ["make this photo come alive", "bring it to life", "Animiere diese Szene", "anima questa foto",
                      "anima esta foto", "anime cette photo", "anime esta foto"])
    func genericRequestsAreUnderstood(_ prompt: String) {
        let plan = PromptReader.read(prompt)
        #expect(plan.camera == .gentle)
        #expect(plan.ignored.isEmpty, "ignored \(plan.ignored)")
        #expect(!plan.understood.isEmpty)
    }

    /// Words alive does not know yet stay visible as ignored, in every language.
    @Test func unknownWordsAreReported() {
        #expect(PromptReader.read("le giraffe ballano, zoom lento").ignored.contains("giraffe"))
        #expect(PromptReader.read("Giraffen tanzen, langsam heranzoomen").ignored.contains("giraffen"))
    }
}
