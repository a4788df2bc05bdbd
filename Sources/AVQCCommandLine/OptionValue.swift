/// One value given to an option on the command line, with the option as it
/// was written (`-j` or `--jobs`), so every parse error names it.
struct OptionValue {
    let text: String
    let written: String
    let spec: OptionSpec

    /// The usage error for this value: it is not what the option takes.
    var invalid: UsageError { .invalidValue(option: written, value: text, expected: spec.value ?? "") }

    /// The value as a whole number within the option's `.whole` rule.
    func wholeNumber() throws(UsageError) -> Int {
        guard case .whole(let range)? = spec.rule, let number = Int(text), range.contains(number) else {
            throw invalid
        }
        return number
    }

    /// The value as finite seconds within the option's `.seconds` rule.
    func seconds() throws(UsageError) -> Double {
        guard case .seconds(let range)? = spec.rule, let number = Double(text), number.isFinite, range.contains(number)
        else { throw invalid }
        return number
    }

    /// The value parsed by `parse`, or the usage error when it gives nil.
    func parsed<T>(_ parse: (String) -> T?) throws(UsageError) -> T {
        guard let value = parse(text) else { throw invalid }
        return value
    }
}
