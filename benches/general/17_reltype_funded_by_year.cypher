// Grants and money per year since 2020.
MATCH ()-[r:FUNDED]->()
WHERE r.year >= 2020
RETURN r.year AS year, count(*) AS grants, sum(r.amount) AS total
ORDER BY year
