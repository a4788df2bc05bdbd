/// The unit a detector parameter is given in.
public enum ParameterUnit: String, Sendable {
    /// Seconds; accepts `2`, `2.5s`, `500ms`.
    case seconds
    /// Decibels; accepts `-60`, `-60dB`, `-60dBFS`, `-1dBTP`, `-23LUFS`, `-24LKFS`, `1LU`.
    case decibels
    /// A plain number or a fraction 0…1; accepts `0.98` or `98%`.
    case ratio
    /// Screen luminance in candelas per square metre; accepts `20`, `20cd/m2`, `20nits`.
    case luminance = "cd/m²"
    /// Frequency in hertz; accepts `1000`, `1000Hz`, `1kHz`.
    case hertz = "Hz"
    /// A whole number of samples or items.
    case count
    /// `yes`/`no` (also `true`/`false`, `on`/`off`, `1`/`0`), stored as 1 or 0.
    case boolean
    /// One of the parameter's named choices, stored as its index.
    case choice
}
