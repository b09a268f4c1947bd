// Merges 10,000 companies by name, setting their properties when created.
UNWIND range(1, 10000) AS i
MERGE (c:Company {name: 'Venture ' + toString(i)})
ON CREATE SET c.country = 'JP', c.founded = 2027
RETURN count(*) AS merged
