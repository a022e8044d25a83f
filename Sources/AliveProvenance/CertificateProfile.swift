import Crypto
import Foundation
import SwiftASN1
import X509

/// The C2PA certificate profile for signing certificates (C2PA 2.2 §14.5.1), checked the way
/// c2pa-rs 0.91 checks it, so that alive refuses at signing time what validators would reject
/// later, and its verifier reports what the SDK reports.
enum CertificateProfile {
    /// c2pa-kp-claimSigning.
    static let claimSigning: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 62558, 2, 1]
    /// id-kp-documentSigning (RFC 9336).
    static let documentSigning: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 3, 36]

    /// EKUs that the default trust configuration of the c2pa-rs 0.91.3 reader accepts. A
    /// certificate with only claimSigning or documentSigning reads back as
    /// `signingCredential.invalid` (measured, c2pa-mp4.md §8), so alive's own certificates
    /// always add emailProtection.
    static let acceptedEKUs: Set<ASN1ObjectIdentifier> = [
        ASN1ObjectIdentifier.ExtendedKeyUsage.emailProtection,
        ASN1ObjectIdentifier.ExtendedKeyUsage.timeStamping,
        ASN1ObjectIdentifier.ExtendedKeyUsage.ocspSigning,
    ]

    /// Extensions a validator understands; any other extension marked critical is refused.
    static let knownExtensions: Set<ASN1ObjectIdentifier> = [
        .X509ExtensionID.basicConstraints, .X509ExtensionID.keyUsage, .X509ExtensionID.extendedKeyUsage,
        .X509ExtensionID.subjectKeyIdentifier, .X509ExtensionID.authorityKeyIdentifier,
        .X509ExtensionID.subjectAlternativeName, .X509ExtensionID.nameConstraints,
        .X509ExtensionID.authorityInformationAccess, [2, 5, 29, 32] /* certificatePolicies */,
        [2, 5, 29, 31] /* cRLDistributionPoints */, [2, 5, 29, 18] /* issuerAltName */,
    ]

    enum Problem: Equatable {
        /// The certificate breaks the profile: `signingCredential.invalid`.
        case invalid(String)
        /// Outside its validity period: `signingCredential.expired`.
        case expired(String)

        var reason: String {
            switch self {
            case .invalid(let r), .expired(let r): r
            }
        }
    }

    /// The first problem with `certificate` as a claim signer at `date`, or nil.
    static func problem(signer certificate: Certificate, at date: Date) -> Problem? {
        guard certificate.version == .v3 else { return .invalid("certificate is not X.509 version 3") }
        let allowedSignatureAlgorithms: [Certificate.SignatureAlgorithm] = [
            .ecdsaWithSHA256, .ecdsaWithSHA384, .ecdsaWithSHA512,
            .sha256WithRSAEncryption, .sha384WithRSAEncryption, .sha512WithRSAEncryption, .ed25519,
        ]
        guard allowedSignatureAlgorithms.contains(certificate.signatureAlgorithm) else {
            return .invalid("certificate signature algorithm \(certificate.signatureAlgorithm) is not allowed")
        }
        let key = String(describing: certificate.publicKey)
        if key.hasPrefix("RSA"), let bits = Int(key.dropFirst(3).prefix { $0.isNumber }), bits < 2048 {
            return .invalid("RSA key of \(bits) bits is shorter than 2048")
        }
        do {
            let extensions = certificate.extensions
            if case .isCertificateAuthority = try extensions.basicConstraints {
                return .invalid("a CA certificate (basicConstraints cA=true) cannot sign claims")
            }
            guard let keyUsage = try extensions.keyUsage else { return .invalid("keyUsage extension is missing") }
            guard keyUsage.digitalSignature else { return .invalid("keyUsage lacks digitalSignature") }
            if keyUsage.keyCertSign { return .invalid("keyUsage keyCertSign is only for CA certificates") }
            guard let eku = try extensions.extendedKeyUsage, eku.count > 0 else {
                return .invalid("extendedKeyUsage extension is missing or empty")
            }
            let usages = Set(eku.map { ASN1ObjectIdentifier($0) })
            if usages.contains(ASN1ObjectIdentifier.ExtendedKeyUsage.any) {
                return .invalid("extendedKeyUsage anyExtendedKeyUsage is forbidden")
            }
            for exclusive in [ASN1ObjectIdentifier.ExtendedKeyUsage.timeStamping, .ExtendedKeyUsage.ocspSigning]
            where usages.contains(exclusive) && usages.count > 1 {
                return .invalid("timeStamping and OCSPSigning must be the only extended key usage when present")
            }
            guard !usages.isDisjoint(with: acceptedEKUs) else {
                return .invalid("extendedKeyUsage lacks emailProtection, which default C2PA validators require")
            }
            guard try extensions.authorityKeyIdentifier != nil else {
                return .invalid("authorityKeyIdentifier extension is missing (c2pa-rs requires it, even when self-signed)")
            }
            for ext in extensions where ext.critical && !knownExtensions.contains(ext.oid) {
                return .invalid("unknown critical extension \(ext.oid)")
            }
        } catch {
            return .invalid("an extension cannot be decoded: \(error)")
        }
        if date < certificate.notValidBefore {
            return .expired("certificate is not valid before \(ISO8601DateFormatter().string(from: certificate.notValidBefore))")
        }
        if date > certificate.notValidAfter {
            return .expired("certificate expired on \(ISO8601DateFormatter().string(from: certificate.notValidAfter))")
        }
        return nil
    }

    static func attribute(_ type: ASN1ObjectIdentifier, of name: DistinguishedName) -> String? {
        for rdn in name {
            for attribute in rdn where attribute.type == type {
                return String(attribute.value) ?? attribute.value.description
            }
        }
        return nil
    }

    static func isSelfIssued(_ certificate: Certificate) -> Bool { certificate.issuer == certificate.subject }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    static func sha256Fingerprint(_ der: [UInt8]) -> String {
        SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}
