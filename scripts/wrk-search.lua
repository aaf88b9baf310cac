-- wrk script: rotate real queries in three languages against /api/search.
local queries = {
  "lang=ky&q=%D0%BC%D0%B8%D0%B3%D1%80%D0%B0%D0%BD%D1%82%D1%82%D0%B0%D1%80%D0%B4%D1%8B%D0%BD%20%D1%83%D0%BA%D1%83%D0%BA%D1%82%D0%B0%D1%80%D1%8B",
  "lang=ru&q=%D1%82%D0%BE%D1%80%D0%B3%D0%BE%D0%B2%D0%BB%D1%8F%20%D0%BB%D1%8E%D0%B4%D1%8C%D0%BC%D0%B8",
  "lang=en&q=seasonal%20farm%20work",
  "lang=ru&q=%D0%BF%D0%B5%D0%BD%D1%81%D1%8B%D1%8F",
  "lang=en&q=trafficing",
  "lang=ky&q=%D0%BE%D0%BB%D0%BA%D0%BE",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?" .. queries[(i % #queries) + 1])
end
