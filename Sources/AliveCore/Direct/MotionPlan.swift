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
    /// The ambient sound asked for ("with the sound of waves", "senza audio"); nil lets the
    /// scene choose (`SoundBed.choose`).
    public var sound: Sound? = nil
    /// Phrases of the prompt that shaped the plan.
    public var understood: [String]
    /// Words of the prompt that did not change anything.
    public var ignored: [String]

    public init(version: Int = 1, prompt: String = "", camera: CameraMove = .gentle, duration: Double? = nil,
                light: LightChange? = nil, loop: Loop? = nil, understood: [String] = [], ignored: [String] = []) {
        self.version = version
        self.prompt = prompt
        self.camera = camera
        self.duration = duration
        self.light = light
        self.loop = loop
        self.understood = understood
        self.ignored = ignored
    }
}

/// A seamless loop: every motion goes out and comes back within each period, easing at
/// both ends, so the frame after the last is the first.
public struct Loop: Codable, Sendable, Equatable {
    /// Seconds per cycle; nil is the whole clip. The clip holds a whole number of cycles.
    public var period: Double?

    public init(period: Double? = nil) { self.period = period }
}
