-- Auto-coding with keyword rules, checked against a human coder.
--
--   peerscript run --write Examples/autocode_keywords.lua               (or --dry-run to preview)
--
-- Each rule names a code and the words that signal it. The script searches every transcript
-- for those words (whole words, any case), codes each hit as the coder "Keyword rule", and
-- then asks how far the rule agrees with Coder A. The codings are one change set:
-- `peerscript undo` takes the rule back out. On the demo corpus nothing is saved, since that
-- corpus lives in memory.

local rules = {
  { code = "cm.outcomes.hope", words = "hopeful" },
  { code = "cm.trust.talking", words = "talk heard listened" },
  { code = "pv.mutuality", words = "equals mutual" },
}
local rule_coder = project.coder("Keyword rule")

print(("Rules coded as %q:"):format(rule_coder))
for _, rule in ipairs(rules) do
  local hits = corpus.search(rule.words)
  local added, already = hits:code{ code = rule.code }
  print(("  %-18s %-22s %3d hits, %3d coded, %d coded before"):format(rule.code, rule.words, hits:count(), added, already))
end
print()

-- The rule's codings are visible to queries at once.
local by_rule = corpus.codings():where{ coder = rule_coder }
local documents = {}
for _, quote in ipairs(by_rule:quotes()) do documents[quote.document] = true end
local document_count = 0
for _ in pairs(documents) do document_count = document_count + 1 end
print(("Codings by the rule: %d, in %d documents"):format(by_rule:count(), document_count))
print()

-- Agreement per code: a keyword hit and Coder A's segment are the same stretch of text when
-- they share at least half of the shorter one. A hit in text Coder A left uncoded counts
-- against the rule, as it should.
local pair = { "Coder A", rule_coder }
local a = stats.agreement(corpus.codings():where{ coder = pair }, { unit = "segment", min_overlap = "50%" })
print("Agreement of the rule with Coder A (segments, presence or absence of each code)")
for _, rule in ipairs(rules) do
  local kappa, why, record = a:get("cohen_kappa", { code = rule.code, pair = pair })
  print(("  %-18s kappa %6s  (%d units)%s"):format(rule.code, kappa and ("%.3f"):format(kappa) or "NA",
    record and record.units or 0, kappa and "" or ("  " .. why)))
end

local changes = project.changes()
print()
print(("This run adds %d codings, %d segments and %d coder."):format(
  changes.codings.added, changes.segments and changes.segments.added or 0, changes.coders and changes.coders.added or 0))
