-- A quote sheet: the text coded with one technique, with some context on each side.
--
--   peerscript run Examples/quotes_for_bct.lua [BCT-NUMBER]   (default 6.2, Social comparison)

local id = arg[1] or "6.2"
local bct = taxonomy.get(id)
local quotes = corpus.codings():where{ ["bct.id"] = bct.id }:quotes{ context = 40 }

print(("%s: %d coded segments"):format(tostring(bct), #quotes))
print()
local lines = { "# Quotes for " .. tostring(bct), "" }
for i, q in ipairs(quotes) do
  if i <= 5 then
    print(("%s (%s, characters %d-%d)"):format(q.participant or "?", q.document, q.start, q["end"]))
    print("  ..." .. q.before .. "[" .. q.text .. "]" .. q.after .. "...")
  end
  lines[#lines + 1] = ("- **%s** (%s): %s"):format(q.participant or "?", q.document, q.text)
end
if #quotes > 5 then print(("(%d more in the quote sheet)"):format(#quotes - 5)) end
peerscript.write("quotes_" .. bct.id .. ".md", table.concat(lines, "\n") .. "\n")
