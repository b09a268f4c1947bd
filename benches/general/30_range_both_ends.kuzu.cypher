MATCH (c:Institution {kind: 'Company'})-[r:FUNDED]->(u:Institution {kind: 'University'})
WHERE c.founded > 1990 AND r.year > 2015 AND u.founded < 1850
RETURN count(*) AS grants, sum(r.amount) AS total
