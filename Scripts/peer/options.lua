--- Checks the option tables the library's functions take, so a misspelt or mistyped option is
--- an error naming the function and the option instead of being silently ignored.
local M = {}

--- Checks `options` against `spec` and returns a copy with defaults filled in.
---
--- `spec` maps each option name to `{ type = "string"|"number"|"boolean"|"table", default = …,
--- one_of = {…} }`; a type may list alternatives, as "number|string". Raises an error, at the caller of `caller`, for an option that is not in
--- `spec`, has the wrong type, or is not one of the allowed values.
--- @param options table|nil  what the user passed
--- @param spec table<string, table>  the allowed options
--- @param caller string  the function's name, for messages
--- @return table checked  the options with defaults
--- @usage local o = options.check(opts, { level = { type = "string", default = "group", one_of = { "group", "technique" } } }, "by_role")
function M.check(options, spec, caller)
  if options ~= nil and type(options) ~= "table" then
    error(("%s: options must be a table, got %s"):format(caller, type(options)), 3)
  end
  options = options or {}
  local checked = {}
  for name, value in pairs(options) do
    local rule = spec[name]
    if rule == nil then
      local names = {}
      for known in pairs(spec) do names[#names + 1] = known end
      table.sort(names)
      error(("%s: unknown option '%s' (options are: %s)"):format(caller, tostring(name), table.concat(names, ", ")), 3)
    end
    -- A rule may allow several types, written "number|string".
    if not ("|" .. rule.type .. "|"):find("|" .. type(value) .. "|", 1, true) then
      error(("%s: option '%s' must be a %s, got %s"):format(caller, name, (rule.type:gsub("|", " or ")), type(value)), 3)
    end
    if rule.one_of then
      local allowed = false
      for _, candidate in ipairs(rule.one_of) do
        if candidate == value then allowed = true end
      end
      if not allowed then
        error(("%s: option '%s' must be one of \"%s\", got \"%s\""):format(
          caller, name, table.concat(rule.one_of, "\", \""), tostring(value)), 3)
      end
    end
    checked[name] = value
  end
  for name, rule in pairs(spec) do
    if checked[name] == nil then checked[name] = rule.default end
  end
  return checked
end

--- A copy of the filter table `where` (field → value or list of values) with `extra` added;
--- `extra` wins where both name a field.
--- @param where table|nil  filters from the user
--- @param extra table|nil  filters the function adds
--- @return table filter  for Query:where
--- @usage corpus.codings():where(options.filter(opts.where, { framework = "bcttv1" }))
function M.filter(where, extra)
  local filter = {}
  for field, value in pairs(where or {}) do filter[field] = value end
  for field, value in pairs(extra or {}) do filter[field] = value end
  return filter
end

return M
