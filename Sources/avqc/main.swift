import AVQCCommandLine
import Foundation

// Thin entry point: everything, including error handling, lives in AVQCMain.
// argv is passed as bytes: a file name need not be valid UTF-8.
let arguments = (1..<Int(CommandLine.argc)).map { index -> [UInt8] in
    guard let argument = CommandLine.unsafeArgv[index] else { return [] }
    return Array(UnsafeBufferPointer(start: argument, count: strlen(argument))).map { UInt8(bitPattern: $0) }
}
exit(AVQCMain.run(rawArguments: arguments))
