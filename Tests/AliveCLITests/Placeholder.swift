import Testing
@Test func placeholderAliveCLITests() { #expect(Bool(true)) }
