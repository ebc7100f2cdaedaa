--- Plain-text layout of lists of records, for results that are not `Table` objects (such as
--- role comparisons): one aligned column per field, numbers right-aligned.
local M = {}

local function cell_text(value, format)
  if value == nil then return "" end
  if type(value) == "number" then
    if value ~= value then return "n/a" end
    if value == math.huge then return "inf" end
    if format then return format:format(value) end
    if math.type(value) == "integer" then return tostring(value) end
    return ("%.3f"):format(value)
  end
  if type(value) == "table" then return table.concat(value, ", ") end
  return tostring(value)
end

-- Width in characters, counting each UTF-8 sequence once.
local function width(text)
  return utf8.len(text) or #text
end

--- Lays out `records` as an aligned text table.
---
--- Each column is a field name, or a table `{ field, title = "…", format = "%.2f" }`. Floats
--- show three decimals unless the column gives a format; nan shows as "n/a", lists joined by
--- commas, nil as an empty cell.
--- @param records table[]  the rows
--- @param columns (string|table)[]  the fields to show, in order
--- @return string text  header, rule and one line per record, ending without a newline
--- @usage print(text.table({ { id = "3.1", n = 4 } }, { "id", { "n", title = "count" } }))
function M.table(records, columns)
  if type(records) ~= "table" or type(columns) ~= "table" or #columns == 0 then
    error("text.table needs a list of records and a list of columns", 2)
  end
  local heads, cells, widths, numeric = {}, {}, {}, {}
  for c, column in ipairs(columns) do
    local field = type(column) == "table" and column[1] or column
    heads[c] = type(column) == "table" and column.title or field
    widths[c] = width(heads[c])
    numeric[c] = true
  end
  for r, record in ipairs(records) do
    cells[r] = {}
    for c, column in ipairs(columns) do
      local field = type(column) == "table" and column[1] or column
      local value = record[field]
      if value ~= nil and type(value) ~= "number" then numeric[c] = false end
      cells[r][c] = cell_text(value, type(column) == "table" and column.format or nil)
      widths[c] = math.max(widths[c], width(cells[r][c]))
    end
  end
  local function line(values)
    local parts = {}
    for c, value in ipairs(values) do
      local pad = (" "):rep(widths[c] - width(value))
      parts[c] = numeric[c] and pad .. value or value .. pad
    end
    return (table.concat(parts, "  "):gsub("%s+$", ""))
  end
  local rules = {}
  for c = 1, #columns do rules[c] = ("-"):rep(widths[c]) end
  local lines = { line(heads), line(rules) }
  for _, row in ipairs(cells) do lines[#lines + 1] = line(row) end
  return table.concat(lines, "\n")
end

return M
