import Foundation

/// Waves, ripples and shimmer inside the water: a divergence-free noise flow (the curl of a
/// stream function), so the surface swirls without bunching up, carried slowly in the
/// plan's direction. Ripples are flattened and shrink towards the horizon as on a real
/// surface seen from the side; reflections move with the water because they are the water.
/// The shore stays put: only pixels under the water mask take this layer.
struct WaterFlow: Sendable {
    let velocity: SIMD2<Float>
    let ripples: (NoiseField, NoiseField)
    let unit: Float
    let amplitude: Float
    let clock: FlowClock

    init(flow: Flow, unit: Float, loop: Double?, duration: Double, seed: UInt64) {
        velocity = SkyDrift.direction(flow) * Float(flow.speed) * unit
        ripples = NoiseField.make(seed: seed ^ 0xA7E2, size: 128, cells: 8).curl()
        self.unit = unit
        amplitude = Float(max(0.2, flow.turbulence)) * 0.005 * unit
        clock = FlowClock(preferred: 2, loop: loop, duration: duration)
    }

    /// Where water pixel `q` samples the water plate; `nearness` is 1 at the bottom of the
    /// photo, 0 at the horizon.
    @inline(__always)
    func source(_ q: SIMD2<Float>, nearness: Float, offset: Float, angle: Float) -> SIMD2<Float> {
        let upstream = q - velocity * offset
        let wavelength = unit * (0.015 + 0.05 * nearness)
        let u = upstream.x / wavelength, v = upstream.y / (wavelength * 0.45)
        // At rest at angle 0, so the first frame is undisplaced.
        let swirl = ripples.0.sample(u, v) * (cos(angle) - 1) + ripples.1.sample(u, v) * sin(angle)
        return upstream + swirl * (amplitude * (0.25 + 0.75 * nearness))
    }
}
