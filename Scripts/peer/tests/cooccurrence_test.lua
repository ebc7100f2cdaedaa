local cooccurrence = require "peer.cooccurrence"

-- Whether a square co-occurrence table is symmetric and no pair exceeds either diagonal cell.
local function check_square(t)
  expect(t.columns).to.equal(t.row_labels)
  for _, a in ipairs(t.columns) do
    for _, b in ipairs(t.columns) do
      expect(t:cell(a, b)).to.equal(t:cell(b, a))
      expect(t:cell(a, b) <= t:cell(a, a)).to.be_truthy()
    end
  end
end

describe("codes and bcts", function()
  it("gives symmetric tables", function()
    check_square(cooccurrence.codes{ codebook = "change-model" })
    check_square(cooccurrence.bcts{ framework = "relational", within = "document" })
  end)

  it("keeps to the framework asked for", function()
    local t = cooccurrence.bcts{ framework = "relational" }
    for _, id in ipairs(t.columns) do expect(taxonomy.get(id).framework).to.equal("relational") end
  end)
end)

describe("codes_with_bcts", function()
  local pairs_found = cooccurrence.codes_with_bcts()

  it("finds pairs, most frequent first", function()
    expect(#pairs_found > 0).to.be_truthy()
    for i = 2, #pairs_found do
      expect(pairs_found[i - 1].count >= pairs_found[i].count).to.be_truthy()
    end
  end)

  it("leaves out the techniques a code is mapped to", function()
    for _, pair in ipairs(pairs_found) do
      for _, mapped in ipairs(codebook.get(pair.code):bcts()) do
        expect(pair.bct).not_to.equal(mapped.id)
      end
      expect(pair.bct_label).to.equal(taxonomy.get(pair.bct).label)
      expect(taxonomy.get(pair.bct).framework).to.equal("bcttv1")
    end
  end)

  it("counts each segment once per pair, as a recount does", function()
    local top = pairs_found[1]
    local mapped = {}
    for _, bct in ipairs(codebook.get(top.code):bcts()) do mapped[bct.id] = true end
    local by_segment = {}
    for row in corpus.codings():rows() do
      local segment = row["segment.id"]
      by_segment[segment] = by_segment[segment] or { code = false, bct = false, codes = {} }
      local entry = by_segment[segment]
      if row["code.id"] == top.code then entry.code = true end
      if row["code.id"] ~= top.code then
        for _, id in ipairs(row:values("bct.id")) do
          if id == top.bct then entry.bct = true end
        end
      end
    end
    local count = 0
    for _, entry in pairs(by_segment) do
      if entry.code and entry.bct then count = count + 1 end
    end
    expect(mapped[top.bct]).to.be_nil()
    expect(top.count).to.equal(count)
  end)

  it("keeps the top pairs only when asked", function()
    local top = cooccurrence.codes_with_bcts{ top = 3 }
    expect(#top).to.equal(math.min(3, #pairs_found))
    expect(top[1]).to.equal(pairs_found[1])
  end)

  it("names bad options", function()
    expect(function() cooccurrence.codes_with_bcts{ within = "case" } end).to.fail("codes_with_bcts: option 'within' must be one of")
  end)
end)
