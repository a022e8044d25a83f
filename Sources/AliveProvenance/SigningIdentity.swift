import Crypto
import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The key and certificate chain that sign manifests: ES256 with a P-256 key, chain
/// end-entity first. Made only through initialisers that check the key matches the
/// certificate and the certificate fits the C2PA profile.
public struct SigningIdentity: Sendable {
    /// The raw 32-byte scalar: swift-crypto's key type is not `Sendable`, its bytes are.
    private let keyBytes: [UInt8]
    public var privateKey: P256.Signing.PrivateKey {
        // Cannot fail: the bytes came from a valid key.
        try! P256.Signing.PrivateKey(rawRepresentation: keyBytes)
    }
    /// End-entity certificate first, then intermediates (and possibly a root).
    public let chain: [Certificate]

    /// Checks that the key belongs to `chain[0]`, that the chain is in order, and that the
    /// end-entity certificate is usable for C2PA today.
    public init(privateKey: P256.Signing.PrivateKey, chain: [Certificate]) throws(ProvenanceError) {
        try self.init(privateKey: privateKey, chain: chain, keyPath: "private key", certificatePath: "certificate chain")
    }

    init(privateKey: P256.Signing.PrivateKey, chain: [Certificate], keyPath: String, certificatePath: String) throws(ProvenanceError) {
        guard let leaf = chain.first else {
            throw .certificateUnreadable(path: certificatePath, reason: "no CERTIFICATE block found")
        }
        guard leaf.publicKey == Certificate.PublicKey(privateKey.publicKey) else {
            throw .keyDoesNotMatchCertificate(keyPath: keyPath, certificatePath: certificatePath)
        }
        for (child, parent) in zip(chain, chain.dropFirst()) where child.issuer != parent.subject {
            throw .certificateUnreadable(
                path: certificatePath,
                reason: "certificate \"\(child.subject)\" is not issued by the next one, \"\(parent.subject)\" (list the end-entity certificate first, then its issuers)")
        }
        if let problem = CertificateProfile.problem(signer: leaf, at: Date()) {
            var reason = problem.reason
            if case .expired = problem { reason += " (make a new identity: alive keys create --force)" }
            throw .certificateNotUsable(path: certificatePath, reason: reason)
        }
        self.keyBytes = Array(privateKey.rawRepresentation)
        self.chain = chain
    }

    /// Loads a user's own identity: a P-256 private key (PKCS#8 or SEC1 PEM) and a PEM chain,
    /// end-entity first.
    public static func load(keyFile: String, certificateFile: String) throws(ProvenanceError) -> SigningIdentity {
        let key = try loadPrivateKey(path: keyFile)
        let chain = try loadCertificates(path: certificateFile)
        return try SigningIdentity(privateKey: key, chain: chain, keyPath: keyFile, certificatePath: certificateFile)
    }

    /// alive's own identity from `configDirectory` (default: `$XDG_CONFIG_HOME/alive` or
    /// `~/.config/alive`), created on first use.
    public static func defaultIdentity(configDirectory: String? = nil) throws(ProvenanceError) -> SigningIdentity {
        try IdentityStore(directory: configDirectory ?? IdentityStore.defaultDirectory()).loadOrCreate()
    }

    /// The DER certificates for the manifest's x5chain: the chain without a trailing
    /// self-signed root, which validators must get from their own trust list, never from the
    /// file (a single self-signed end-entity certificate is kept: it is the signer).
    var manifestChainDER: [[UInt8]] {
        get throws {
            var certificates = chain
            if certificates.count > 1, let last = certificates.last, CertificateProfile.isSelfIssued(last) {
                certificates.removeLast()
            }
            return try certificates.map(CertificateProfile.der)
        }
    }

    /// The signer as a report shows it.
    public var summary: CertificateSummary { CertificateSummary(chain[0]) }

