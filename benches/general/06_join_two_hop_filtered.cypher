// Old hospitals that partners of Kazakh ministries' grantees partner with.
MATCH (m:Ministry {country: 'KZ'})-[:FUNDED]->(x)-[:PARTNERED_WITH]->(h:Hospital)
WHERE h.founded < 1900
RETURN count(DISTINCT h) AS hospitals
