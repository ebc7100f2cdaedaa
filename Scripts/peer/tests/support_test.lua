local options = require "peer.options"

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
    expect(function() return peer.nope end).to.fail("peer has no module 'nope'")
  end)
end)
