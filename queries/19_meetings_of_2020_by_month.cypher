// How many meetings (video conferences, online exchanges, conference lectures) took place in
// each month of 2020, and which? Each meeting is one Event, however many institutions took part.
MATCH (e:Event)
WHERE e.date.year = 2020 AND coalesce(e.date_precision, 'day') <> 'year'
WITH left(toString(e.date), 7) AS month, e
ORDER BY e.date, e.name
RETURN month, count(e) AS meetings, collect(e.key) AS events
ORDER BY month;

// expect:
// month,meetings,events
// 2020-03,1,"[""2020-03-24-ncgm-kazakhstan""]"
// 2020-05,1,"[""2020-05-29-gmcc-japan-china""]"
// 2020-06,1,"[""2020-06-beihai-kameda""]"
// 2020-07,1,"[""2020-07-jiangbin-kameda""]"
// 2020-08,2,"[""2020-08-guangxi-juntendo"",""2020-08-nanjing-kyorin""]"
// 2020-09,1,"[""2020-09-changzhou-teikyo""]"
// 2020-10,2,"[""2020-10-guangxi-cancer-ncc-east"",""2020-10-guangxi-juntendo""]"
// 2020-11,2,"[""2020-11-anhui-oncology-meeting"",""2020-11-suining-ishikawajima""]"
// (8 rows)
