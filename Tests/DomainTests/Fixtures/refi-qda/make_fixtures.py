#!/usr/bin/env python3
"""Writes the small REFI-QDA fixtures of this folder (run it from here to rebuild them).

Each fixture exercises one convention of a producer other than NVivo, or one kind of bad input.
Offsets are computed here from the text, in the convention the fixture claims, so the fixtures
are exact by construction.
"""
import zipfile

NS = 'xmlns="urn:QDA-XML:project:1.0"'

# A transcript with accents, emoji outside the Basic Multilingual Plane and line breaks, so that
# the three offset conventions give different numbers for everything after the first emoji.
TEXT = ("Interviewer: How did the peer worker help? 😊\n"
        "PAR1SU01: She listened 👂 without judging me.\n"
        "She said: “I’ve been there too” — that meant everything. 🙏\n"
        "Later we planned small goals together, step by step.\n")
PHRASES = ["listened", "without judging me", "I’ve been there too", "planned small goals together"]


def offsets(text, phrase, mode):
    """Start and end of phrase in text, counted the way `mode` counts."""
    start = text.index(phrase)
    end = start + len(phrase)
    def count(prefix):
        if mode == "codepoints":
            return len(prefix)
        if mode == "utf16":
            return len(prefix.encode("utf-16-le")) // 2
        if mode == "crlf1":
            return len(prefix.replace("\r\n", "\n"))
        raise ValueError(mode)
    return count(text[:start]), count(text[:end])


def selections(text, mode, guid_style, user):
    parts = []
    for number, phrase in enumerate(PHRASES, start=1):
        start, end = offsets(text, phrase, mode)
        sel = guid_style("5e1ec7%02d-0000-4000-8000-0000000000%02d" % (number, number))
        coding = guid_style("c0d1c0%02d-0000-4000-8000-0000000000%02d" % (number, number))
        code = guid_style("c0de0001-0000-4000-8000-00000000000%d" % (1 if number % 2 else 2))
        parts.append(
            f'<PlainTextSelection guid="{sel}" name="{phrase}" startPosition="{start}" endPosition="{end}" '
            f'creatingUser="{user}">'
            f'<Coding guid="{coding}" creatingUser="{user}"><CodeRef targetGUID="{code}"/></Coding>'
            f'</PlainTextSelection>')
    return "".join(parts)


def codebook(guid_style):
    return (f'<CodeBook><Codes>'
            f'<Code guid="{guid_style("c0de0000-0000-4000-8000-000000000000")}" name="Peer support" isCodable="false" color="#3a7">'
            f'<Description>How peers help</Description>'
            f'<Code guid="{guid_style("c0de0001-0000-4000-8000-000000000001")}" name="Listening" isCodable="true" color="#1F77B4"/>'
            f'<Code guid="{guid_style("c0de0001-0000-4000-8000-000000000002")}" name="Shared experience" isCodable="true"/>'
            f'</Code></Codes></CodeBook>')


def write(name, files):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)


def braced_upper(guid):
    return "{" + guid.upper() + "}"


def producer_fixture(name, origin, mode, text, bom, folder, guid_style):
    user = guid_style("a5e00001-0000-4000-8000-000000000001")
    source = guid_style("50c00001-0000-4000-8000-000000000001")
    qde = (f'<?xml version="1.0" encoding="utf-8"?>'
           f'<Project {NS} name="{name}" origin="{origin}">'
           f'<Users><User guid="{user}" name="Robin"/></Users>'
           + codebook(guid_style) +
           f'<Sources><TextSource guid="{source}" name="PAR1SU01" plainTextPath="internal://{source}.txt">'
           + selections(text, mode, guid_style, user) +
           f'</TextSource></Sources></Project>')
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    write(name + ".qdpx", {"project.qde": qde, f"{folder}/{source}.txt": data})


# Code points, GUIDs upper case in braces, UTF-8 BOM, LF line ends, lower-case folder.
producer_fixture("codepoints-braced", "ExampleQDA 1.0", "codepoints", TEXT, True, "sources", braced_upper)
# Code points with CR LF counted as one character; upper-case GUIDs without braces.
producer_fixture("crlf1-upper", "ExampleQDA 2.0", "crlf1", TEXT.replace("\n", "\r\n"), False, "sources",
                 lambda g: g.upper())
# UTF-16 code units from an unnamed producer, CR LF counted as two, capital folder.
producer_fixture("utf16-unknown", "SomeQDA", "utf16", TEXT.replace("\n", "\r\n"), True, "Sources", lambda g: g)

