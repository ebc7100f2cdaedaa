--- The analyses shipped with PeerScript. `require "peer"` gives a table whose fields load the
--- modules on first use: `peer.bcts`, `peer.principles`, `peer.cooccurrence`, `peer.quotes`,
--- `peer.compare`, `peer.agreement`, `peer.stats` and `peer.options`; each can also be required on
--- its own, as `require "peer.bcts"`.
local MODULES = {
  bcts = true, principles = true, cooccurrence = true, quotes = true, compare = true,
  agreement = true, stats = true, options = true,
}

return setmetatable({}, {
  __index = function(peer, name)
    if not MODULES[name] then
      local names = {}
      for known in pairs(MODULES) do names[#names + 1] = known end
      table.sort(names)
      error(("peer has no module '%s' (modules: %s)"):format(tostring(name), table.concat(names, ", ")), 2)
    end
    local module = require("peer." .. name)
    rawset(peer, name, module)
    return module
  end,
})
