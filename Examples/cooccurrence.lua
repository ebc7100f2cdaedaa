-- Which codes of the change model are applied to the same stretches of text?
--
-- A co-occurrence table counts, for each pair of codes, the segments coded with both; with
-- overlap = true, segments whose spans overlap count as one stretch of text. The diagonal
-- counts the segments coded with each code at all.

local change_model = corpus.codings():where{ ["code.id"] = {
  "cm.trust.connection", "cm.trust.relationship", "cm.trust.talking",
  "cm.rolemodel.hope", "cm.rolemodel.stigma", "cm.engage.bridge", "cm.engage.barriers",
} }

local together = change_model:cooccurrence("code.id", { within = "segment", overlap = true })
print("Codes applied to overlapping stretches of text")
print(together)
together:write("code_cooccurrence.csv")

print()
print("Relational techniques mentioned in the same interview")
print(corpus.codings():where{ ["bct.group"] = "17" }:cooccurrence("bct.id", { within = "document" }))
