// What is the shortest chain of ties between Medical Excellence JAPAN and Juntendo University Hospital?
MATCH (a {name: 'Medical Excellence JAPAN'}), (b {name: 'Juntendo University Hospital'})
MATCH p = shortestPath((a)-[*..6]-(b))
RETURN [n IN nodes(p) | n.name] AS chain, [r IN relationships(p) | type(r)] AS ties, length(p) AS hops;

// expect:
// chain,ties,hops
// "[""Medical Excellence JAPAN"",""GMCC Japan-China online exchange, 2020-05-29"",""Juntendo University Urayasu Hospital"",""Juntendo University"",""Juntendo University Hospital""]","[""ORGANIZED"",""PARTICIPATED_IN"",""PART_OF"",""PART_OF""]",4
// (1 row)
