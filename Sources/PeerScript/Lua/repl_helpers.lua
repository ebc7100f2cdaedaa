local rawmeta, docs = ...
local getmetatable, ipairs, next, pairs, rawget, tostring, type =
      getmetatable, ipairs, next, pairs, rawget, tostring, type
local sort, min, mathtype = table.sort, math.min, math.type

-- The tables `value` reads missing keys from: itself when a table, then each __index table.
local function lookup_chain(value)
  local chain, seen = {}, {}
  local t = value
  if type(t) ~= "table" then
    local mt = rawmeta(t)
    t = mt and rawget(mt, "__index")
  end
  while type(t) == "table" and not seen[t] do
    seen[t] = true
    chain[#chain + 1] = t
    local mt = rawmeta(t)
    t = mt and rawget(mt, "__index")
  end
  return chain
end

-- value[key] as far as plain tables tell, running no code.
local function peek(value, key)
  for _, t in ipairs(lookup_chain(value)) do
    local found = rawget(t, key)
    if found ~= nil then return found end
  end
  return nil
end

-- The API tables `env` sees, keyed by the table itself, so a value can be matched to its docs.
local function api_modules(env)
  local modules = {}
  for name, group in pairs(docs) do
    if group.kind == "module" then
      local value = peek(env, name)
      if type(value) == "table" then modules[value] = name end
    end
  end
  return modules
end

-- The documented class of a userdata (its __metatable is the class name), or the module a
-- table is.
local function documented_type(value, modules)
  if type(value) == "userdata" then
    local name = getmetatable(value)
    if type(name) == "string" and docs[name] then return name end
  elseif type(value) == "table" then
    return modules[value]
  end
  return nil
end

-- One step along a path. Returns the live value reached, or else the documented type name
-- of what is reached; both nil when nothing can be known without running code.
local function follow(env, value, typename, step, modules)
  if step.sep == "" then
    if step.called then return nil, nil end
    local found = peek(env, step.name)
    if found == nil and docs[step.name] and docs[step.name].kind == "module" then
      return nil, step.name
    end
    return found, nil
  end
  if step.sep == "[" then
    return nil, typename and typename:match("^(.+)%[%]$")
  end
  local owner = typename or documented_type(value, modules)
  local member = owner and docs[owner] and docs[owner].members[step.name]
  if step.called then
    if member and member.kind ~= "field" then return nil, member.type end
    return nil, nil
  end
  if typename == nil and type(value) == "table" then
    local found = peek(value, step.name)
    if found ~= nil then return found, nil end
  end
  if member and member.kind == "field" then return nil, member.type end
  return nil, nil
end

local function resolve(env, steps, modules)
  local value, typename = env, nil
  for _, step in ipairs(steps) do
    value, typename = follow(env, value, typename, step, modules)
    if value == nil and typename == nil then return nil, nil end
  end
  return value, typename
end

local function owner(env, steps)
  local modules = api_modules(env)
  local value, typename = resolve(env, steps, modules)
  return typename or documented_type(value, modules)
end

local function kind_of(value)
  local t = type(value)
  if t == "function" or t == "table" then return t end
  return "value"
end

local function members(env, steps, sep)
  local modules = api_modules(env)
  local value, typename = resolve(env, steps, modules)
  local found = {}
  if typename == "string" then value, typename = "", nil end
  if value == nil and typename == nil then return found end
  local group_name = typename or documented_type(value, modules)
  local group = group_name and docs[group_name]
  if group then
    for name, member in pairs(group.members) do
      if sep == ":" then
        if member.kind == "method" then found[name] = "function" end
      elseif group.kind == "module" or member.kind == "field" then
        found[name] = member.kind == "field" and "value" or "function"
      end
    end
  end
  -- An object's own metatable holds its methods, which the docs already gave.
  if typename == nil and not (group and type(value) == "userdata") then
    for _, t in ipairs(lookup_chain(value)) do
      for key, item in next, t do
        local kind = kind_of(item)
        if type(key) == "string" and found[key] == nil and (sep ~= ":" or kind == "function") then
          found[key] = kind
        end
      end
    end
  end
  return found
end

-- Keys print numbers first, then strings, then anything else, each in its natural order.
local rank = { number = 1, string = 2 }
local function key_order(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then
    local ra, rb = rank[ta] or 3, rank[tb] or 3
    if ra ~= rb then return ra < rb end
    return ta < tb
  end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end

local function inspect(value, max_depth, max_items)
  local next_id, open = 0, {}
  local describe
  local function describe_table(t, depth)
    if open[t] then return { "cycle", open[t] } end
    if depth >= max_depth then return { "deep" } end
    next_id = next_id + 1
    local id = next_id
    open[t] = id
    local values, keys = {}, {}
    for key, item in pairs(t) do
      if values[key] == nil then keys[#keys + 1] = key end
      values[key] = item
    end
    local length = 0
    while values[length + 1] ~= nil do length = length + 1 end
    local others = {}
    for _, key in ipairs(keys) do
      if not (mathtype(key) == "integer" and key >= 1 and key <= length) then others[#others + 1] = key end
    end
    -- Sorting a huge table only to show its first entries would cost more than it shows.
    if #others <= 1000 then sort(others, key_order) end
    local items = {}
    for i = 1, min(length, max_items) do items[#items + 1] = { describe(values[i], depth + 1) } end
    for _, key in ipairs(others) do
      if #items >= max_items then break end
      items[#items + 1] = { describe(values[key], depth + 1), describe(key, depth + 1) }
    end
    open[t] = nil
    return { "table", id, items, length + #others - #items }
  end
  describe = function(v, depth)
    local t = type(v)
    if t == "string" then return { "string", v } end
    if t == "nil" or t == "boolean" or t == "number" then return { "scalar", tostring(v) } end
    if t == "table" then
      local mt = rawmeta(v)
      if not (mt and rawget(mt, "__tostring") ~= nil) then return describe_table(v, depth) end
    end
    return { "text", tostring(v) }
  end
  return describe(value, 0)
end

return { inspect = inspect, members = members, owner = owner }