# Elements out of schema order, empty and missing optional elements, inline text, cases with
# variables, notes, a set, and one coding whose code does not exist.
start, end = offsets(TEXT, "without judging me", "codepoints")
write("unordered.qdpx", {"project.qde": f'''<?xml version="1.0" encoding="utf-8"?>
<Project {NS} name="unordered" origin="ExampleQDA 1.0">
  <Description/>
  <Sources>
    <TextSource guid="50c00002-0000-4000-8000-000000000002" name="PAR1SU01">
      <PlainTextSelection guid="5e1ec700-0000-4000-8000-000000000100" name="without judging me" startPosition="{start}" endPosition="{end}" creatingUser="a5e00001-0000-4000-8000-000000000001">
        <Coding guid="c0d1c000-0000-4000-8000-000000000100" creatingUser="a5e00001-0000-4000-8000-000000000001"><CodeRef targetGUID="c0de0001-0000-4000-8000-000000000001"/></Coding>
        <Coding guid="c0d1c000-0000-4000-8000-000000000101" creatingUser="a5e00001-0000-4000-8000-000000000001"><CodeRef targetGUID="deadbeef-0000-4000-8000-000000000001"/></Coding>
        <NoteRef targetGUID="a07e0000-0000-4000-8000-000000000001"/>
        <Description></Description>
      </PlainTextSelection>
      <Description></Description>
      <PlainTextContent>{TEXT}</PlainTextContent>
    </TextSource>
  </Sources>
  <Sets><Set guid="5e700000-0000-4000-8000-000000000001" name="Relational codes"><MemberCode targetGUID="c0de0001-0000-4000-8000-000000000001"/><MemberSource targetGUID="50c00002-0000-4000-8000-000000000002"/></Set></Sets>
  <Notes>
    <Note guid="a07e0000-0000-4000-8000-000000000001" name="Why this matters" creatingUser="a5e00001-0000-4000-8000-000000000001" creationDateTime="2024-05-01T10:00:00Z"><PlainTextContent>Non-judgement comes up in most SU interviews.</PlainTextContent></Note>
  </Notes>
  <Cases>
    <Case guid="ca5e0000-0000-4000-8000-000000000001" name="PAR1SU01"><SourceRef targetGUID="50c00002-0000-4000-8000-000000000002"/><VariableValue><VariableRef targetGUID="7a700000-0000-4000-8000-000000000001"/><TextValue>female</TextValue></VariableValue></Case>
    <Case guid="ca5e0000-0000-4000-8000-000000000002" name="PAR1"><VariableValue><TextValue>PAR</TextValue><VariableRef targetGUID="7a700000-0000-4000-8000-000000000002"/></VariableValue></Case>
  </Cases>
  <Variables>
    <Variable guid="7a700000-0000-4000-8000-000000000001" name="gender" typeOfVariable="Text"/>
    <Variable guid="7a700000-0000-4000-8000-000000000002" name="sector" typeOfVariable="Text"><Description/></Variable>
  </Variables>
  {codebook(lambda g: g)}
  <Users><User guid="a5e00001-0000-4000-8000-000000000001" name="Robin"/></Users>
</Project>'''})

# Bad inputs.
with open("not-a-zip.qdpx", "w") as handle:
    handle.write("This is a plain text file, not a zip archive.\n")
write("no-project.qdpx", {"sources/readme.txt": "no project file here"})
write("malformed.qdpx", {"project.qde": f'<?xml version="1.0"?>\n<Project {NS} name="broken">\n  <Users>\n    <User guid="a5e00001-0000-4000-8000-000000000001" name="Robin">\n  </Users>\n</Project>\n'})
write("offset-outside.qdpx", {
    "project.qde": (f'<?xml version="1.0" encoding="utf-8"?>\n<Project {NS} name="outside" origin="ExampleQDA 1.0">\n'
                    f'<CodeBook><Codes><Code guid="c0de0001-0000-4000-8000-000000000001" name="Listening" isCodable="true"/></Codes></CodeBook>\n'
                    f'<Sources><TextSource guid="50c00003-0000-4000-8000-000000000003" name="short" plainTextPath="internal://short.txt">\n'
                    f'<PlainTextSelection guid="5e1ec700-0000-4000-8000-000000000999" name="" startPosition="5" endPosition="500">'
                    f'<Coding guid="c0d1c000-0000-4000-8000-000000000999"><CodeRef targetGUID="c0de0001-0000-4000-8000-000000000001"/></Coding>'
                    f'</PlainTextSelection>\n</TextSource></Sources>\n</Project>\n'),
    "sources/short.txt": "A short text."})
