// The earliest grants to Kazakh hospitals, largest first within a year.
MATCH ()-[r:FUNDED]->(h:Hospital {country: 'KZ'})
RETURN h.name AS hospital, r.year AS year, r.amount AS amount
ORDER BY year, amount DESC, hospital
LIMIT 10
