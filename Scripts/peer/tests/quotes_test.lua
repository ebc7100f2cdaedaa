local quotes = require "peer.quotes"

describe("sheet", function()
  it("lays out a code's quotes by role", function()
    local markdown, count = quotes.sheet("cm.rolemodel.hope", { limit = 2, context = 30 })
    expect(count).to.equal(#corpus.codings():where{ ["code.id"] = "cm.rolemodel.hope" }:quotes())
    expect(markdown).to.match_golden("golden/quotes_hope.md")
  end)

  it("makes one list for a technique without grouping", function()
    local markdown, count = quotes.sheet("6.2", { by = false, context = 0 })
    expect(markdown).to.contain("# Quotes: " .. tostring(taxonomy.get("6.2")))
    expect(markdown).not_to.match("\n## ")
    local shown = 0
    for _ in markdown:gmatch("\n> %*%*") do shown = shown + 1 end
    expect(shown).to.equal(count)
  end)

  it("groups by another participant field", function()
    local markdown = quotes.sheet("17.2", { by = "case.sector", limit = 1 })
    for _, sector in ipairs(corpus.values("case.sector")) do expect(markdown).to.contain("## " .. sector .. " (") end
  end)

  it("refuses what it cannot find", function()
    expect(function() quotes.sheet("zz.nope") end).to.fail("'zz.nope' is neither a technique number nor a code id")
    expect(function() quotes.sheet(nil) end).to.fail("give a code id")
    expect(function() quotes.sheet("6.2", { limt = 1 }) end).to.fail("sheet: unknown option 'limt'")
  end)
end)
