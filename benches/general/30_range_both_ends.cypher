// Recent grants from young companies to old universities.
MATCH (c:Company)-[r:FUNDED]->(u:University)
WHERE c.founded > 1990 AND r.year > 2015 AND u.founded < 1850
RETURN count(*) AS grants, sum(r.amount) AS total
