// Triangles of partnerships or exchanges through a mid-degree node, either direction.
MATCH (a {name: $mid})-[:PARTNERED_WITH|EXCHANGED_WITH]-(b)-[:PARTNERED_WITH|EXCHANGED_WITH]-(c)-[:PARTNERED_WITH|EXCHANGED_WITH]-(a)
RETURN count(*) AS triangles