    static func readText(path: String, what: String) throws(ProvenanceError) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = attributes?[.size] as? NSNumber else {
            throw what == "key" ? .keyUnreadable(path: path, reason: "no such file") : .certificateUnreadable(path: path, reason: "no such file")
        }
        guard size.intValue <= 1 << 20, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let reason = size.intValue > 1 << 20 ? "file is larger than 1 MiB" : "not readable PEM text"
            throw what == "key" ? .keyUnreadable(path: path, reason: reason) : .certificateUnreadable(path: path, reason: reason)
        }
        return text
    }

    static func loadPrivateKey(path: String) throws(ProvenanceError) -> P256.Signing.PrivateKey {
        let pem = try readText(path: path, what: "key")
        if pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            throw .keyUnreadable(path: path, reason: "the key is encrypted; decrypt it first (openssl pkey -in KEY -out plain.pem)")
        }
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) { return key }
        if let other = try? Certificate.PrivateKey(pemEncoded: pem) {
            throw .keyNotP256(path: path, found: describeKeyType(String(describing: other)))
        }
        if pem.contains("-----BEGIN CERTIFICATE-----") {
            throw .keyUnreadable(path: path, reason: "this is a certificate, not a private key (pass the key with --sign-key and the certificate with --sign-cert)")
        }
        throw .keyUnreadable(path: path, reason: "no PEM private key found")
    }

    /// "RSA2048.PrivateKey" → "an RSA 2048-bit key", "P384.PrivateKey" → "a P-384 EC key".
    static func describeKeyType(_ description: String) -> String {
        let kind = description.split(separator: ".").first.map(String.init) ?? description
        if kind.hasPrefix("RSA") { return "an RSA \(kind.dropFirst(3))-bit key" }
        if kind.hasPrefix("P"), let bits = Int(kind.dropFirst()) { return "a P-\(bits) EC key" }
        if kind.lowercased().contains("ed25519") { return "an Ed25519 key" }
        return "a \(kind) key"
    }

    static func loadCertificates(path: String) throws(ProvenanceError) -> [Certificate] {
        let pem = try readText(path: path, what: "certificate")
        do {
            let documents = try PEMDocument.parseMultiple(pemString: pem)
            let certificates = try documents.filter { $0.discriminator == "CERTIFICATE" }.map { try Certificate(pemDocument: $0) }
            guard !certificates.isEmpty else {
                throw ProvenanceError.certificateUnreadable(path: path, reason: "no CERTIFICATE block found")
            }
            return certificates
        } catch let error as ProvenanceError {
            throw error
        } catch {
            throw .certificateUnreadable(path: path, reason: "\(error)")
        }
    }
}

/// What a report or `alive keys show` says about a certificate.
public struct CertificateSummary: Sendable, Codable, Equatable {
    /// The subject as a distinguished name, e.g. `CN=alive local signer 1A2B3C4D,O=...`.
    public var subject: String
    public var commonName: String?
    public var organization: String?
    public var issuer: String
    public var issuerCommonName: String?
    public var serialNumber: String
    /// SHA-256 of the DER certificate, colon-separated hex, as `openssl x509 -fingerprint -sha256` prints it.
    public var sha256Fingerprint: String
    public var notBefore: Date
    public var notAfter: Date
    public var selfSigned: Bool

    public init(_ certificate: Certificate) {
        subject = String(describing: certificate.subject)
        commonName = CertificateProfile.attribute(.RDNAttributeType.commonName, of: certificate.subject)
        organization = CertificateProfile.attribute(.RDNAttributeType.organizationName, of: certificate.subject)
        issuer = String(describing: certificate.issuer)
        issuerCommonName = CertificateProfile.attribute(.RDNAttributeType.commonName, of: certificate.issuer)
        serialNumber = certificate.serialNumber.bytes.map { String(format: "%02x", $0) }.joined()
        sha256Fingerprint = (try? CertificateProfile.der(certificate)).map(CertificateProfile.sha256Fingerprint) ?? ""
        notBefore = certificate.notValidBefore
        notAfter = certificate.notValidAfter
        selfSigned = CertificateProfile.isSelfIssued(certificate)
    }
}

