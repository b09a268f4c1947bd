// US foundations funding hospitals that exchange with Japanese universities.
MATCH (f:Foundation)-[:FUNDED]->(h:Hospital)-[:EXCHANGED_WITH]->(u:University)
WHERE f.country = 'US' AND u.country = 'JP'
RETURN count(*) AS chains, count(DISTINCT h) AS hospitals
