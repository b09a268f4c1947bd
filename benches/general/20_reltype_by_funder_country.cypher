// Money granted to hospitals, by the funder's country.
MATCH (f)-[r:FUNDED]->(h:Hospital)
RETURN f.country AS country, sum(r.amount) AS total, count(*) AS grants
ORDER BY total DESC, country
LIMIT 5
