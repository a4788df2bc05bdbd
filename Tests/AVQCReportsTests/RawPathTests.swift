import AVQCModel
import Testing

/// File names are bytes: a name that is not UTF-8 keeps its bytes for
/// opening and shows its bad bytes escaped (issue #10).
@Suite struct RawPathTests {
    @Test func validUTF8IsShownAsIs() {
        let path = RawPath(bytes: Array("média/clip.wav".utf8))
        #expect(path.display == "média/clip.wav" && !path.isEscaped)
    }

    @Test func invalidBytesAreEscapedAndKept() {
        let bytes: [UInt8] = Array("bad".utf8) + [0xFF] + Array(".wav".utf8)
        let path = RawPath(bytes: bytes)
        #expect(path.display == "bad\\xFF.wav" && path.isEscaped)
        #expect(path.bytes == bytes)
        // A truncated multi-byte sequence, an overlong encoding and a surrogate.
        #expect(RawPath(bytes: [0x61, 0xC3]).display == "a\\xC3")
        #expect(RawPath(bytes: [0xC0, 0xAF]).display == "\\xC0\\xAF")
        #expect(RawPath(bytes: [0xED, 0xA0, 0x80, 0x62]).display == "\\xED\\xA0\\x80b")
        // Valid sequences around a bad byte stay text.
        #expect(RawPath(bytes: Array("é".utf8) + [0x80] + Array("ü".utf8)).display == "é\\x80ü")
    }

    @Test func cStringCarriesTheBytes() {
        let bytes: [UInt8] = [0x2F, 0x74, 0xFE, 0x78]
        let copied = RawPath(bytes: bytes).withCString { pointer in
            (0..<4).map { UInt8(bitPattern: pointer[$0]) } + [UInt8(bitPattern: pointer[4])]
        }
        #expect(copied == bytes + [0])
    }

    @Test func damageMessagesDoNotDependOnArrivalOrder() {
        let messages = (0..<9).map { "error \($0)" }
        var forward = FrameDamage.none
        var backward = FrameDamage.none
        for message in messages { forward.record(message) }
        for message in messages.reversed() { backward.record(message) }
        #expect(forward == backward)
        #expect(forward.count == 9 && forward.messages == Array(messages.prefix(FrameDamage.messageLimit)))
    }
}
