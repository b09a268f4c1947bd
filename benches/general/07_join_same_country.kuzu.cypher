MATCH (c:Institution)-[:FUNDED]->(u:Institution)-[:PARTNERED_WITH]->(h:Institution)
WHERE c.kind = 'Company' AND u.kind = 'University' AND h.kind = 'Hospital'
  AND c.country = h.country
RETURN c.country AS country, count(*) AS chains
ORDER BY chains DESC, country
LIMIT 5
