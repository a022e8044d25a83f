import Crypto
import Foundation
import SwiftASN1
import Testing
import X509

@testable import AliveProvenance

/// The signing identity: alive's self-signed default and a user's own key and chain.
@Suite struct IdentityTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    @Test func defaultIdentityIsCreatedOnceWithPrivatePermissions() throws {
        let directory = try Support.temporaryDirectory() + "/config/alive"
        let first = try SigningIdentity.defaultIdentity(configDirectory: directory)
        let store = IdentityStore(directory: directory)
        #expect(try Self.mode(store.keyPath) == 0o600)
        #expect(try Self.mode(directory) == 0o700)
        let again = try SigningIdentity.defaultIdentity(configDirectory: directory)
        #expect(again.chain == first.chain)
        #expect(again.privateKey.rawRepresentation == first.privateKey.rawRepresentation)

        #expect(throws: ProvenanceError.identityExists(directory: directory)) { try store.create(force: false) }
        let replaced = try store.create(force: true)
        #expect(replaced.chain != first.chain)
        #expect(try Self.mode(store.keyPath) == 0o600)
        #expect(try store.load().chain == replaced.chain)
    }

    @Test func selfSignedCertificateFollowsTheC2PAProfile() throws {
        let identity = try IdentityStore.makeSelfSigned()
        let certificate = try #require(identity.chain.first)
        #expect(identity.chain.count == 1)
        #expect(certificate.issuer == certificate.subject)
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        let keyUsage = try #require(try certificate.extensions.keyUsage)
        #expect(keyUsage.digitalSignature && !keyUsage.keyCertSign)
        let ekus = Set(try #require(try certificate.extensions.extendedKeyUsage).map { ASN1ObjectIdentifier($0) })
        #expect(ekus == [CertificateProfile.claimSigning, .ExtendedKeyUsage.emailProtection, CertificateProfile.documentSigning])
        let ski = try #require(try certificate.extensions.subjectKeyIdentifier)
        #expect(try certificate.extensions.authorityKeyIdentifier?.keyIdentifier == ski.keyIdentifier)
        #expect(certificate.notValidAfter.timeIntervalSince(certificate.notValidBefore) >= 10 * 365.25 * 86_400)
        #expect(CertificateProfile.problem(signer: certificate, at: Date()) == nil)
        // Nothing personal in the subject: it is copied into every video.
        let host = ProcessInfo.processInfo.hostName
        let user = ProcessInfo.processInfo.environment["USER"] ?? "root"
        #expect(!String(describing: certificate.subject).contains(host))
        #expect(!String(describing: certificate.subject).contains("CN=\(user)"))
    }

    @Test func concurrentFirstUseMakesOneIdentity() throws {
        let directory = try Support.temporaryDirectory() + "/alive"
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            let identity = try? SigningIdentity.defaultIdentity(configDirectory: directory)
            results.append(identity.map { CertificateSummary($0.chain[0]).sha256Fingerprint } ?? "failed")
        }
        let fingerprints = results.values
        #expect(fingerprints.count == 6)
        #expect(Set(fingerprints).count == 1, "\(fingerprints)")
        #expect(!fingerprints.contains("failed"))
        #expect(try IdentityStore(directory: directory).load().summary.sha256Fingerprint == fingerprints[0])
    }

    @Test func exportNeverIncludesThePrivateKeyUnlessAsked() throws {
        let store = try Support.selfSignedStore
        let exported = try store.exportPEM(includePrivateKey: false)
        #expect(exported.contains("BEGIN CERTIFICATE"))
        #expect(!exported.contains("PRIVATE KEY"))
        #expect(try store.exportPEM(includePrivateKey: true).contains("BEGIN PRIVATE KEY"))
    }

    @Test func defaultDirectoryFollowsXDG() {
        #expect(IdentityStore.defaultDirectory(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/u"]) == "/x/cfg/alive")
        #expect(IdentityStore.defaultDirectory(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.config/alive")
        #expect(IdentityStore.defaultDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.config/alive")
    }

    @Test func userIdentityLoadsFromPEM() throws {
        let dir = try Support.temporaryDirectory()
        let root = try TestPKI.root()
        let leaf = try TestPKI.leaf(issuedBy: root)
        let files = try TestPKI.writeChain(leaf: leaf, root: root, to: dir)
        let identity = try SigningIdentity.load(keyFile: files.key, certificateFile: files.chain)
        #expect(identity.chain.count == 2)
        // The root is left out of x5chain; the leaf is always first.
        #expect(try identity.manifestChainDER == [CertificateProfile.der(leaf.certificate)])

        // OpenSSL's traditional SEC1 form ("EC PRIVATE KEY") works too.
        if let openssl = Support.which("openssl") {
            let sec1 = dir + "/sec1.pem"
            let converted = try Support.run(openssl, ["ec", "-in", files.key, "-out", sec1])
            if converted.status == 0 {
                #expect(try String(contentsOfFile: sec1, encoding: .utf8).contains("BEGIN EC PRIVATE KEY"))
                #expect(try SigningIdentity.load(keyFile: sec1, certificateFile: files.chain).chain.count == 2)
            }
        }
    }

    @Test func userIdentityErrorsAreClear() throws {
        let dir = try Support.temporaryDirectory()
        let root = try TestPKI.root()
        let leaf = try TestPKI.leaf(issuedBy: root)
        let files = try TestPKI.writeChain(leaf: leaf, root: root, to: dir)

        // A P-384 key.
        let p384 = dir + "/p384.pem"
        try P384.Signing.PrivateKey().pemRepresentation.write(toFile: p384, atomically: true, encoding: .utf8)
        #expect(throws: ProvenanceError.keyNotP256(path: p384, found: "a P-384 EC key")) {
            try SigningIdentity.load(keyFile: p384, certificateFile: files.chain)
        }
        // An RSA key, made with openssl when it is there.
        if let openssl = Support.which("openssl") {
            let rsa = dir + "/rsa.pem"
            let made = try Support.run(openssl, ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsa])
            if made.status == 0 {
                #expect(throws: ProvenanceError.keyNotP256(path: rsa, found: "an RSA 2048-bit key")) {
                    try SigningIdentity.load(keyFile: rsa, certificateFile: files.chain)
                }
            }
        }
        // A key that belongs to another certificate.
        let other = dir + "/other.pem"
        try P256.Signing.PrivateKey().pemRepresentation.write(toFile: other, atomically: true, encoding: .utf8)
        #expect(throws: ProvenanceError.keyDoesNotMatchCertificate(keyPath: other, certificatePath: files.chain)) {
            try SigningIdentity.load(keyFile: other, certificateFile: files.chain)
        }
        // Certificate and key swapped on the command line.
        #expect {
            try SigningIdentity.load(keyFile: files.chain, certificateFile: files.key)
        } throws: { "\($0)".contains("this is a certificate, not a private key") }
        // Missing files.
        #expect(throws: ProvenanceError.keyUnreadable(path: dir + "/nope.pem", reason: "no such file")) {
            try SigningIdentity.load(keyFile: dir + "/nope.pem", certificateFile: files.chain)
        }

        // Certificates validators would reject.
        func expectUnusable(_ issued: TestPKI.Issued, chain: [Certificate]? = nil, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let sub = try Support.temporaryDirectory("unusable")
            let key = sub + "/k.pem", cert = sub + "/c.pem"
            try issued.key.pemRepresentation.write(toFile: key, atomically: true, encoding: .utf8)
            try TestPKI.pem(chain ?? [issued.certificate, root.certificate]).write(toFile: cert, atomically: true, encoding: .utf8)
            #expect(sourceLocation: sourceLocation) {
                try SigningIdentity.load(keyFile: key, certificateFile: cert)
            } throws: { "\($0)".contains(text) }
        }
        try expectUnusable(try TestPKI.leaf(issuedBy: root, ekus: [.init(oid: CertificateProfile.claimSigning)]), mentioning: "emailProtection")
        try expectUnusable(try TestPKI.leaf(issuedBy: root, ekus: []), mentioning: "extendedKeyUsage")
        try expectUnusable(try TestPKI.leaf(issuedBy: root, withAKI: false), mentioning: "authorityKeyIdentifier")
        try expectUnusable(try TestPKI.leaf(issuedBy: root, notAfter: Date().addingTimeInterval(-60)), mentioning: "expired")
        try expectUnusable(root, chain: [root.certificate], mentioning: "CA certificate")
        try expectUnusable(leaf, chain: [root.certificate, leaf.certificate], mentioning: "does not match")
        try expectUnusable(leaf, chain: [leaf.certificate, try TestPKI.root("Unrelated Root").certificate], mentioning: "is not issued by")
    }
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ value: String) { lock.withLock { storage.append(value) } }
    var values: [String] { lock.withLock { storage } }
}
