// The ten oldest companies.
MATCH (c:Company)
RETURN c.name AS name, c.founded AS founded
ORDER BY founded, name
LIMIT 10
