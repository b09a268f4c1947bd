MATCH ()-[r:FUNDED]->(h:Institution {kind: 'Hospital', country: 'KZ'})
RETURN h.name AS hospital, r.year AS year, r.amount AS amount
ORDER BY year, amount DESC, hospital
LIMIT 10
