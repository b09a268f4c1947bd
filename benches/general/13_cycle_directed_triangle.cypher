// Directed triangles through the hub, any types.
MATCH (a {name: $hub})-->(b)-->(c)-->(a)
RETURN count(*) AS triangles
