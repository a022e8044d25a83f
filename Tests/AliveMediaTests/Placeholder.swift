import Testing
@Test func placeholderAliveMediaTests() { #expect(Bool(true)) }
