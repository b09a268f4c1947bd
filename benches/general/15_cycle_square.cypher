// Squares of partnerships through a mid-degree node, either direction.
MATCH (a {name: $mid})-[:PARTNERED_WITH]-(b)-[:PARTNERED_WITH]-(c)-[:PARTNERED_WITH]-(d)-[:PARTNERED_WITH]-(a)
WHERE a.name <> c.name AND b.name <> d.name
RETURN count(*) AS squares
