UNWIND range(1, 10000) AS i
MERGE (c:Institution {id: 3000000 + i})
ON CREATE SET c.kind = 'Company', c.name = 'Venture ' + to_string(i), c.country = 'JP', c.founded = 2027
RETURN count(*) AS merged