/// Where alive keeps its own signing identity, and how it makes one.
///
/// The default identity is a self-signed end-entity certificate (CA false, key usage
/// digitalSignature, EKU c2pa-kp-claimSigning + emailProtection + documentSigning, subject
/// and authority key identifiers, 20 years). c2pa-rs accepts such a signer as `Valid` with
/// `signingCredential.untrusted` (c2pa-mp4.md §8); with the certificate as a trust anchor the
/// result is `Trusted`. The private key file is mode 0600 in a 0700 directory.
public struct IdentityStore: Sendable {
    public let directory: String
    public var keyPath: String { (directory as NSString).appendingPathComponent("signing-key.pem") }
    public var certificatePath: String { (directory as NSString).appendingPathComponent("signing-cert.pem") }
    var lockPath: String { (directory as NSString).appendingPathComponent(".signing-identity.lock") }

    /// How long a new self-signed certificate is valid. Without a time stamp, validators check
    /// the certificate against the current time, so when it expires every video signed with it
    /// turns `Invalid` (pitfall P8): make it outlive the videos.
    public static let validityYears = 20

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CONFIG_HOME/alive` when that is an absolute path, else `$HOME/.config/alive`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("alive")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return ((home as NSString).appendingPathComponent(".config") as NSString).appendingPathComponent("alive")
    }

    public var exists: Bool {
        FileManager.default.fileExists(atPath: keyPath) && FileManager.default.fileExists(atPath: certificatePath)
    }

    public func load() throws(ProvenanceError) -> SigningIdentity {
        guard exists else { throw .identityMissing(directory: directory) }
        return try SigningIdentity.load(keyFile: keyPath, certificateFile: certificatePath)
    }

    /// Loads the identity, creating it first if there is none. Safe when several alive
    /// processes start at once: creation holds a lock file.
    public func loadOrCreate() throws(ProvenanceError) -> SigningIdentity {
        if exists { return try load() }
        return try withLock { () throws(ProvenanceError) -> SigningIdentity in
            if exists { return try load() }
            return try write(Self.makeSelfSigned())
        }
    }

    /// Creates a new identity. Refuses to replace an existing one unless `force` is set.
    @discardableResult
    public func create(force: Bool) throws(ProvenanceError) -> SigningIdentity {
        try withLock { () throws(ProvenanceError) -> SigningIdentity in
            if exists && !force { throw .identityExists(directory: directory) }
            return try write(Self.makeSelfSigned())
        }
    }

    /// The certificate chain as PEM; with `includePrivateKey`, the private key first.
    public func exportPEM(includePrivateKey: Bool) throws(ProvenanceError) -> String {
        let identity = try load()
        var out = includePrivateKey ? identity.privateKey.pemRepresentation + "\n" : ""
        for certificate in identity.chain {
            do {
                out += try certificate.serializeAsPEM().pemString + "\n"
            } catch {
                throw .certificateUnreadable(path: certificatePath, reason: "\(error)")
            }
        }
        return out
    }

    /// A new P-256 key and its self-signed end-entity certificate.
    static func makeSelfSigned(now: Date = Date()) throws(ProvenanceError) -> SigningIdentity {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let keyIdentifier = SubjectKeyIdentifier(hash: publicKey)
        // The subject goes into every signed video: a short key-derived tag tells signers
        // apart without revealing the user's name or host.
        let tag = keyIdentifier.keyIdentifier.prefix(4).map { String(format: "%02X", $0) }.joined()
        do {
            let name = try DistinguishedName {
                CommonName("alive local signer \(tag)")
                OrganizationName("alive (self-signed, identity not verified)")
            }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([
                    ExtendedKeyUsage.Usage(oid: CertificateProfile.claimSigning),
                    .emailProtection,
                    ExtendedKeyUsage.Usage(oid: CertificateProfile.documentSigning),
                ])
                keyIdentifier
                AuthorityKeyIdentifier(keyIdentifier: keyIdentifier.keyIdentifier)
            }
            let notAfter = Calendar(identifier: .gregorian).date(byAdding: .year, value: validityYears, to: now) ?? now.addingTimeInterval(Double(validityYears) * 365.25 * 86_400)
            let certificate = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: publicKey,
                notValidBefore: now.addingTimeInterval(-300),  // tolerate a little clock skew
                notValidAfter: notAfter,
                issuer: name,
                subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions,
                issuerPrivateKey: Certificate.PrivateKey(key))
            return try SigningIdentity(privateKey: key, chain: [certificate])
        } catch let error as ProvenanceError {
            throw error
        } catch {
            throw .internalInconsistency("cannot build the self-signed certificate: \(error)")
        }
    }

    private func write(_ identity: SigningIdentity) throws(ProvenanceError) -> SigningIdentity {
        let certificatePEM: String
        do {
            certificatePEM = try identity.chain.map { try $0.serializeAsPEM().pemString }.joined(separator: "\n") + "\n"
        } catch {
            throw .internalInconsistency("cannot encode the certificate: \(error)")
        }
        // Key first: a certificate without its key is useless, the reverse is recoverable.
        try Self.writeAtomically(identity.privateKey.pemRepresentation + "\n", to: keyPath, mode: 0o600)
        try Self.writeAtomically(certificatePEM, to: certificatePath, mode: 0o644)
        return identity
    }

    private func prepareDirectory() throws(ProvenanceError) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .identityStorage(path: directory, reason: error.localizedDescription)
        }
        guard chmod(directory, 0o700) == 0 else {
            throw .identityStorage(path: directory, reason: "cannot set mode 0700: \(String(cString: strerror(errno)))")
        }
    }

    private func withLock<T>(_ body: () throws(ProvenanceError) -> T) throws(ProvenanceError) -> T {
        try prepareDirectory()
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .identityStorage(path: lockPath, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw .identityStorage(path: lockPath, reason: String(cString: strerror(errno))) }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Writes through a temporary file created with `mode` (never briefly world-readable) and
    /// renames it into place.
    static func writeAtomically(_ text: String, to path: String, mode: mode_t) throws(ProvenanceError) {
        let temporary = path + ".tmp-" + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .identityStorage(path: path, reason: String(cString: strerror(errno))) }
        var ok = fchmod(fd, mode) == 0
        let bytes = Array(text.utf8)
        var written = 0
        while ok && written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc_write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { ok = false } else { written += n }
        }
        ok = ok && fsync(fd) == 0
        let reason = String(cString: strerror(errno))
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .identityStorage(path: path, reason: reason)
        }
    }
}

/// `write(2)`, named apart from the many Swift `write` methods in scope.
private func Glibc_write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// What `alive keys show` prints: where the identity lives and who it names.
public struct IdentityDescription: Sendable, Encodable {
    public var directory: String
    public var keyPath: String
    public var certificatePath: String
    public var certificate: CertificateSummary
    /// Certificates in the chain file, end-entity first.
    public var chainLength: Int

    public var humanReadable: String {
        let date = ISO8601DateFormatter()
        date.formatOptions = [.withFullDate]
        var lines = [
            "Signer:       \(certificate.commonName ?? certificate.subject)",
            "Subject:      \(certificate.subject)",
            "Issuer:       \(certificate.selfSigned ? "self-signed (nobody vouches for this name; share the certificate so others can trust it)" : certificate.issuer)",
            "Fingerprint:  SHA-256 \(certificate.sha256Fingerprint)",
            "Valid:        \(date.string(from: certificate.notBefore)) to \(date.string(from: certificate.notAfter))",
            "Private key:  \(keyPath)",
            "Certificate:  \(certificatePath)",
        ]
        if chainLength > 1 { lines.append("Chain:        \(chainLength) certificates") }
        return lines.joined(separator: "\n")
    }
}

extension IdentityStore {
    /// The stored identity, checked (key matches certificate, profile holds).
    public func describe() throws(ProvenanceError) -> IdentityDescription {
        let identity = try load()
        return IdentityDescription(
            directory: directory, keyPath: keyPath, certificatePath: certificatePath,
            certificate: identity.summary, chainLength: identity.chain.count)
    }
}
