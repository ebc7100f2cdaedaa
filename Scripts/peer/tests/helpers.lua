-- Helpers shared by the library's tests: independent recounts that walk the corpus row by row,
-- so the library's native-query results are checked against a second, plain computation.
local M = {}

--- The ids of a framework's groups or techniques, as a set.
--- @param level "group"|"technique"
--- @param framework string
--- @return table<string, boolean>
function M.ids(level, framework)
  local set = {}
  local items = level == "group" and taxonomy.groups(framework) or taxonomy.list(framework)
  for _, item in ipairs(items) do set[item.id] = true end
  return set
end

--- Counts, per value of `key_field` and per value of `value_field` in `allowed`, the codings
--- (or distinct participants, with unit = "participants") whose rows show it.
--- @return table<string, table<string, integer>>
function M.recount(key_field, value_field, allowed, unit)
  local counts, seen = {}, {}
  for row in corpus.codings():rows() do
    local key = row[key_field]
    for _, value in ipairs(row:values(value_field)) do
      if allowed[value] then
        local tag = unit == "participants" and table.concat({ key, value, row["participant.id"] }, "|") or nil
        if not tag or not seen[tag] then
          if tag then seen[tag] = true end
          counts[key] = counts[key] or {}
          counts[key][value] = (counts[key][value] or 0) + 1
        end
      end
    end
  end
  return counts
end

--- The non-zero cells of a Table as a nested Lua table: row key → column → value.
--- @return table<string, table<string, number>>
function M.cells(t, key_field)
  local out = {}
  for row in t:rows() do
    for _, column in ipairs(t.columns) do
      if row[column] ~= 0 then
        out[row[key_field]] = out[row[key_field]] or {}
        out[row[key_field]][column] = row[column]
      end
    end
  end
  return out
end

--- The same nested table with rows and columns swapped.
function M.transpose(nested)
  local out = {}
  for row, columns in pairs(nested) do
    for column, value in pairs(columns) do
      out[column] = out[column] or {}
      out[column][row] = value
    end
  end
  return out
end

return M
