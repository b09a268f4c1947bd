// The ten largest grants made by foundations.
MATCH (f:Foundation)-[r:FUNDED]->(h)
RETURN f.name AS funder, h.name AS recipient, r.amount AS amount, r.year AS year
ORDER BY amount DESC, year, funder, recipient
LIMIT 10
