// The hub's ten most recent exchanges, either direction.
MATCH (a {name: $hub})-[r:EXCHANGED_WITH]-(b)
RETURN b.name AS partner, r.year AS year, r.topic AS topic
ORDER BY year DESC, partner, topic
LIMIT 10
