extension PromptReader {
    /// The sound a clause asks for: silence ("no sound", "senza audio", "ohne Ton", "mute")
    /// or a bed ("with the sound of waves", "pioggia", "Vogelgezwitscher", "bruit de la
    /// ville"); nil if it names none. A bed right after a sound noun wins over one named
    /// in passing; otherwise the last one named. Marks the words it used.
    static func soundRequest(_ clause: [String], used: inout Set<Int>) -> Sound? {
        var found: Sound?
        var claimed: [Int] = []
        var afterNoun = false
        for (i, word) in clause.enumerated() {
            if Lexicon.silence.contains(word) {
                found = .silent
                claimed.append(i)
            } else if Lexicon.soundNegations.contains(word),
                      let noun = (i + 1..<min(i + 3, clause.count)).first(where: { Lexicon.soundNouns.contains(clause[$0]) }) {
                found = .silent
                claimed += [i, noun]
            } else if let bed = Lexicon.soundBeds[word] {
                // "sound of waves": a bed within three words after a sound noun.
                let named = (max(0, i - 3)..<i).contains { Lexicon.soundNouns.contains(clause[$0]) }
                if found != .silent && (named || !afterNoun) {
                    found = .bed(bed)
                    afterNoun = afterNoun || named
                }
                claimed.append(i)
            }
        }
        guard found != nil else { return nil }
        for i in claimed { used.insert(i) }
        for (i, word) in clause.enumerated() where Lexicon.soundNouns.contains(word) || Lexicon.soundLinks.contains(word) {
            used.insert(i)
        }
        return found
    }
}
