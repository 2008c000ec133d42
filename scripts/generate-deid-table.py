#!/usr/bin/env python3
"""Writes Sources/Dataset/Deid/DeidActionTable.swift from PS3.15 Annex E, Table E.1-1
(the Application Level Confidentiality Profile Attributes) as machine-readable data.

Source: https://github.com/innolitics/dicom-standard, file
standard/confidentiality_profile_attributes.json (about 120 kB; not kept in this repository).
Get it with
    git clone https://github.com/innolitics/dicom-standard && git -C dicom-standard rev-parse HEAD
and run
    python3 scripts/generate-deid-table.py PATH/TO/dicom-standard [COMMIT]
(COMMIT defaults to the checkout's HEAD; a bare git directory works too). The header of the
generated file names the repository and commit. The standard itself is the authority where
the data and PS3.15 differ.

Combined codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) are resolved by the attribute's Type, as
PS3.15 E.3.1 says ("X unless Z is required to maintain IOD conformance (Type 3 versus Type 2)",
...). The data set has no Types, so TYPE_1 below lists the combined-code attributes that are
Type 1 (or 1C) in a composite IOD module that slicemark reads, with the module; those get D.
Every other combined code resolves to Z when it offers Z (an empty value is conformant for
Type 2 and Type 3 alike), else to X. X/Z/U* (reference sequences) is kept with every UID in it
replaced (U), the reading that keeps both conformance and the references between objects.
"""
import json
import os
import re
import subprocess
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = os.path.join(root, "Sources", "Dataset", "Deid", "DeidActionTable.swift")

# Combined-code attributes that are Type 1/1C somewhere (PS3.3), hence D rather than Z or X.
TYPE_1 = {
    "(0008,0023)": "Content Date: Type 1 in the Enhanced General Image / Multi-frame Functional Groups modules",
    "(0008,0033)": "Content Time: Type 1 in the Enhanced General Image / Multi-frame Functional Groups modules",
    "(0008,002A)": "Acquisition DateTime: Type 1C in the Enhanced CT/MR/XA Image modules",
    "(0018,1000)": "Device Serial Number: Type 1 in the Enhanced General Equipment module",
    "(0040,A032)": "Observation DateTime: Type 1C in SR Document Content",
    "(0070,0084)": "Content Creator's Name: Type 2 (Presentation State); D keeps it non-empty",
}

OPTIONS = [  # JSON key, Swift case, code meaning and code value in DCM (PS3.16 CID 7050)
    ("rtnSafePrivOpt", "retainSafePrivate", "Retain Safe Private Option", "113111"),
    ("rtnUIDsOpt", "retainUIDs", "Retain UIDs Option", "113110"),
    ("rtnDevIdOpt", "retainDeviceIdentity", "Retain Device Identity Option", "113109"),
    ("rtnInstIdOpt", "retainInstitutionIdentity", "Retain Institution Identity Option", "113112"),
    ("rtnPatCharsOpt", "retainPatientCharacteristics", "Retain Patient Characteristics Option", "113108"),
    ("rtnLongFullDatesOpt", "retainFullDates", "Retain Longitudinal Temporal Information Full Dates Option", "113106"),
    ("rtnLongModifDatesOpt", "retainModifiedDates", "Retain Longitudinal Temporal Information Modified Dates Option", "113107"),
    ("cleanDescOpt", "cleanDescriptors", "Clean Descriptors Option", "113105"),
    ("cleanStructContOpt", "cleanStructuredContent", "Clean Structured Content Option", "113104"),
    ("cleanGraphOpt", "cleanGraphics", "Clean Graphics Option", "113103"),
]
SINGLE = {"D": ".dummy", "Z": ".empty", "X": ".remove", "K": ".keep", "C": ".clean", "U": ".replaceUID"}


def load(repo, commit):
    git = ["git", "-C", repo]
    if commit is None:
        commit = subprocess.check_output(git + ["rev-parse", "HEAD"], text=True).strip()
    text = subprocess.check_output(git + ["show", f"{commit}:standard/confidentiality_profile_attributes.json"])
    return json.loads(text), commit


def resolve(code, tag):
    if code in SINGLE:
        return SINGLE[code]
    if code == "X/Z/U*":
        return ".replaceUID"
    parts = code.split("/")
    if "D" in parts and tag in TYPE_1:
        return ".dummy"
    if "Z" in parts:
        return ".empty"
    if parts[0] == "X":
        return ".remove"
    sys.exit(f"{tag}: cannot resolve {code}")


def pattern(tag):
    """(gggg,eeee) with x for any hex digit → (value, mask)."""
    m = re.fullmatch(r"\(([0-9A-FX]{4}),([0-9A-FX]{4})\)", tag.upper())
    if not m:
        return None
    digits = m.group(1) + m.group(2)
    value = int("".join("0" if c == "X" else c for c in digits), 16)
    mask = int("".join("0" if c == "X" else "F" for c in digits), 16)
    return value, mask


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rows, commit = load(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    lines, private = [], None
    for r in sorted(rows, key=lambda r: r["tag"]):
        # Some names carry a note reference and line breaks ("Icon Image Sequence\n\n(see Note 11)").
        name = re.sub(r"\s*\(see Note \d+\)", "", r["name"])
        name = " ".join(name.split()).replace('"', '\\"')
        if r["tag"].startswith("(GGGG,EEEE)"):
            private = r
            continue
        p = pattern(r["tag"])
        if p is None:
            sys.exit(f"unexpected tag form {r['tag']!r}")
        value, mask = p
        opts = ", ".join(f".{swift}: {SINGLE[r[key]]}" for key, swift, _, _ in OPTIONS if key in r)
        opts = opts or ":"
        lines.append(
            f'        DeidRule(value: 0x{value:08X}, mask: 0x{mask:08X}, name: "{name}", code: "{r["basicProfile"]}", '
            f'basic: {resolve(r["basicProfile"], r["tag"])}, options: [{opts}]),'
        )
    if private is None or private["basicProfile"] != "X":
        sys.exit("the private attributes row is missing or not X")
    with open(out, "w", encoding="utf-8") as f:
        f.write("// Generated by scripts/generate-deid-table.py from PS3.15 Annex E Table E.1-1 as data:\n")
        f.write(f"// github.com/innolitics/dicom-standard, standard/confidentiality_profile_attributes.json,\n")
        f.write(f"// commit {commit}. Do not edit; run the script again.\n\n")
        f.write("extension DeidActionTable {\n")
        f.write("    /// The profile's options as the standard names them, with their DCM codes (PS3.16 CID 7050).\n")
        f.write("    static let optionNames: [DeidOption: (name: String, code: String)] = [\n")
        for _, swift, name, code in OPTIONS:
            f.write(f'        .{swift}: ("{name}", "{code}"),\n')
        f.write("    ]\n\n")
        f.write(f"    /// {len(lines)} attributes with their basic-profile action (combined codes resolved, see the\n")
        f.write("    /// script) and the option columns; private attributes (odd groups) are X, C under\n")
        f.write("    /// the Retain Safe Private Option, and are handled apart.\n")
        f.write("    static let rules: [DeidRule] = [\n")
        f.write("\n".join(lines) + "\n")
        f.write("    ]\n}\n")
    print(f"wrote {out}: {len(lines)} rules from commit {commit}")


main()
