// A timeline of the 2020 exchanges (meetings, video conferences, online lectures) between
// institutions: one row per pair of institutions, with the meeting (`event`) it belongs to, so
// that several rows of one meeting read as one (query 19 counts the meetings themselves).
MATCH (a)-[r:EXCHANGED_WITH]->(b)
WHERE r.date.year = 2020
RETURN left(toString(r.date), coalesce({year: 4, month: 7}[r.date_precision], 10)) AS date, a.name AS from_institution, b.name AS to_institution, r.topic AS topic, r.mode AS mode, r.event AS meeting
ORDER BY r.date, from_institution, to_institution;

// expect:
// date,from_institution,to_institution,topic,mode,meeting
// 2020-03-24,National Center for Global Health and Medicine Hospital,Asfendiyarov Kazakh National Medical University,"COVID-19 response: care system, patient handling, testing, prescribing",online,2020-03-24-ncgm-kazakhstan
// 2020-03-24,National Center for Global Health and Medicine Hospital,Astana Medical University,"COVID-19 response: care system, patient handling, testing, prescribing",online,2020-03-24-ncgm-kazakhstan
// 2020-03-24,National Center for Global Health and Medicine Hospital,Department of Public Health Policy of the Ministry of Healthcare of the Republic of Kazakhstan,"COVID-19 response: care system, patient handling, testing, prescribing",online,2020-03-24-ncgm-kazakhstan
// 2020-03-24,National Center for Global Health and Medicine Hospital,Embassy of the Republic of Kazakhstan in Japan,"COVID-19 response: care system, patient handling, testing, prescribing",online,2020-03-24-ncgm-kazakhstan
// 2020-03-24,National Center for Global Health and Medicine Hospital,Ministry of Healthcare of the Republic of Kazakhstan,"COVID-19 response: care system, patient handling, testing, prescribing",online,2020-03-24-ncgm-kazakhstan
// 2020-03-24,National Center for Global Health and Medicine Hospital,National Public Health Centre of the Ministry of Healthcare of the Republic of Kazakhstan,"COVID-19 response: care system, patient handling, testing, prescribing",online,2020-03-24-ncgm-kazakhstan
// 2020-03-24,National Center for Global Health and Medicine Hospital,Scientific Practical Center for Sanitary and Epidemiological Expertise and Monitoring,"COVID-19 response: care system, patient handling, testing, prescribing",online,2020-03-24-ncgm-kazakhstan
// 2020-05-29,Juntendo University Urayasu Hospital,"First Affiliated Hospital, Zhejiang University School of Medicine",Japan-China sharing of COVID-19 clinical experience (severe cases),online,2020-05-29-gmcc-japan-china
// 2020-05-29,University of Tsukuba,"First Affiliated Hospital, Zhejiang University School of Medicine",Japan-China sharing of COVID-19 clinical experience (severe cases),online,2020-05-29-gmcc-japan-china
// 2020-06,Beihai People's Hospital,Kameda Medical Center,"Japanese comprehensive health check-ups: history, system, operation, services",online,2020-06-beihai-kameda
// 2020-07,Jiangbin Hospital of Guangxi Zhuang Autonomous Region,Kameda Medical Center,"rehabilitation medicine in Japan: current state, techniques, services",online,2020-07-jiangbin-kameda
// 2020-08,First Affiliated Hospital of Guangxi Medical University,Juntendo University Hospital,gastrointestinal surgery,online,2020-08-guangxi-juntendo
// 2020-08,Second Affiliated Hospital of Nanjing Medical University,Kyorin University Hospital,"hospital pharmacy: operations, management, safety",online,2020-08-nanjing-kyorin
// 2020-09,Changzhou First People's Hospital,Teikyo University Hospital,endocrinology and nephrology,online,2020-09-changzhou-teikyo
// 2020-10,First Affiliated Hospital of Guangxi Medical University,Juntendo University Hospital,cardiovascular medicine,online,2020-10-guangxi-juntendo
// 2020-10,Guangxi Medical University Cancer Hospital,National Cancer Center Hospital East,colorectal surgery,online,2020-10-guangxi-cancer-ncc-east
// 2020-11,Oncology Branch of Anhui Medical Association,National Cancer Center Hospital East,keynote lectures on colorectal and gastric surgery at the 25th annual meeting,online,2020-11-anhui-oncology-meeting
// 2020-11,Suining Central Hospital,Ishikawajima Memorial Hospital,rehabilitation,online,2020-11-suining-ishikawajima
// (18 rows)
