import Foundation

/// Turns free text into a `MotionPlan`, in English, Italian, German, Spanish, French or
/// Portuguese (the words are in `Lexicon`).
///
/// The prompt is split into clauses (at commas, "and", "then" and their translations); each
/// clause that names a camera move (zoom in/out, push in, pull out, pan or move
/// left/right/up/down, orbit) sets that part of the move, each that names an element of the
/// scene (clouds, waves, fog, trees, snow, ...) sets its motion with the clause's direction,
/// and speed words in the same clause scale them. Words asking for the photo to come alive,
/// without saying how, leave the choice to the scene (`MotionPlan.resolved(for:)`).
/// What no rule used is listed as ignored, so the plan says plainly what was and was not
/// understood.
public enum PromptReader {
    public static func read(_ prompt: String) -> MotionPlan {
        var plan = MotionPlan(prompt: prompt, camera: .still)
        var named = false, lit = false, animated = false, generic = false
        for clause in clauses(of: prompt) {
            var used = Set<Int>()
            let speed = speedFactor(clause, used: &used)
            var shaped = false
            if let zoom = zoomFactor(clause, used: &used) {
                plan.camera.zoom = pow(zoom, speed)
                shaped = true
            }
            // A direction in a clause that names an element moves the element, not the camera
            // ("clouds move left"), unless the clause also names the camera.
            let elements = sceneElements(clause, speed: speed, into: &plan.motion, used: &used)
            if elements == 0 || clause.contains(where: Lexicon.cameraWords.contains),
               let pan = panTravel(clause, used: &used) {
                plan.camera.panX += pan.x * speed
                plan.camera.panY += pan.y * speed
                shaped = true
            }
            if let orbit = orbitTravel(clause, used: &used) {
                plan.camera.orbit = orbit * speed
                shaped = true
            }
            named = named || shaped
            animated = animated || elements > 0
            let depth = depthWords(clause, into: &plan.motion, used: &used)
            let faces = faceMotions(clause, into: &plan.motion.face, used: &used)
            shaped = shaped || elements > 0 || depth || faces
            if let light = lightChange(clause, speed: speed, used: &used) {
                plan.light = light
                lit = true
                shaped = true
            }
            if let seconds = duration(clause, used: &used) {
                plan.duration = seconds
                shaped = true
            }
            // Speed words count only where they shaped something in their own clause.
            if !shaped { used.removeAll() }
            if let sound = soundRequest(clause, used: &used) { plan.sound = sound }
            for (i, word) in clause.enumerated() where Lexicon.generic.contains(word) { used.insert(i); generic = true }
            for (i, word) in clause.enumerated() where Lexicon.loop.contains(word) {
                used.insert(i)
                plan.loop = Loop()
                for j in clause.indices where Lexicon.loopFiller.contains(clause[j]) { used.insert(j) }
            }
            if !used.isEmpty {
                plan.understood.append(clause.indices.filter(used.contains).map { clause[$0] }.joined(separator: " "))
            }
            plan.ignored += clause.indices.filter { !used.contains($0) }.map { clause[$0] }
                .filter { !Lexicon.filler.contains($0) && !Lexicon.genericFiller.contains($0) }
        }
        // A prompt that names only a change of light animates the light and nothing else;
        // one that names nothing, or only asks for life, gets scene-aware defaults and the
        // gentle move. One that names what moves animates that and nothing else.
        // Faces asked to move count as what moves ("blink": the faces blink, nothing else).
        animated = animated || !(plan.motion.face?.isStill ?? true)
        if !named && !animated && (!lit || generic) {
            plan.camera = .gentle
            plan.motion.automatic = true
        }
        return plan
    }

    /// Elements the clause names ("clouds", "waves", "Nebel", "neve"), set in `motion` with
    /// the clause's direction and speed. Returns how many were named.
    static func sceneElements(_ clause: [String], speed: Double, into motion: inout SceneMotion,
                              used: inout Set<Int>) -> Int {
        // "the sky turns golden", "il cielo cambia colore": the sky named as the subject of a
        // change of light, with no motion of its own, is the light's business.
        let lightOnly = clause.contains { Lexicon.lightWords[$0] != nil || Lexicon.goldenWords.contains($0) }
            && !clause.contains(where: Lexicon.elementVerbs.contains)
        let named = clause.indices.compactMap { i in Lexicon.elements[clause[i]].map { (i, $0) } }
            .filter { !(lightOnly && $0.1 == .sky) }
        guard !named.isEmpty else { return 0 }
        var direction: (x: Double, y: Double)?
        if let d = clause.indices.first(where: { Lexicon.directions[clause[$0]] != nil }) {
            direction = Lexicon.directions[clause[d]]
            used.insert(d)
        }
        for (i, word) in clause.enumerated() where Lexicon.elementVerbs.contains(word) || Lexicon.pan.contains(word) {
            used.insert(i)
        }
        let swaying = clause.contains(where: Lexicon.swayVerbs.contains)
        func flow(_ base: Flow) -> Flow {
            var f = base.scaled(speed)
            if let direction { (f.directionX, f.directionY) = direction }
            return f
        }
        for (i, element) in named {
            used.insert(i)
            switch element {
            case .sky: motion.sky = flow(.clouds)
            case .water: motion.water = flow(.waves)
            case .fog: motion.fog = flow(.fog)
            case .foliage: motion.foliage = Sway(amplitude: Sway().amplitude * speed)
            case .particles(let kind):
                if (kind == .leaves) && swaying {
                    motion.foliage = Sway(amplitude: Sway().amplitude * speed)
                } else {
                    motion.particles = Particles(kind: kind, speed: speed)
                }
            }
        }
        return named.count
    }

