import AVQCModel

/// A copy of one luma plane that outlives the decoder's frame: the freeze
/// detector's reference picture. Its storage is allocated once and reused
/// for every copy of the same size, so steady-state copies allocate nothing.
final class LumaSnapshot {
    private var storage: UnsafeMutableRawPointer?
    private var capacity = 0
    private(set) var width = 0
    private(set) var height = 0
    private(set) var bitDepth = 8
    private(set) var stride = 0

    deinit { storage?.deallocate() }

    /// True when `plane` has this snapshot's size and depth.
    func matches(_ plane: LumaPlane) -> Bool {
        storage != nil && plane.width == width && plane.height == height && plane.bitDepth == bitDepth
    }

    /// Copies `plane` in, reallocating only when it needs more room. With
    /// `rowStep` above 1, only rows `firstRow`, `firstRow + rowStep`, … are
    /// copied (the others keep what they held): for readers of sampled rows.
    func copy(from plane: LumaPlane, rowStep: Int = 1, firstRow: Int = 0) {
        let rowBytes = plane.width * (plane.isWide ? 2 : 1)
        let needed = rowBytes * plane.height
        if needed > capacity || storage == nil {
            storage?.deallocate()
            storage = UnsafeMutableRawPointer.allocate(byteCount: max(needed, 1), alignment: 64)
            capacity = max(needed, 1)
        }
        guard let storage else { return }
        for y in Swift.stride(from: max(0, firstRow), to: plane.height, by: max(1, rowStep)) {
            (storage + y * rowBytes).copyMemory(from: plane.base + y * plane.stride, byteCount: rowBytes)
        }
        width = plane.width
        height = plane.height
        bitDepth = plane.bitDepth
        stride = rowBytes
    }

    @inline(__always)
    func row8(_ y: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage.map { ($0 + y * stride).assumingMemoryBound(to: UInt8.self) }, count: width)
    }

    @inline(__always)
    func row16(_ y: Int) -> UnsafeBufferPointer<UInt16> {
        UnsafeBufferPointer(start: storage.map { ($0 + y * stride).assumingMemoryBound(to: UInt16.self) }, count: width)
    }
}
