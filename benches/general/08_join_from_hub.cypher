// Recent institutions funded by partners of the hub.
MATCH (a {name: $hub})-[:PARTNERED_WITH]->(b)-[:FUNDED]->(c)
WHERE c.founded > 1950
RETURN count(DISTINCT c) AS funded
