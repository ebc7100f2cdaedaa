-- Where do people talk about lived experience, and who does? A phrase search over every
-- transcript (coded or not), counted by role and sector, with a concordance of the first hits.
--
--   peerscript run Examples/search_lived_experience.lua ["PHRASE"]   (default "lived experience")

local phrase = arg[1] or "lived experience"
local hits = corpus.search(phrase, { mode = "phrase" })
print(hits)
print()
print(hits:crosstab("participant.role", "case.sector"))
print()

-- The same phrase, but only where no coder applied anything: material the coding may have missed.
local uncoded = corpus.search(phrase, { mode = "phrase", uncoded = true })
print(("%d of %d hits are in text no one coded"):format(uncoded:count(), hits:count()))
print()

print("Concordance (first 8):")
for i, line in ipairs(hits:kwic{ width = 30 }) do
  if i > 8 then break end
  print(("%-10s %s"):format(line.document, line.line))
end
print()

-- Word forms: "support" with stemming also finds "supported", "supporting", "supports".
local stemmed = corpus.search("support", { stem = true })
print(("support: %d as written, %d with stemming"):format(corpus.search("support"):count(), stemmed:count()))
