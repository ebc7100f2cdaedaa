local text = require "peer.text"
local options = require "peer.options"

describe("text.table", function()
  it("aligns text left and numbers right", function()
    local records = {
      { id = "3.1", label = "Social support (unspecified)", n = 4, share = 0.25 },
      { id = "17.2", label = "Ré-engagement", n = 12, share = 0 / 0, list = { "a", "b" } },
    }
    expect(text.table(records, { "id", "label", { "n", title = "count" }, "share", { "list", title = "items" } })).to.equal(
      "id    label                         count  share  items\n" ..
      "----  ----------------------------  -----  -----  -----\n" ..
      "3.1   Social support (unspecified)      4  0.250\n" ..
      "17.2  Ré-engagement                    12    n/a  a, b")
    expect(text.table({ { p = 0.01234 } }, { { "p", format = "%.2f" } })).to.equal("   p\n----\n0.01")
  end)

  it("needs records and columns", function()
    expect(function() text.table({}, {}) end).to.fail("text.table needs a list of records and a list of columns")
  end)
end)

describe("options", function()
  local spec = { level = { type = "string", default = "group", one_of = { "group", "technique" } }, top = { type = "number" } }

  it("fills defaults and keeps what was given", function()
    expect(options.check(nil, spec, "f")).to.equal({ level = "group" })
    expect(options.check({ top = 3 }, spec, "f")).to.equal({ level = "group", top = 3 })
  end)

  it("names the function and the option in errors", function()
    expect(function() options.check({ levels = 1 }, spec, "f") end).to.fail("f: unknown option 'levels' (options are: level, top)")
    expect(function() options.check({ top = "3" }, spec, "f") end).to.fail("f: option 'top' must be a number, got string")
    expect(function() options.check({ level = "x" }, spec, "f") end).to.fail([[f: option 'level' must be one of "group", "technique", got "x"]])
  end)

  it("merges filters, the function's own winning", function()
    expect(options.filter({ coder = "A", framework = "x" }, { framework = "bcttv1" })).to.equal({ coder = "A", framework = "bcttv1" })
    expect(options.filter(nil, nil)).to.equal({})
  end)
end)

describe("peer", function()
  it("loads its modules on first use", function()
    local peer = require "peer"
    expect(peer.stats).to.equal(require "peer.stats")
    expect(peer.text).to.equal(text)
    expect(function() return peer.nope end).to.fail("peer has no module 'nope'")
  end)
end)
