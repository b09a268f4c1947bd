// What is the shortest chain of ties between Medical Excellence JAPAN and Juntendo University Hospital?
MATCH (a {name: 'Medical Excellence JAPAN'}), (b {name: 'Juntendo University Hospital'})
MATCH p = shortestPath((a)-[*..6]-(b))
RETURN p;

// expect:
// one row holding the only shortest path (4 relationships; ids not shown), direction as stored:
// (Medical Excellence JAPAN)<-[:PARTNERED_WITH {date: '2020-05-29', source: 001}]-(Global MediXchange for Fighting COVID-19)
// -[:ORGANIZED {date: '2020-05-29', topic: 'ECMO use in severe COVID-19 cases'}]->(Juntendo University Urayasu Hospital)
// -[:PART_OF {source: 001}]->(Juntendo University)<-[:PART_OF {source: 004}]-(Juntendo University Hospital)
