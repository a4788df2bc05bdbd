/// A first-in, first-out queue over one growable array: appends and
/// removals from the front reuse the same storage, so a detector's sliding
/// window allocates only while it grows to its largest size.
struct RingBuffer<Element>: Sendable where Element: Sendable {
    private var storage: [Element?] = []
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    var first: Element? { count > 0 ? storage[head] : nil }

    /// The element `offset` places after the first (0 is the first), or nil
    /// outside 0..<count.
    subscript(offset: Int) -> Element? {
        guard offset >= 0, offset < count else { return nil }
        return storage[(head + offset) % storage.count]
    }

    mutating func append(_ element: Element) {
        if count == storage.count {
            // Grow: unroll into a larger array with the oldest first.
            var grown: [Element?] = []
            grown.reserveCapacity(max(16, storage.count * 2))
            for i in 0..<count { grown.append(storage[(head + i) % storage.count]) }
            grown.append(contentsOf: repeatElement(nil, count: max(16, storage.count * 2) - count))
            storage = grown
            head = 0
        }
        storage[(head + count) % storage.count] = element
        count += 1
    }

    @discardableResult
    mutating func removeFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        count -= 1
        return element
    }

    mutating func removeAll() {
        while removeFirst() != nil {}
    }
}