    /// "orbit left", "swing around": the view's sideways swing around the subject.
    static func orbitTravel(_ clause: [String], used: inout Set<Int>) -> Double? {
        guard let o = clause.firstIndex(where: Lexicon.orbit.contains) else { return nil }
        used.insert(o)
        var sign = 1.0
        if let d = clause.indices.first(where: { Lexicon.directions[clause[$0]] != nil }) {
            used.insert(d)
            sign = Lexicon.directions[clause[d]]!.x < 0 ? -1 : 1
        }
        for (i, word) in clause.enumerated() where word == "around" || word == "attorno" || word == "um"
            || word == "alrededor" || word == "autour" || word == "ao" || word == "redor" { used.insert(i) }
        return 0.07 * sign
    }

    /// "with parallax", "in 3D", "flat": how much the camera's move shows depth.
    static func depthWords(_ clause: [String], into motion: inout SceneMotion, used: inout Set<Int>) -> Bool {
        var found = false
        for (i, word) in clause.enumerated() {
            if Lexicon.depth.contains(word) { used.insert(i); motion.parallax = 1; found = true }
            if Lexicon.flat.contains(word) { used.insert(i); motion.parallax = 0; found = true }
        }
        return found
    }

    /// "golden hour", "sunset", "night", "tramonto", "Dämmerung", ...: the last one named.
    static func lightChange(_ clause: [String], speed: Double, used: inout Set<Int>) -> LightChange? {
        var found: LightChange?
        for (i, word) in clause.enumerated() {
            if let look = Lexicon.lightWords[word] {
                used.insert(i)
                found = LightChange(look: look, strength: min(1.5, speed > 1 ? 1.3 : speed < 1 ? 0.7 : 1))
            }
            // Two-word names: "golden hour", "ora dorata", "goldene Stunde", "hora dorada", ...
            if i + 1 < clause.count,
               (Lexicon.goldenWords.contains(word) && Lexicon.hourWords.contains(clause[i + 1]))
                || (Lexicon.hourWords.contains(word) && Lexicon.goldenWords.contains(clause[i + 1])) {
                used.insert(i)
                used.insert(i + 1)
                found = LightChange(look: .goldenHour)
            }
        }
        if found != nil {
            for (i, word) in clause.enumerated() where Lexicon.lightVerbs.contains(word) { used.insert(i) }
        }
        return found
    }

    /// Lower-case words, grouped into clauses.
    static func clauses(of prompt: String) -> [[String]] {
        var result: [[String]] = [[]]
        let separators = CharacterSet(charactersIn: ",;.!?\n")
        for part in prompt.lowercased().components(separatedBy: separators) {
            for word in part.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init) {
                if Lexicon.clauseBreaks.contains(word) {
                    if !result[result.count - 1].isEmpty { result.append([]) }
                } else {
                    result[result.count - 1].append(word)
                }
            }
            if !result[result.count - 1].isEmpty { result.append([]) }
        }
        return result.filter { !$0.isEmpty }
    }

    /// 0.55 for slow words, 1.7 for fast ones, 1 otherwise.
    static func speedFactor(_ clause: [String], used: inout Set<Int>) -> Double {
        var factor = 1.0
        for (i, word) in clause.enumerated() {
            if Lexicon.slow.contains(word) { factor = 0.55; used.insert(i) }
            if Lexicon.fast.contains(word) { factor = 1.7; used.insert(i) }
        }
        return factor
    }

    /// End magnification for zoom words (15% in by default), nil if the clause names none.
    static func zoomFactor(_ clause: [String], used: inout Set<Int>) -> Double? {
        let zoomIn = 1.15
        for (i, word) in clause.enumerated() {
            if Lexicon.zoomIn.contains(word) || Lexicon.zoomOut.contains(word) || Lexicon.zoom.contains(word) {
                used.insert(i)
                var outward = Lexicon.zoomOut.contains(word)
                // The direction follows within three words: "zoom out", "zoom lento in avanti".
                for j in (i + 1)..<min(i + 4, clause.count) {
                    if Lexicon.outward.contains(clause[j]) { outward = true; used.insert(j) }
                    if Lexicon.inward.contains(clause[j]) { used.insert(j) }
                }
                return outward ? 1 / zoomIn : zoomIn
            }
        }
        return nil
    }

    /// Pan travel (15% of the view by default) for "pan/move/glide/slide/track ... left".
    static func panTravel(_ clause: [String], used: inout Set<Int>) -> (x: Double, y: Double)? {
        guard let v = clause.firstIndex(where: Lexicon.pan.contains) else { return nil }
        guard let d = clause.indices.first(where: { Lexicon.directions[clause[$0]] != nil }) else { return nil }
        used.insert(v)
        used.insert(d)
        let dir = Lexicon.directions[clause[d]]!
        return (dir.x * 0.15, dir.y * 0.15)
    }

    /// "8 seconds", "8s", "8 secondi", "8 Sekunden".
    static func duration(_ clause: [String], used: inout Set<Int>) -> Double? {
        for (i, word) in clause.enumerated() {
            if let n = Double(word), i + 1 < clause.count, Lexicon.seconds.contains(clause[i + 1]), n > 0 {
                used.insert(i)
                used.insert(i + 1)
                return n
            }
            if word.hasSuffix("s"), let n = Double(word.dropLast()), n > 0 {
                used.insert(i)
                return n
            }
        }
        return nil
    }
}
