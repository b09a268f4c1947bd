// Which institutions have the most distinct partners (PARTNERED_WITH, either direction)?
MATCH (a)-[:PARTNERED_WITH]-(b)
RETURN a.name AS institution, count(DISTINCT b) AS partners
ORDER BY partners DESC, institution
LIMIT 10;

// expect:
// institution,partners
// Medical Excellence JAPAN,9
// Semey State Medical University,5
// Japan International Cooperation Agency,4
// "Ministry of Economy, Trade and Industry",3
// Global MediXchange for Fighting COVID-19,2
// Government of Japan,2
// Japan Medical Internationalization Organization,2
// Medical International Expansion Task Force,2
// "Ministry of Education, Culture, Sports, Science and Technology",2
// Ministry of Foreign Affairs of Japan,2
// (10 rows)
