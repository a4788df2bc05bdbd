import AVQCProfiles

/// `avqc profiles`: each built-in profile with what it is for, where it
/// comes from and what it does not check.
enum ProfileListing {
    static func text() -> String {
        var out = "PROFILES (--profile NAME or --profile FILE.yaml; 'avqc profile show NAME' prints\n"
        out += "one to copy and edit; Docs/profiles.md describes the format)\n"
        for name in BuiltinProfiles.names {
            guard let text = BuiltinProfiles.text(named: name),
                let profile = try? ProfileLoader.load(yaml: text, origin: "built-in")
            else { continue }
            out +=
                "\n" + DetectorListing.wrap("\(profile.name): \(profile.description)", indent: "", continuation: "    ")
            if let source = profile.source {
                out += DetectorListing.wrap("source: " + source, indent: "  ", continuation: "    ")
            }
            for item in profile.notChecked {
                out += DetectorListing.wrap("not checked: " + item, indent: "  ", continuation: "    ")
            }
        }
        return out
    }
}
