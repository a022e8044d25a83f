import AliveCore
import AliveProbe
import CWarpPeer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// `make bench`: alive against its peers, measured in the same run on the same machine, so
// the ratios mean something on a noisy shared machine. Prints a table; asserts nothing.

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let alive = ProcessInfo.processInfo.environment["ALIVE_BIN"] ?? root.appendingPathComponent(".build/release/alive").path
let work = FileManager.default.temporaryDirectory.appendingPathComponent("alive-bench")
try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
let quick = CommandLine.arguments.contains("--quick")

func line(_ s: String) { print(s); fflush(nil) }

// MARK: - Processes: wall time, and peak memory from the child's own VmHWM

struct Run { var status: Int32; var seconds: Double; var peakMB: Double }

/// Runs a command and measures its wall time and peak resident memory. The peak is polled
/// from /proc/PID/status (VmHWM of the child's own address space): wait4's ru_maxrss would
/// include this benchmark's own memory, which a spawned child inherits in that count.
func measure(_ argv: [String], stdout: String = "/dev/null") -> Run {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let cArgs = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    let start = DispatchTime.now().uptimeNanoseconds
    let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
    posix_spawn_file_actions_destroy(&actions)
    guard rc == 0 else { return Run(status: -1, seconds: 0, peakMB: 0) }
    var status: Int32 = 0
    var peakKB = 0.0
    while waitpid(pid, &status, WNOHANG) == 0 {
        if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
            peakKB = max(peakKB, kb)
        }
        usleep(5_000)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return Run(status: (status >> 8) & 0xff, seconds: seconds, peakMB: peakKB / 1024)
}

func lumaFrames(_ path: String, width: Int, height: Int) -> [GrayImage] {
    let raw = work.appendingPathComponent("frames.gray").path
    _ = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", raw])
    guard let data = FileManager.default.contents(atPath: raw) else { return [] }
    let n = width * height
    return stride(from: 0, to: data.count - n + 1, by: n).map { GrayImage(width: width, height: height, bytes: data[$0..<$0 + n]) }
}

func jitter(_ path: String, width: Int, height: Int) -> Double {
    let frames = lumaFrames(path, width: width, height: height)
    let motions = MotionProbe.motions(frames)
    return Jitter.residualRMS(motions, width: width, height: height)
}

// MARK: - 1. The warp kernel against plain C, one thread

func kernel() {
    let (sw, sh, dw, dh) = (1300, 2300, 1080, 1920)
    let source = FrameBuffer(width: sw, height: sh)
    source.withMutablePixels { p in
        for i in p.indices { p[i] = Pixel(Float(i % 251) / 251, Float(i % 13) / 13, Float(i % 97) / 97, 1) }
    }
    let swiftOut = FrameBuffer(width: dw, height: dh), cOut = FrameBuffer(width: dw, height: dh)
    var bestSwift = Double.infinity, bestC = Double.infinity
    for k in 0..<(quick ? 4 : 15) {
        // A zoom with sub-pixel offsets, different each round.
        let map = AffineMap(a: 1.1 + Float(k) * 0.003, b: 0, c: 20.3, d: 0, e: 1.1 + Float(k) * 0.003, f: 30.7)
        var t = DispatchTime.now().uptimeNanoseconds
        BilinearWarp.render(source: source, map: map, into: swiftOut, schedule: .serial)
        bestSwift = min(bestSwift, Double(DispatchTime.now().uptimeNanoseconds - t) / Double(dw * dh))
        t = DispatchTime.now().uptimeNanoseconds
        source.withPixels { s in
            cOut.withMutablePixels { d in
                s.withMemoryRebound(to: Float.self) { sf in
                    d.withMemoryRebound(to: Float.self) { df in
                        warp_peer_affine(sf.baseAddress, Int32(sw), Int32(sh), df.baseAddress, Int32(dw), Int32(dh),
                                         map.a, map.b, map.c, map.d, map.e, map.f)
                    }
                }
            }
        }
        bestC = min(bestC, Double(DispatchTime.now().uptimeNanoseconds - t) / Double(dw * dh))
    }
    var worst: Float = 0
    swiftOut.withPixels { a in cOut.withPixels { b in for i in a.indices { worst = max(worst, abs(a[i].x - b[i].x)) } } }
    let yuv = YUVFrame(width: dw, height: dh)
    var bestYUV = Double.infinity
    for _ in 0..<(quick ? 3 : 10) {
        let t = DispatchTime.now().uptimeNanoseconds
        BT709.convert(swiftOut, into: yuv, schedule: .serial)
        bestYUV = min(bestYUV, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    }
    line("## Warp kernel: bilinear, float32 RGBA, 1080x1920 output, one thread (best of runs)")
    line(String(format: "alive (Swift)        %6.2f ns/pixel", bestSwift))
    line(String(format: "plain C, clang -O3   %6.2f ns/pixel", bestC))
    line(String(format: "ratio Swift / C      %6.2f   (outputs agree to %.1e)", bestSwift / bestC, worst))
    line(String(format: "BT.709 4:2:0 conversion %6.2f ms/frame (one thread)", bestYUV))
    line("")
}

// MARK: - 2. The whole job against ffmpeg's zoompan

func pipeline() {
    let photo = work.appendingPathComponent("large-48mp.jpg").path
    if !FileManager.default.fileExists(atPath: photo) {
        // An 8000x6000 (48 MP) phone-sized photo made from the bundled sample.
        _ = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-i", root.appendingPathComponent("samples/rocket.jpg").path,
                     "-vf", "scale=8000:6000:flags=lanczos", "-q:v", "2", photo])
    }
    let seconds = quick ? 2 : 6, frames = seconds * 30
    let ours = work.appendingPathComponent("alive.mp4").path, theirs = work.appendingPathComponent("zoompan.mp4").path
    // The same zoom: 1.0 to 1.15 over the clip, centred, 1080x1920, x264 veryfast crf 20;
    // "flat": the plain zoom zoompan does (no depth parallax), and no sound, as zoompan makes
    // none (the sound's own cost is measured below), so the work compared is the same.
    let a = measure([alive, "animate", photo, "--prompt", "flat zoom in", "--duration", "\(seconds)", "--preset", "veryfast",
                     "--crf", "20", "-o", ours, "--force", "-q", "--no-audio"])
    let step = 0.15 / Double(frames - 1)
    let z = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-i", photo, "-vf",
                     "crop=ih*9/16:ih,zoompan=z='min(1+\(step)*on,1.15)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=\(frames):s=1080x1920:fps=30",
                     "-frames:v", "\(frames)", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", theirs])
    line("## \(seconds) s clip at 1080x1920 from an 8000x6000 JPEG, zoom 1.0 -> 1.15, x264 veryfast crf 20")
    line(String(format: "alive animate        %6.2f s wall   peak %5.0f MB   exit %d", a.seconds, a.peakMB, a.status))
    line(String(format: "ffmpeg zoompan       %6.2f s wall   peak %5.0f MB   exit %d", z.seconds, z.peakMB, z.status))
    line(String(format: "ratio alive / zoompan %5.2f  (below 1: alive is faster)", a.seconds / z.seconds))
    let ja = jitter(ours, width: 1080, height: 1920), jz = jitter(theirs, width: 1080, height: 1920)
    line(String(format: "jitter (RMS residual of frame-to-frame motion): alive %.3f px, zoompan %.3f px", ja, jz))
    line("")
}

