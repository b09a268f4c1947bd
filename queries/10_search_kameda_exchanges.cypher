// Looking an institution up by its Japanese name (亀田総合病院): with whom did it exchange, when and on what?
CALL db.search('亀田総合病院') YIELD node, score
WITH node, score
ORDER BY score DESC
LIMIT 1
MATCH (node)-[r:EXCHANGED_WITH]-(p)
RETURN node.name AS institution, p.name AS partner, left(toString(r.date), coalesce({year: 4, month: 7}[r.date_precision], 10)) AS date, r.topic AS topic
ORDER BY r.date, partner;

// expect:
// institution,partner,date,topic
// Kameda Medical Center,Beihai People's Hospital,2020-06,"Japanese comprehensive health check-ups: history, system, operation, services"
// Kameda Medical Center,Jiangbin Hospital of Guangxi Zhuang Autonomous Region,2020-07,"rehabilitation medicine in Japan: current state, techniques, services"
// (2 rows)
