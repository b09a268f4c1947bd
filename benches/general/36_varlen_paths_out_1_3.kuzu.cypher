MATCH (a {name: $mid})-[:PARTNERED_WITH* TRAIL 1..3]->(b)
RETURN count(*) AS paths
