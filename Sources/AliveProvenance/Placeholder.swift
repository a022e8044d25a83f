public enum AliveProvenanceVersion { public static let placeholder = 0 }
