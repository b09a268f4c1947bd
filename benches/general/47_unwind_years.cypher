// The hub's grants, given or received, in each year from 2015 to 2020.
UNWIND range(2015, 2020) AS wanted
MATCH (a {name: $hub})-[r:FUNDED]-(b)
WHERE r.year = wanted
RETURN wanted AS year, count(r) AS grants
ORDER BY year
