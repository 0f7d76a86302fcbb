"""Developer tool for the Danish catalogs.

    python tools/pofill.py missing PO            print untranslated or fuzzy msgids as a JSON object {msgid: ""}
    python tools/pofill.py fill PO JSONFILE      fill msgstr from a JSON object {msgid: translation}

Then run `make messages APP=<app>` to compile. Plural entries are filled with the same text in both forms
unless the JSON value is a list.
"""
import json
import re
import sys


def _unquote(lines):
    return "".join(json.loads(line) for line in lines)


def _quote(text):
    if "\n" not in text.rstrip("\n") and len(text) < 70:
        return json.dumps(text, ensure_ascii=False)
    parts = re.findall(r".*?\n|.+$", text)
    return '""\n' + "\n".join(json.dumps(p, ensure_ascii=False) for p in parts)


def parse(path):
    blocks = open(path, encoding="utf-8").read().split("\n\n")
    out = []
    for block in blocks:
        fields, current = {}, None
        comments = []
        for line in block.splitlines():
            m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) (".*")$', line)
            if m:
                current = m.group(1)
                fields[current] = [m.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
            else:
                comments.append(line)
        out.append((comments, {k: _unquote(v) for k, v in fields.items()}))
    return out


def write(path, entries):
    chunks = []
    for comments, fields in entries:
        lines = list(comments)
        for key in ("msgctxt", "msgid", "msgid_plural"):
            if key in fields:
                lines.append(f"{key} {_quote(fields[key])}")
        for key in sorted(k for k in fields if k.startswith("msgstr")):
            lines.append(f"{key} {_quote(fields[key])}")
        chunks.append("\n".join(lines))
    open(path, "w", encoding="utf-8").write("\n\n".join(chunks))


def main(argv):
    cmd, po = argv[1], argv[2]
    entries = parse(po)
    if cmd == "missing":
        missing = {f["msgid"]: "" for c, f in entries
                   if f.get("msgid") and (not any(f[k] for k in f if k.startswith("msgstr"))
                                          or any(line.startswith("#, fuzzy") for line in c))}
        print(json.dumps(missing, ensure_ascii=False, indent=1))
        return
    translations = json.load(open(argv[3], encoding="utf-8"))
    for comments, fields in entries:
        msgid = fields.get("msgid")
        if msgid in translations and translations[msgid]:
            value = translations[msgid]
            if "msgid_plural" in fields:
                forms = value if isinstance(value, list) else [value, value]
                fields["msgstr[0]"], fields["msgstr[1]"] = forms[0], forms[1]
            else:
                fields["msgstr"] = value
            comments[:] = [c for c in comments if not c.startswith(("#, fuzzy", "#|"))]
    write(po, entries)


if __name__ == "__main__":
    main(sys.argv)
