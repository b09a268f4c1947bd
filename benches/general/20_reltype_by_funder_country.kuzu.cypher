MATCH (f:Institution)-[r:FUNDED]->(h:Institution {kind: 'Hospital'})
RETURN f.country AS country, sum(r.amount) AS total, count(*) AS grants
ORDER BY total DESC, country
LIMIT 5
