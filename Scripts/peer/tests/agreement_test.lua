local agreement = require "peer.agreement"

-- Each coder's set of codes per document, walking the codings one by one: a coder who coded
-- anything in a document rated it, with the (possibly empty) set of things they applied.
local function sets_by_document()
  local sets = {}
  for row in corpus.codings():rows() do
    local document, coder = row["document.id"], row.coder
    sets[document] = sets[document] or {}
    sets[document][coder] = sets[document][coder] or {}
    local code = row["coding.applied"]
    if code then sets[document][coder][code] = true end
  end
  return sets
end

local function key(set)
  local codes = {}
  for code in pairs(set) do codes[#codes + 1] = code end
  table.sort(codes)
  return table.concat(codes, "+")
end

-- Exact agreement, a code in common, and Cohen's kappa (each distinct set one category) for
-- two coders over the documents both rated and at least one of them applied something to,
-- computed from scratch.
local function by_hand(a, b)
  local units, same, common = 0, 0, 0
  local counts_a, counts_b = {}, {}
  for _, coders in pairs(sets_by_document()) do
    local x, y = coders[a], coders[b]
    if x and y and (next(x) or next(y)) then
      units = units + 1
      local kx, ky = key(x), key(y)
      if kx == ky then same = same + 1 end
      counts_a[kx] = (counts_a[kx] or 0) + 1
      counts_b[ky] = (counts_b[ky] or 0) + 1
      for code in pairs(x) do
        if y[code] then common = common + 1; break end
      end
    end
  end
  local chance = 0
  for category, n in pairs(counts_a) do chance = chance + n * (counts_b[category] or 0) end
  chance = chance / (units * units)
  local observed = same / units
  return { units = units, percent = observed, common = common / units, kappa = (observed - chance) / (1 - chance) }
end

describe("report", function()
  local summary, result, text = agreement.report{ unit = "document" }

  it("gives each pair the figures a recount gives", function()
    expect(#summary.pairs).to.equal(3)
    for _, record in ipairs(summary.pairs) do
      local expected = by_hand(record.pair[1], record.pair[2])
      expect(record.kappa.units).to.equal(expected.units)
      expect(record.percent_agreement.value).to.be_near(expected.percent, 1e-12)
      expect(record.any_code_in_common.value).to.be_near(expected.common, 1e-12)
      expect(record.kappa.value).to.be_near(expected.kappa, 1e-12)
    end
  end)

  it("reads every figure from the agreement result", function()
    expect(summary.overall.alpha_nominal.value).to.equal((result:get("alpha_nominal")))
    expect(summary.coders).to.equal(result.coders)
    for _, record in ipairs(summary.codes) do
      expect(record.alpha.value).to.equal((result:get("alpha_nominal", { code = record.code })))
    end
    expect(#summary.codes > 0).to.be_truthy()
  end)

  it("writes a readable Markdown report", function()
    expect(text).to.match_golden("golden/agreement_document.md")
  end)

  it("aligns spans by default and says how", function()
    local _, segments, markdown = agreement.report()
    expect(segments.unit).to.equal("segment")
    expect(markdown:find("at least 50% of the shorter span", 1, true)).not_to.be_nil()
  end)

  it("refuses options it does not know", function()
    expect(function() agreement.report{ unit = "character" } end).to.fail("option 'unit' must be one of")
    expect(function() agreement.report{ min_overlap = true } end).to.fail("must be a number or string")
  end)
end)
