MATCH (a {name: $mid})-[:PARTNERED_WITH|EXCHANGED_WITH* TRAIL 1..2]-(b:Institution {kind: 'Hospital'})
RETURN count(*) AS paths, count(DISTINCT b) AS hospitals
