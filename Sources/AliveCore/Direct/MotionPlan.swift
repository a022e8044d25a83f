/// What the video will do, read from the prompt: data that `alive plan` prints as JSON and
/// `--plan FILE` reads back, so a creator can see and edit why the video moves as it does.
public struct MotionPlan: Codable, Sendable, Equatable {
    /// The format version of this JSON; bumped when a field changes meaning.
    public var version: Int
    /// The prompt the plan was read from ("" when none was given).
    public var prompt: String
    /// The virtual camera's move.
    public var camera: CameraMove
    /// A duration the prompt asked for ("8 seconds"), which wins over the default.
    public var duration: Double?
    /// Light and colour changing over the clip ("golden hour", "night falls"); nil keeps the
    /// photo's own light.
    public var light: LightChange?
    /// The clip loops: the last frame leads seamlessly into the first. nil plays once.
    public var loop: Loop?
    /// What moves in the scene besides the camera: sky, water, foliage, fog, particles, and
    /// how much the camera's move shows depth.
    public var motion: SceneMotion
    /// Requests this photo cannot honour ("waves" with no water in sight), said plainly.
    public var notes: [String]
    /// The ambient sound asked for ("with the sound of waves", "senza audio"); nil lets the
    /// scene choose (`SoundBed.choose`).
    public var sound: Sound? = nil
    /// The faces found in the photo and what each does (blink, smile, head, breathing); nil
    /// before the photo is seen, or when it shows no one.
    public var faces: [FaceLifePlan]? = nil
    /// Phrases of the prompt that shaped the plan.
    public var understood: [String]
    /// Words of the prompt that did not change anything.
    public var ignored: [String]

    public init(version: Int = 2, prompt: String = "", camera: CameraMove = .gentle, duration: Double? = nil,
                light: LightChange? = nil, loop: Loop? = nil, motion: SceneMotion = SceneMotion(),
                notes: [String] = [], understood: [String] = [], ignored: [String] = []) {
        self.version = version
        self.prompt = prompt
        self.camera = camera
        self.duration = duration
        self.light = light
        self.loop = loop
        self.motion = motion
        self.notes = notes
        self.understood = understood
        self.ignored = ignored
    }

    enum CodingKeys: String, CodingKey {
        case version, prompt, camera, duration, light, loop, motion, notes, sound, faces, understood, ignored
    }

    /// Plans saved before scene motion existed (version 1) read as camera-only plans.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        prompt = try c.decodeIfPresent(String.self, forKey: .prompt) ?? ""
        camera = try c.decode(CameraMove.self, forKey: .camera)
        duration = try c.decodeIfPresent(Double.self, forKey: .duration)
        light = try c.decodeIfPresent(LightChange.self, forKey: .light)
        loop = try c.decodeIfPresent(Loop.self, forKey: .loop)
        motion = try c.decodeIfPresent(SceneMotion.self, forKey: .motion) ?? SceneMotion(parallax: 0)
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        sound = try c.decodeIfPresent(Sound.self, forKey: .sound)
        faces = try c.decodeIfPresent([FaceLifePlan].self, forKey: .faces)
        understood = try c.decodeIfPresent([String].self, forKey: .understood) ?? []
        ignored = try c.decodeIfPresent([String].self, forKey: .ignored) ?? []
    }
}

/// A seamless loop: every motion goes out and comes back within each period, easing at
/// both ends, so the frame after the last is the first.
public struct Loop: Codable, Sendable, Equatable {
    /// Seconds per cycle; nil is the whole clip. The clip holds a whole number of cycles.
    public var period: Double?

    public init(period: Double? = nil) { self.period = period }
}
