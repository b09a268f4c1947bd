// Hops from a mid-degree node to the hub along partnerships and exchanges, following their direction.
MATCH p = shortestPath((a {name: $mid})-[:PARTNERED_WITH|EXCHANGED_WITH*..30]->(b {name: $hub}))
RETURN length(p) AS hops
