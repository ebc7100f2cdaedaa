-- Auto-coding with keyword rules, checked against a human coder.
--
--   peerscript run --write Examples/autocode_keywords.lua               (or --dry-run to preview)
--
-- Each rule names a code and the words that signal it. The script finds every occurrence of
-- those words in the coded segments' text, codes exactly that stretch (its start and end
-- counted in characters, as quotes give them) as the coder "Keyword rule", and then asks how
-- far the rule agrees with Coder A. The codings are one change set: `peerscript undo` takes
-- the rule back out. On the demo corpus nothing is saved, since that corpus lives in memory.

local rules = {
  { code = "cm.outcomes.hope", words = { "hopeful" } },
  { code = "cm.trust.talking", words = { "talk", "heard", "listened" } },
  { code = "pv.mutuality", words = { "equals", "mutual" } },
}
local rule_coder = project.coder("Keyword rule")

-- The text of every coded segment, once each (codings of several coders share segments).
local segments = corpus.segments():quotes()

-- Where each word occurs, in characters: Lua finds bytes, so the offset within the segment
-- is the number of characters before the match.
local function occurrences(quote, word)
  local found, from = {}, 1
  local text = quote.text:lower()
  while true do
    local first, last = text:find(word, from, true)
    if not first then return found end
    local start = quote.start + utf8.len(quote.text, 1, first - 1)
    found[#found + 1] = { document = quote.document, start = start, ["end"] = start + utf8.len(quote.text, first, last) }
    from = last + 1
  end
end

print(("Rules coded as %q:"):format(rule_coder))
for _, rule in ipairs(rules) do
  local spans = {}
  for _, quote in ipairs(segments) do
    for _, word in ipairs(rule.words) do
      for _, span in ipairs(occurrences(quote, word)) do spans[#spans + 1] = span end
    end
  end
  local added = project.code_spans(spans, { code = rule.code })
  print(("  %-18s %-26s %3d spans coded"):format(rule.code, table.concat(rule.words, ", "), added))
end
print()

-- The rule's codings are visible to queries at once.
local by_rule = corpus.codings():where{ coder = rule_coder }
print(("Codings by the rule: %d, in %d documents"):format(by_rule:count(), #corpus.values("document.id")))
print()

-- Agreement per code: a keyword span and Coder A's segment are the same stretch of text
-- when they share at least half of the shorter one.
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
