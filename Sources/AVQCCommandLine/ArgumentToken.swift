/// One command-line argument after splitting.
enum ArgumentToken: Equatable {
    /// `--name` or `--name=value`.
    case long(name: String, value: String?)
    /// `-x` or `-xVALUE` / a letter from a cluster such as `-qj4`.
    case short(letter: Character, attached: String?)
    /// A path, subcommand or option value.
    case positional(String)
    /// `--`: everything after it is positional.
    case terminator

    /// Splits raw arguments. `-` alone is positional (standard input).
    static func split(_ arguments: [String]) -> [ArgumentToken] {
        var tokens: [ArgumentToken] = []
        var afterTerminator = false
        for argument in arguments {
            if afterTerminator {
                tokens.append(.positional(argument))
            } else if argument == "--" {
                tokens.append(.terminator)
                afterTerminator = true
            } else if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    tokens.append(
                        .long(name: String(body[..<equals]), value: String(body[body.index(after: equals)...])))
                } else {
                    tokens.append(.long(name: String(body), value: nil))
                }
            } else if argument.hasPrefix("-"), argument.count > 1 {
                let body = argument.dropFirst()
                tokens.append(
                    .short(letter: body.first ?? "-", attached: body.count > 1 ? String(body.dropFirst()) : nil))
            } else {
                tokens.append(.positional(argument))
            }
        }
        return tokens
    }
}
