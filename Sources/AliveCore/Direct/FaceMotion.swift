/// The subtle life a face in the photo is given: part of the `MotionPlan`, so `alive plan`
/// prints it and an edited plan can switch one person off.
///
/// `SceneMotion.face` holds what the prompt asked of every face ("blink", "smile", "keep
/// faces still"); once the photo is seen, `MotionPlan.faces` lists each face found, by its
/// index and box, with the motions it gets. No motion ever moves the lips to speak.
public struct FaceMotions: Codable, Sendable, Equatable {
    /// Both eyelids close together every 2-4 s, for 150-250 ms.
    public var blink: Bool
    /// A slight, slow lift of the mouth corners.
    public var smile: Bool
    /// The head's small motion (2-4 degrees), the neck following softly; nil holds it still.
    public var head: HeadMotion?
    /// The shoulders and chest rise and fall, at 0.2-0.3 Hz.
    public var breathe: Bool

    public init(blink: Bool = false, smile: Bool = false, head: HeadMotion? = nil, breathe: Bool = false) {
        (self.blink, self.smile, self.head, self.breathe) = (blink, smile, head, breathe)
    }

    /// What a face gets by default, on a photo with people: all of it, the head wandering a little.
    public static let lively = FaceMotions(blink: true, smile: true, head: .wander, breathe: true)
    /// Nothing moves ("keep faces still", `--no-face-motion`).
    public static let still = FaceMotions()

    public var isStill: Bool { !blink && !smile && head == nil && !breathe }

    /// The motions by name, for notes: "blink, smile, head, breathing".
    public var names: [String] {
        var n: [String] = []
        if blink { n.append("blink") }
        if smile { n.append("smile") }
        if let head { n.append(head == .wander ? "head" : head.rawValue) }
        if breathe { n.append("breathing") }
        return n
    }

    /// These motions together with `other`'s.
    func adding(_ other: FaceMotions) -> FaceMotions {
        FaceMotions(blink: blink || other.blink, smile: smile || other.smile, head: other.head ?? head,
                    breathe: breathe || other.breathe)
    }
}

/// How the head moves.
public enum HeadMotion: String, Codable, Sendable, CaseIterable {
    /// A small turn, nod and tilt, each at its own slow pace.
    case wander
    /// A small nod: the head dips and comes back up.
    case nod
    /// The head turns a little toward the picture's left, or its right, and back.
    case lookLeft, lookRight
}

/// One face of the photo and what it does: the index of the face as found (largest first is
/// not promised: the order the face finder gives), its box in photo pixels to recognise it
/// by, and its motions.
public struct FaceLifePlan: Codable, Sendable, Equatable {
    public var index: Int
    /// x, y, width, height of the face, in the photo's pixels.
    public var box: [Double]
    public var motions: FaceMotions

    public init(index: Int, box: [Double], motions: FaceMotions) {
        self.index = index
        self.box = box
        self.motions = motions
    }
}

extension MotionPlan {
    /// The face motions asked for when the prompt named none: every face lively when the
    /// prompt asked for life in general, still when it named what moves.
    var faceRequest: FaceMotions {
        motion.face ?? (motion.automatic ? .lively : .still)
    }

    /// This plan with `boxes` (x, y, width, height in photo pixels, one per face found) given
    /// their motions: an edited plan's per-face entries are kept, by index, for the faces
    /// still there; any other face gets what the prompt asked for.
    public func withFaces(_ boxes: [[Double]]) -> MotionPlan {
        var plan = self
        let request = faceRequest
        plan.faces = boxes.enumerated().map { i, box in
            let edited = faces?.first { $0.index == i }
            return FaceLifePlan(index: i, box: box.map { ($0 * 10).rounded() / 10 }, motions: edited?.motions ?? request)
        }
        let moving = plan.faces!.filter { !$0.motions.isStill }
        if !moving.isEmpty {
            let names = moving.reduce(FaceMotions.still) { $0.adding($1.motions) }.names
            let note = "faces animated (\(names.joined(separator: ", "))) on \(moving.count) of \(boxes.count) "
                + "\(boxes.count == 1 ? "face" : "faces"): expressions and motion the photo did not show"
            if !plan.notes.contains(note) { plan.notes.append(note) }
        }
        return plan
    }

    /// This plan with every face held still (`--no-face-motion`).
    public func withoutFaceMotion() -> MotionPlan {
        var plan = self
        plan.motion.face = .still
        plan.faces = plan.faces?.map { FaceLifePlan(index: $0.index, box: $0.box, motions: .still) }
        return plan
    }

    /// Whether any face of this plan moves.
    public var animatesFaces: Bool { faces?.contains { !$0.motions.isStill } ?? false }
}
