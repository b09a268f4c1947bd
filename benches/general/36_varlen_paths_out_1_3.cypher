// Paths (not distinct ends) of one to three outgoing partnerships from a mid-degree node.
MATCH (a {name: $mid})-[:PARTNERED_WITH*1..3]->(b)
RETURN count(*) AS paths
