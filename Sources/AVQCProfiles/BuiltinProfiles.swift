/// The profiles that ship with avqc. Each is the text `avqc profile show
/// NAME` prints, loaded by the same `ProfileLoader` as a user's file, so a
/// copy is a valid starting point.
public enum BuiltinProfiles {
    /// Names, in the order `avqc profiles` lists them.
    public static var names: [String] { all.map(\.name) }

    /// The text of the built-in profile `name`, if there is one.
    public static func text(named name: String) -> String? {
        all.first { $0.name == name }?.text
    }

    static let all: [(name: String, text: String)] = [
        ("ebu-r128", ebuR128), ("atsc-a85", atscA85), ("streaming", streaming), ("archive-ingest", archiveIngest),
    ]

    static let ebuR128 = """
        # avqc profile: see Docs/profiles.md; the schema is Docs/profile.schema.json.
        avqc-profile: 1
        name: ebu-r128
        description: >-
          Broadcast loudness per EBU R 128 with the R 128 s1 limits: programme loudness
          -23 LUFS +/-0.5 LU, true peak at most -1 dBTP, short-term loudness at most
          -18 LUFS, measured per BS.1770-4 on every audio stream. The other default
          checks run as usual.
        source: EBU R 128 (2020) and its supplement R 128 s1 (short-form content)
        not-checked:
          - "Loudness range (LRA) has no limit: R 128 s1 calls it not useful for short-form content. Add loudness.max-range for long-form rules of your own."
          - "Momentary loudness (-15 LUFS is s1's alternative to the short-term limit) is measured but not limited."
          - "Dialogue-gated loudness: avqc gates on the whole programme (BS.1770-4)."
        detectors:
          loudness:
            severity: error
            parameters:
              standard: ebu-r128-s1
        """

    static let atscA85 = """
        # avqc profile: see Docs/profiles.md; the schema is Docs/profile.schema.json.
        avqc-profile: 1
        name: atsc-a85
        description: >-
          US broadcast loudness per ATSC A/85: programme loudness -24 LKFS +/-2 dB and
          true peak at most -2 dBTP, measured per BS.1770-4 on every audio stream. The
          other default checks run as usual.
        source: ATSC A/85:2013 (Techniques for Establishing and Maintaining Audio Loudness for Digital Television)
        not-checked:
          - "Dialogue-gated (anchor element) loudness: avqc gates on the whole programme."
          - "Short-term and momentary limits and loudness range: A/85 sets none; they are measured only."
          - "Metadata (dialnorm) is not compared with the measured loudness."
        detectors:
          loudness:
            severity: error
            parameters:
              standard: atsc-a85
        """

    static let streaming = """
        # avqc profile: see Docs/profiles.md; the schema is Docs/profile.schema.json.
        avqc-profile: 1
        name: streaming
        description: >-
          A generic streaming delivery: no colour bars or line-up tone anywhere, black
          of more than 0.2 s only in the first and last second, no freeze of 10 s or
          more, no silence of 10 s or more; damage, truncation and timestamp gaps fail
          the file; blockiness and clicks are warnings.
        source: avqc's own generic rules (no single published specification)
        not-checked:
          - "Loudness targets differ by platform; add loudness.standard or loudness.target."
          - "Captions, subtitles and metadata."
        detectors:
          color-bars:
            severity: error
          test-tone:
            severity: error
          black:
            severity: error
            allow-head: 1
            allow-tail: 1
            parameters:
              min-duration: 0.2
          freeze:
            severity: error
            parameters:
              min-duration: 10
          silence:
            severity: error
            parameters:
              min-duration: 10
          blockiness:
            severity: warning
          clicks:
            severity: warning
        """

    static let archiveIngest = """
        # avqc profile: see Docs/profiles.md; the schema is Docs/profile.schema.json.
        avqc-profile: 1
        name: archive-ingest
        description: >-
          Permissive checks for taking recordings into an archive: only damage that
          loses content fails the file (decode errors, truncation, timestamp gaps,
          format changes). Picture and sound findings are reported as warnings or
          information, so nothing is rejected for what the recording shows.
        source: avqc's own rules for ingest triage
        not-checked:
          - "Loudness compliance: measured only."
          - "Whether the content is complete or the expected programme."
        fail-on: error
        detectors:
          decode-error:
            severity: error
          truncation:
            severity: error
          timestamp-gap:
            severity: error
          format-change:
            severity: error
          black:
            severity: info
          freeze:
            severity: info
          silence:
            severity: info
          color-bars:
            severity: info
          test-tone:
            severity: info
          blockiness:
            severity: warning
          clipping:
            severity: warning
          audio-dropout:
            severity: warning
          channel-silent:
            severity: warning
          phase-inversion:
            severity: warning
          dc-offset:
            severity: warning
          clicks:
            severity: warning
          stream-alignment:
            severity: warning
          pse:
            severity: warning
          black-borders:
            severity: info
        """
}
