CREATE (:Org {name: 'X'});
CREATE (:Org {name: 'Y'});
MATCH (a:Org {name: 'X'}), (b:Org {name: 'Y'})
CREATE (a)-[:FUNDED {amount: 5]->(b);
