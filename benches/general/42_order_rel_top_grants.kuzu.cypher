MATCH (f:Institution {kind: 'Foundation'})-[r:FUNDED]->(h:Institution)
RETURN f.name AS funder, h.name AS recipient, r.amount AS amount, r.year AS year
ORDER BY amount DESC, year, funder, recipient
LIMIT 10
