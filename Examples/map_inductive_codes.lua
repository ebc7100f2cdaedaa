-- Inductive codes into the codebook, mapped to the relational techniques.
--
--   peerscript run --write Examples/map_inductive_codes.lua             (or --dry-run to preview)
--
-- A reading of the transcripts came up with two codes of its own. This script adds them to
-- the project's codebook under a new theme, codes the segments that reading flagged, and maps
-- each code to the relational technique and the principle it stands for, with the reason.
-- Codings of a mapped code count for its techniques, so the relational group's counts change
-- in the same run. All of it is one change set, which `peerscript undo` reverts.

local function relational_counts()
  return corpus.codings():where{ ["bct.group"] = "17" }:count_by("bct.id")
end
local before = corpus.codings():where{ ["bct.group"] = "17" }:count()

project.coder("Inductive reading")
project.add_code{ id = "ind", label = "Inductive codes", codebook = "project",
                  description = "Codes that came from reading the transcripts, not from the frameworks." }
local codes = {
  { id = "ind.equals", label = "Being treated as an equal", phrase = "between equals",
    bct = "17.2", principle = "P2", why = "Equal footing is what makes support go both ways." },
  { id = "ind.further", label = "Someone further along", phrase = "further along",
    bct = "17.1", principle = "P3", why = "The peer's own recovery is the knowledge that is shared." },
}

-- The flagged segments, found by the phrase the reading noted: each whole segment is coded.
local segments = corpus.segments():quotes()
for _, code in ipairs(codes) do
  project.add_code{ id = code.id, label = code.label, parent = "ind", colour = "#2CA02C" }
  local spans = {}
  for _, quote in ipairs(segments) do
    if quote.text:find(code.phrase, 1, true) then
      spans[#spans + 1] = { document = quote.document, start = quote.start, ["end"] = quote["end"] }
    end
  end
  local added = project.code_spans(spans, { code = code.id })
  project.map_code{ code = code.id, bct = code.bct, rationale = code.why }
  project.map_code{ code = code.id, principle = code.principle, rationale = code.why }
  project.add_memo{ on = "code", id = code.id, text = ("Flagged by the phrase %q."):format(code.phrase) }
  print(("%-12s %-28s %3d segments  -> %s, %s"):format(code.id, code.label, added, code.bct, code.principle))
end
print()

-- The codebook as later runs (and a REFI-QDA export) will see it.
local theme = codebook.get("ind")
print(("%s (%s, %s)"):format(theme.label, theme.codebook, theme.level))
for _, child in ipairs(theme:children()) do
  for _, bct in ipairs(child:bcts()) do
    print(("  %s -> %s %s: %s"):format(child.id, bct.id, bct.label, child:rationale(bct.id)))
  end
end
print()

print(("Codings counting for the relational group: %d before, %d after"):format(
  before, corpus.codings():where{ ["bct.group"] = "17" }:count()))
print(relational_counts())
