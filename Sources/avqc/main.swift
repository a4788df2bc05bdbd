import AVQCCommandLine
import Foundation

// Thin entry point: everything, including error handling, lives in AVQCMain.
exit(AVQCMain.run(Array(CommandLine.arguments.dropFirst())))
