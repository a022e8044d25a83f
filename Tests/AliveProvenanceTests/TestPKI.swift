import Crypto
import Foundation
import SwiftASN1
import X509

@testable import AliveProvenance

/// Small certificate authorities for tests, made with swift-certificates.
enum TestPKI {
    struct Issued {
        var key: P256.Signing.PrivateKey
        var certificate: Certificate
    }

    static func name(_ commonName: String) throws -> DistinguishedName {
        try DistinguishedName {
            CommonName(commonName)
            OrganizationName("Alive Test")
        }
    }

    static func root(_ commonName: String = "Alive Test Root CA", notBefore: Date = Date().addingTimeInterval(-3600), notAfter: Date = Date().addingTimeInterval(86_400 * 365)) throws -> Issued {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let ski = SubjectKeyIdentifier(hash: publicKey)
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter,
            issuer: try name(commonName), subject: try name(commonName), signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                ski
                AuthorityKeyIdentifier(keyIdentifier: ski.keyIdentifier)
            },
            issuerPrivateKey: .init(key))
        return Issued(key: key, certificate: certificate)
    }

    /// An end-entity signer issued by `issuer`, with the EKUs given (default: the set the
    /// reference recommends) and optional omissions to break the profile on purpose.
    static func leaf(
        issuedBy issuer: Issued, commonName: String = "Alive Signer",
        ekus: [ExtendedKeyUsage.Usage] = [.init(oid: CertificateProfile.claimSigning), .emailProtection, .init(oid: CertificateProfile.documentSigning)],
        withAKI: Bool = true, notAfter: Date = Date().addingTimeInterval(86_400 * 365)
    ) throws -> Issued {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let issuerSKI = try issuer.certificate.extensions.subjectKeyIdentifier!
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: publicKey,
            notValidBefore: Date().addingTimeInterval(-3600), notValidAfter: notAfter,
            issuer: issuer.certificate.subject, subject: try name(commonName), signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                if !ekus.isEmpty { try ExtendedKeyUsage(ekus) }
                SubjectKeyIdentifier(hash: publicKey)
                if withAKI { AuthorityKeyIdentifier(keyIdentifier: issuerSKI.keyIdentifier) }
            },
            issuerPrivateKey: .init(issuer.key))
        return Issued(key: key, certificate: certificate)
    }

    static func pem(_ certificates: [Certificate]) throws -> String {
        try certificates.map { try $0.serializeAsPEM().pemString }.joined(separator: "\n") + "\n"
    }

    /// Writes key.pem, chain.pem (leaf + root) and root.pem into `directory`.
    static func writeChain(leaf: Issued, root: Issued, to directory: String) throws -> (key: String, chain: String, root: String) {
        let key = directory + "/key.pem", chain = directory + "/chain.pem", rootPath = directory + "/root.pem"
        try leaf.key.pemRepresentation.write(toFile: key, atomically: true, encoding: .utf8)
        try pem([leaf.certificate, root.certificate]).write(toFile: chain, atomically: true, encoding: .utf8)
        try pem([root.certificate]).write(toFile: rootPath, atomically: true, encoding: .utf8)
        return (key, chain, rootPath)
    }
}
