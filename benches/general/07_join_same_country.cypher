// Company -> university -> hospital chains that stay inside one country, per country.
MATCH (c:Company)-[:FUNDED]->(u:University)-[:PARTNERED_WITH]->(h:Hospital)
WHERE c.country = h.country
RETURN c.country AS country, count(*) AS chains
ORDER BY chains DESC, country
LIMIT 5
