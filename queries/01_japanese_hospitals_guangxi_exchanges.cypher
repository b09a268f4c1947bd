// Which Japanese hospitals exchanged with hospitals in Guangxi, when, and on which topics?
MATCH (j:Hospital)-[r:EXCHANGED_WITH]-(c:Hospital)
WHERE j.country = 'JP' AND c.region = 'Guangxi'
RETURN j.name AS japanese_hospital, c.name AS guangxi_hospital, left(toString(r.date), coalesce({year: 4, month: 7}[r.date_precision], 10)) AS date, r.topic AS topic
ORDER BY r.date, japanese_hospital, guangxi_hospital;

// expect:
// japanese_hospital,guangxi_hospital,date,topic
// Kameda Medical Center,Beihai People's Hospital,2020-06,"Japanese comprehensive health check-ups: history, system, operation, services"
// Kameda Medical Center,Jiangbin Hospital of Guangxi Zhuang Autonomous Region,2020-07,"rehabilitation medicine in Japan: current state, techniques, services"
// Juntendo University Hospital,First Affiliated Hospital of Guangxi Medical University,2020-08,gastrointestinal surgery
// Juntendo University Hospital,First Affiliated Hospital of Guangxi Medical University,2020-10,cardiovascular medicine
// National Cancer Center Hospital East,Guangxi Medical University Cancer Hospital,2020-10,colorectal surgery
// (5 rows)
