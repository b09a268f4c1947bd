// Institutions whose name starts with a given prefix.
MATCH (n)
WHERE n.name STARTS WITH 'Ministry 12'
RETURN count(*) AS institutions, min(n.name) AS first