// MARK: - 3. The sound beds: a 6 s bed synthesised and mastered, one thread

func sound() {
    line("## Sound beds: 6 s at 48 kHz stereo, synthesised, loudness-normalised, limited, faded (best of runs)")
    for bed in SoundBed.allCases {
        var best = Double.infinity
        for _ in 0..<(quick ? 2 : 5) {
            let t = DispatchTime.now().uptimeNanoseconds
            let audio = SoundMaster.bed(bed, count: 6 * StereoAudio.standardRate, seed: 1, loop: false)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            precondition(audio.count == 6 * StereoAudio.standardRate)
        }
        line(bed.rawValue.padding(toLength: 21, withPad: " ", startingAt: 0) + String(format: "%6.1f ms", best))
    }
    line("")
}

// MARK: - 4. Memory does not grow with the clip's length

func memory() {
    let photo = work.appendingPathComponent("large-48mp.jpg").path
    line("## Peak memory (RSS) of alive animate, 8000x6000 JPEG, 1080x1920")
    var peaks: [Double] = []
    for seconds in quick ? [2, 4] : [5, 20] {
        let r = measure([alive, "animate", photo, "--prompt", "pan right", "--duration", "\(seconds)", "--preset", "ultrafast",
                         "-o", work.appendingPathComponent("mem.mp4").path, "--force", "-q"])
        peaks.append(r.peakMB)
        line(String(format: "%2d s clip            %6.0f MB   %6.2f s wall   exit %d", seconds, r.peakMB, r.seconds, r.status))
    }
    line(String(format: "growth long / short  %6.2f", peaks[1] / peaks[0]))
    line("")
}

// MARK: - 4. The full effect stack against the camera alone

func scene() {
    let photo = work.appendingPathComponent("large-48mp.jpg").path
    let seconds = quick ? 2 : 6
    line("## \(seconds) s clip at 1080x1920 from the 8000x6000 JPEG (rocket: sky, no water): effects against the camera alone")
    var base = 0.0
    for (name, prompt) in [("camera only (flat zoom)", "flat zoom in"), ("zoom with depth parallax", "zoom in"),
                           ("sky drift, parallax, fog, snow", "clouds drift left, fog, snow, zoom in"),
                           ("cinemagraph (sky only)", "clouds drift left")] {
        let r = measure([alive, "animate", photo, "--prompt", prompt, "--duration", "\(seconds)", "--preset", "veryfast",
                         "--crf", "20", "-o", work.appendingPathComponent("scene.mp4").path, "--force", "-q", "--no-audio"])
        if base == 0 { base = r.seconds }
        line(String(format: "%-32@ %6.2f s wall  x%.2f camera-only  %.2fx real time  peak %5.0f MB  exit %d",
                     name as NSString, r.seconds, r.seconds / base, Double(seconds) / r.seconds, r.peakMB, r.status))
    }
    line("")
}

// `alive-bench --jitter FILE WIDTH HEIGHT`: the jitter of any video, for a look at one file.
if let i = CommandLine.arguments.firstIndex(of: "--jitter"), CommandLine.arguments.count > i + 3 {
    let args = CommandLine.arguments
    let w = Int(args[i + 2])!, h = Int(args[i + 3])!
    let motions = MotionProbe.motions(lumaFrames(args[i + 1], width: w, height: h))
    for (n, m) in motions.enumerated() {
        line(String(format: "%3d scale %.6f tx %+.4f ty %+.4f", n, m.scale, m.tx, m.ty))
    }
    line(String(format: "jitter %.4f px RMS", Jitter.residualRMS(motions, width: w, height: h)))
    exit(0)
}

line("alive benchmarks: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(quick ? "quick" : "full") run")
line("")
if CommandLine.arguments.contains("--faces") {
    faces()
    exit(0)
}
faces()
kernel()
pipeline()
scene()
sound()
memory()
