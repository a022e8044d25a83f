import Testing
@Test func placeholderAliveProvenanceTests() { #expect(Bool(true)) }
