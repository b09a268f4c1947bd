MATCH p = (a {name: $mid})-[:PARTNERED_WITH|EXCHANGED_WITH* SHORTEST 1..30]->(b {name: $hub})
RETURN length(p) AS hops
