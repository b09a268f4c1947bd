// Which Japanese institutions exchanged with Chinese institutions, how often and with how many distinct partners?
MATCH (j)-[r:EXCHANGED_WITH]-(c)
WHERE j.country = 'JP' AND c.country = 'CN'
RETURN j.name AS japanese_institution, count(r) AS exchanges, count(DISTINCT c) AS chinese_partners
ORDER BY exchanges DESC, japanese_institution;

// expect:
// japanese_institution,exchanges,chinese_partners
// Juntendo University Hospital,2,1
// Kameda Medical Center,2,2
// National Cancer Center Hospital East,2,2
// Ishikawajima Memorial Hospital,1,1
// Juntendo University Urayasu Hospital,1,1
// Kyorin University Hospital,1,1
// Teikyo University Hospital,1,1
// University of Tsukuba,1,1
// (8 rows)
