// Countries the hub exchanges with, either direction.
MATCH (a {name: $hub})-[:EXCHANGED_WITH]-(b)
RETURN b.country AS country, count(*) AS exchanges
ORDER BY exchanges DESC, country
LIMIT 5
