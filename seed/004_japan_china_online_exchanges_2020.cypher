// Source: 004_c2fb2b48e16b2881.txt (Chinese/Japanese newsletter of an unnamed exchange center).
// Nine online Japan-China hospital exchanges organised by the center from June to November 2020,
// and its COVID-19 mask donations (to the Chinese embassy, and from China to Japanese care sites).
//
// The document itself, in the source catalogue (see seed/README.md, Provenance).
MERGE (s:Source {key: '004_c2fb2b48e16b2881.txt'}) ON CREATE SET s.title = '中日医学云端交流会', s.title_en = 'Japan-China online medical exchanges', s.publisher = 'Unnamed Japan-China medical exchange center', s.published = '2021', s.language = ['zh', 'ja'], s.kind = 'newsletter', s.note = 'The yearly newsletter of an exchange center that never names itself, in Chinese with Japanese translations, covering its 2020 (年度) activities. It has no title; the title is the name it gives its exchanges. Published at the start of 2021 (在2021年伊始).';

// Institutions mentioned in this document. Every file repeats the same complete
// ON CREATE SET for a node, so any file loads on its own and the order never matters.
MERGE (n:Hospital {name: 'Beihai People\'s Hospital'}) ON CREATE SET n.name_ja = '北海市人民病院', n.name_zh = '北海市人民医院', n.aliases = [], n.country = 'CN', n.region = 'Guangxi', n.city = 'Beihai', n.external = ['region'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Kameda Medical Center'}) ON CREATE SET n.name_ja = '亀田総合病院', n.name_zh = '龟田综合医院', n.aliases = ['田综合医院'], n.aliases_external = ['Kameda', 'Kameda General Hospital'], n.country = 'JP', n.region = 'Chiba', n.city = 'Kamogawa', n.external = ['city', 'region'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Jiangbin Hospital of Guangxi Zhuang Autonomous Region'}) ON CREATE SET n.name_ja = '広西チワン族自治区江濱病院', n.name_zh = '广西壮族自治区江滨医院', n.aliases = ['広西チワン族自治区江病院'], n.aliases_external = ['Guangxi Jiangbin Hospital'], n.country = 'CN', n.region = 'Guangxi', n.city = 'Nanning', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Second Affiliated Hospital of Nanjing Medical University'}) ON CREATE SET n.name_ja = '南京医科大学第二附属病院', n.name_zh = '南京医科大学第二附属医院', n.aliases = [], n.country = 'CN', n.region = 'Jiangsu', n.city = 'Nanjing', n.external = ['city', 'region'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:University {name: 'Nanjing Medical University'}) ON CREATE SET n.name_ja = '南京医科大学', n.name_zh = '南京医科大学', n.aliases = [], n.country = 'CN', n.region = 'Jiangsu', n.city = 'Nanjing', n.external = ['city', 'region'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Kyorin University Hospital'}) ON CREATE SET n.name_ja = '杏林大学医学部附属病院', n.name_zh = '杏林大学医学部附属医院', n.aliases = [], n.country = 'JP', n.region = 'Tokyo', n.city = 'Mitaka', n.external = ['city', 'region'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:University {name: 'Kyorin University'}) ON CREATE SET n.name_ja = '杏林大学', n.name_zh = '杏林大学', n.aliases = [], n.country = 'JP', n.region = 'Tokyo', n.city = 'Mitaka', n.external = ['city', 'region'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'First Affiliated Hospital of Guangxi Medical University'}) ON CREATE SET n.name_ja = '広西医科大学第一附属病院', n.name_zh = '广西医科大学第一附属医院', n.aliases = [], n.country = 'CN', n.region = 'Guangxi', n.city = 'Nanning', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:University {name: 'Guangxi Medical University'}) ON CREATE SET n.name_ja = '広西医科大学', n.name_zh = '广西医科大学', n.aliases = [], n.country = 'CN', n.region = 'Guangxi', n.city = 'Nanning', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Juntendo University Hospital'}) ON CREATE SET n.name_ja = '順天堂大学医学部附属順天堂医院', n.name_zh = '顺天堂大学医学部附属顺天堂医院', n.aliases = ['順天堂医院', '顺天堂医院'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:University {name: 'Juntendo University'}) ON CREATE SET n.name_ja = '順天堂大学', n.name_zh = '顺天堂大学', n.aliases = [], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['001_114f3af2ba6b8384.txt', '004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Changzhou First People\'s Hospital'}) ON CREATE SET n.name_ja = '常州市第一人民病院', n.name_zh = '常州市第一人民医院', n.aliases = [], n.country = 'CN', n.region = 'Jiangsu', n.city = 'Changzhou', n.external = ['region'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Teikyo University Hospital'}) ON CREATE SET n.name_ja = '帝京大学医学部附属病院', n.name_zh = '帝京大学医学部附属医院', n.aliases = [], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:University {name: 'Teikyo University'}) ON CREATE SET n.name_ja = '帝京大学', n.name_zh = '帝京大学', n.aliases = [], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Association {name: 'Unnamed Japan-China medical exchange center'}) ON CREATE SET n.name_ja = 'センター', n.name_zh = '中心', n.aliases = ['本中心', '当センター'], n.country = 'JP', n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Guangxi Medical University Cancer Hospital'}) ON CREATE SET n.name_zh = '广西医科大学附属肿瘤医院', n.aliases = [], n.country = 'CN', n.region = 'Guangxi', n.city = 'Nanning', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'National Cancer Center Hospital East'}) ON CREATE SET n.name_ja = '国立がん研究センター東病院', n.name_zh = '国立癌研究中心东医院', n.aliases = ['国癌东医院'], n.aliases_external = ['NCC East'], n.country = 'JP', n.region = 'Chiba', n.city = 'Kashiwa', n.external = ['city', 'region'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:ResearchCenter {name: 'National Cancer Center Japan'}) ON CREATE SET n.name_ja = '国立がん研究センター', n.name_zh = '国立癌研究中心', n.aliases = [], n.aliases_external = ['NCC'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Suining Central Hospital'}) ON CREATE SET n.name_zh = '遂宁市中心医院', n.aliases = ['四川省遂宁市中心医院'], n.country = 'CN', n.region = 'Sichuan', n.city = 'Suining', n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Company {name: 'Kenikukai Group'}) ON CREATE SET n.name_zh = '健育会集团', n.aliases = ['日本健育会集团'], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Hospital {name: 'Ishikawajima Memorial Hospital'}) ON CREATE SET n.name_ja = '石川島記念病院', n.name_zh = '石川岛纪念医院', n.aliases = [], n.country = 'JP', n.city = 'Tokyo', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Association {name: 'Anhui Medical Association'}) ON CREATE SET n.name_ja = '安徽省医学会', n.name_zh = '安徽省医学会', n.aliases = [], n.country = 'CN', n.region = 'Anhui', n.city = 'Hefei', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Association {name: 'Oncology Branch of Anhui Medical Association'}) ON CREATE SET n.name_ja = '安徽省医学会腫瘍学分会', n.name_zh = '安徽省医学会肿瘤学分会', n.aliases = [], n.country = 'CN', n.region = 'Anhui', n.city = 'Hefei', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Embassy {name: 'Embassy of the People\'s Republic of China in Japan'}) ON CREATE SET n.name_ja = '中国大使館', n.name_zh = '中国大使馆', n.aliases = [], n.aliases_external = ['Chinese Embassy'], n.country = 'CN', n.city = 'Tokyo', n.located_in = 'JP', n.external = ['city'], n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Group {name: 'Chinese friendly institutions (unnamed)'}) ON CREATE SET n.name_ja = '中国関係者', n.name_zh = '中国友好机构', n.aliases = [], n.country = 'CN', n.source = ['004_c2fb2b48e16b2881.txt'];
MERGE (n:Group {name: 'Japanese medical and care facilities (unnamed)'}) ON CREATE SET n.name_ja = '日本の医療現場、介護現場', n.name_zh = '日本的医疗、护理现场', n.aliases = [], n.country = 'JP', n.source = ['004_c2fb2b48e16b2881.txt'];

// Relationships stated in this document.

// PART_OF
MATCH (a:Hospital {name: 'Second Affiliated Hospital of Nanjing Medical University'}), (b:University {name: 'Nanjing Medical University'})
MERGE (a)-[r:PART_OF {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '南京医科大学第二附属医院';
MATCH (a:Hospital {name: 'Kyorin University Hospital'}), (b:University {name: 'Kyorin University'})
MERGE (a)-[r:PART_OF {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '杏林大学医学部附属医院';
MATCH (a:Hospital {name: 'First Affiliated Hospital of Guangxi Medical University'}), (b:University {name: 'Guangxi Medical University'})
MERGE (a)-[r:PART_OF {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西医科大学第一附属医院';
MATCH (a:Hospital {name: 'Juntendo University Hospital'}), (b:University {name: 'Juntendo University'})
MERGE (a)-[r:PART_OF {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '顺天堂大学医学部附属顺天堂医院';
MATCH (a:Hospital {name: 'Teikyo University Hospital'}), (b:University {name: 'Teikyo University'})
MERGE (a)-[r:PART_OF {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '帝京大学医学部附属医院';
MATCH (a:Hospital {name: 'Guangxi Medical University Cancer Hospital'}), (b:University {name: 'Guangxi Medical University'})
MERGE (a)-[r:PART_OF {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西医科大学附属肿瘤医院';
MATCH (a:Hospital {name: 'National Cancer Center Hospital East'}), (b:ResearchCenter {name: 'National Cancer Center Japan'})
MERGE (a)-[r:PART_OF {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '国立癌研究中心东医院';
MATCH (a:Hospital {name: 'Ishikawajima Memorial Hospital'}), (b:Company {name: 'Kenikukai Group'})
MERGE (a)-[r:PART_OF {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '日本健育会集团旗下石川岛纪念医院';
MATCH (a:Association {name: 'Oncology Branch of Anhui Medical Association'}), (b:Association {name: 'Anhui Medical Association'})
MERGE (a)-[r:PART_OF {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '安徽省医学会肿瘤学分会';

// EXCHANGED_WITH
MATCH (a:Hospital {name: 'Beihai People\'s Hospital'}), (b:Hospital {name: 'Kameda Medical Center'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-06'), date_precision: 'month', topic: 'Japanese comprehensive health check-ups: history, system, operation, services', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-06-beihai-kameda', r.evidence = '北海市人民医院与日本龟田综合医院连线, 就日本的精密体检的历史、制度、运营和服务等进行了中日云端交流';
MATCH (a:Hospital {name: 'Jiangbin Hospital of Guangxi Zhuang Autonomous Region'}), (b:Hospital {name: 'Kameda Medical Center'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-07'), date_precision: 'month', topic: 'rehabilitation medicine in Japan: current state, techniques, services', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-07-jiangbin-kameda', r.evidence = '广西壮族自治区江滨医院与龟田综合医院连线, 就日本康复医疗的现状、技术、服务等进行了中日云端交流';
MATCH (a:Hospital {name: 'Second Affiliated Hospital of Nanjing Medical University'}), (b:Hospital {name: 'Kyorin University Hospital'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-08'), date_precision: 'month', topic: 'hospital pharmacy: operations, management, safety', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-08-nanjing-kyorin', r.evidence = '南京医科大学第二附属医院与日本杏林大学医学部附属医院连线, 就药剂科的业务、管理、安全等进行了云端交流';
MATCH (a:Hospital {name: 'First Affiliated Hospital of Guangxi Medical University'}), (b:Hospital {name: 'Juntendo University Hospital'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-08'), date_precision: 'month', topic: 'gastrointestinal surgery', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-08-guangxi-juntendo', r.evidence = '广西医科大学第一附属医院与日本顺天堂大学医学部附属顺天堂医院连线, 就胃肠外科进行了交流';
MATCH (a:Hospital {name: 'Changzhou First People\'s Hospital'}), (b:Hospital {name: 'Teikyo University Hospital'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-09'), date_precision: 'month', topic: 'endocrinology and nephrology', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-09-changzhou-teikyo', r.evidence = '常州市第一人民医院与日本帝京大学医学部附属医院连线, 就内分泌和肾脏内科进行了云端交流';
MATCH (a:Hospital {name: 'Guangxi Medical University Cancer Hospital'}), (b:Hospital {name: 'National Cancer Center Hospital East'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-10'), date_precision: 'month', topic: 'colorectal surgery', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-10-guangxi-cancer-ncc-east', r.evidence = '广西医科大学附属肿瘤医院与日本国立癌研究中心东医院连线，就大肠外科相关手术进行了交流';
MATCH (a:Hospital {name: 'First Affiliated Hospital of Guangxi Medical University'}), (b:Hospital {name: 'Juntendo University Hospital'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-10'), date_precision: 'month', topic: 'cardiovascular medicine', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-10-guangxi-juntendo', r.evidence = '广西医科大学第一附属医院与日本顺天堂大学医学部附属顺天堂医院连线，就心血管内科进行了交流';
MATCH (a:Hospital {name: 'Suining Central Hospital'}), (b:Hospital {name: 'Ishikawajima Memorial Hospital'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-11'), date_precision: 'month', topic: 'rehabilitation', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-11-suining-ishikawajima', r.evidence = '四川省遂宁市中心医院与日本健育会集团旗下石川岛纪念医院连线，就康复科进行了云端交流';
MATCH (a:Association {name: 'Oncology Branch of Anhui Medical Association'}), (b:Hospital {name: 'National Cancer Center Hospital East'})
MERGE (a)-[r:EXCHANGED_WITH {date: date('2020-11'), date_precision: 'month', topic: 'keynote lectures on colorectal and gastric surgery at the 25th annual meeting', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.mode = 'online', r.event = '2020-11-anhui-oncology-meeting', r.evidence = '日本国立癌研究中心东医院2位专家通过线上方式参会并作主题演讲';


// FUNDED
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Embassy {name: 'Embassy of the People\'s Republic of China in Japan'})
MERGE (a)-[r:FUNDED {date: date('2020-02'), date_precision: 'month', topic: 'medical N95 masks (in-kind donation for China)', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '2月、中心向中国大使馆交付医用N95口罩';
MATCH (a:Group {name: 'Chinese friendly institutions (unnamed)'}), (b:Association {name: 'Unnamed Japan-China medical exchange center'})
MERGE (a)-[r:FUNDED {date: date('2020-05'), date_precision: 'month', topic: 'medical masks (in-kind donation for Japan)', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '又接收中国友好机构捐赠的口罩向日本支援';
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Group {name: 'Japanese medical and care facilities (unnamed)'})
MERGE (a)-[r:FUNDED {date: date('2020-05'), date_precision: 'month', topic: 'medical masks (in-kind, passed on from China)', source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '由中心负责运往日本的医疗、护理现场';

// Meetings described in this document: each is an Event that its organisers ORGANIZED and
// its institutions PARTICIPATED_IN; the EXCHANGED_WITH edges above carry its key as `event`.
MERGE (n:Event {name: 'Beihai-Kameda online exchange, 2020-06'}) ON CREATE SET n.key = '2020-06-beihai-kameda', n.date = date('2020-06'), n.date_precision = 'month', n.topic = 'Japanese comprehensive health check-ups: history, system, operation, services', n.mode = 'online', n.format = 'online exchange', n.source = ['004_c2fb2b48e16b2881.txt'], n.evidence = '北海市人民医院与日本龟田综合医院连线, 就日本的精密体检的历史、制度、运营和服务等进行了中日云端交流';
MERGE (n:Event {name: 'Jiangbin-Kameda online exchange, 2020-07'}) ON CREATE SET n.key = '2020-07-jiangbin-kameda', n.date = date('2020-07'), n.date_precision = 'month', n.topic = 'rehabilitation medicine in Japan: current state, techniques, services', n.mode = 'online', n.format = 'online exchange', n.source = ['004_c2fb2b48e16b2881.txt'], n.evidence = '广西壮族自治区江滨医院与龟田综合医院连线, 就日本康复医疗的现状、技术、服务等进行了中日云端交流';
MERGE (n:Event {name: 'Nanjing-Kyorin online exchange, 2020-08'}) ON CREATE SET n.key = '2020-08-nanjing-kyorin', n.date = date('2020-08'), n.date_precision = 'month', n.topic = 'hospital pharmacy: operations, management, safety', n.mode = 'online', n.format = 'online exchange', n.source = ['004_c2fb2b48e16b2881.txt'], n.evidence = '南京医科大学第二附属医院与日本杏林大学医学部附属医院连线, 就药剂科的业务、管理、安全等进行了云端交流';
MERGE (n:Event {name: 'Guangxi-Juntendo online exchange on GI surgery, 2020-08'}) ON CREATE SET n.key = '2020-08-guangxi-juntendo', n.date = date('2020-08'), n.date_precision = 'month', n.topic = 'gastrointestinal surgery', n.mode = 'online', n.format = 'online exchange', n.source = ['004_c2fb2b48e16b2881.txt'], n.evidence = '广西医科大学第一附属医院与日本顺天堂大学医学部附属顺天堂医院连线, 就胃肠外科进行了交流';
MERGE (n:Event {name: 'Changzhou-Teikyo online exchange, 2020-09'}) ON CREATE SET n.key = '2020-09-changzhou-teikyo', n.date = date('2020-09'), n.date_precision = 'month', n.topic = 'endocrinology and nephrology', n.mode = 'online', n.format = 'online exchange', n.source = ['004_c2fb2b48e16b2881.txt'], n.evidence = '常州市第一人民医院与日本帝京大学医学部附属医院连线, 就内分泌和肾脏内科进行了云端交流';
MERGE (n:Event {name: 'Guangxi Cancer Hospital-NCC East online exchange, 2020-10'}) ON CREATE SET n.key = '2020-10-guangxi-cancer-ncc-east', n.date = date('2020-10'), n.date_precision = 'month', n.topic = 'colorectal surgery', n.mode = 'online', n.format = 'online exchange', n.source = ['004_c2fb2b48e16b2881.txt'], n.evidence = '广西医科大学附属肿瘤医院与日本国立癌研究中心东医院连线，就大肠外科相关手术进行了交流';
MERGE (n:Event {name: 'Guangxi-Juntendo online exchange on cardiology, 2020-10'}) ON CREATE SET n.key = '2020-10-guangxi-juntendo', n.date = date('2020-10'), n.date_precision = 'month', n.topic = 'cardiovascular medicine', n.mode = 'online', n.format = 'online exchange', n.source = ['004_c2fb2b48e16b2881.txt'], n.evidence = '广西医科大学第一附属医院与日本顺天堂大学医学部附属顺天堂医院连线，就心血管内科进行了交流';
MERGE (n:Event {name: 'Suining-Ishikawajima online exchange, 2020-11'}) ON CREATE SET n.key = '2020-11-suining-ishikawajima', n.date = date('2020-11'), n.date_precision = 'month', n.topic = 'rehabilitation', n.mode = 'online', n.format = 'online exchange', n.source = ['004_c2fb2b48e16b2881.txt'], n.evidence = '四川省遂宁市中心医院与日本健育会集团旗下石川岛纪念医院连线，就康复科进行了云端交流';
MERGE (n:Event {name: 'Anhui Oncology Branch 25th annual meeting, 2020-11'}) ON CREATE SET n.key = '2020-11-anhui-oncology-meeting', n.date = date('2020-11'), n.date_precision = 'month', n.topic = 'keynote lectures on colorectal and gastric surgery at the 25th annual meeting', n.mode = 'online', n.format = 'conference lecture', n.source = ['004_c2fb2b48e16b2881.txt'], n.evidence = '日本国立癌研究中心东医院2位专家通过线上方式参会并作主题演讲';

// Beihai-Kameda online exchange, 2020-06
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Event {name: 'Beihai-Kameda online exchange, 2020-06'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '本中心企划并实施了9次线上形式的中日医学云端交流会';
MATCH (a:Hospital {name: 'Beihai People\'s Hospital'}), (b:Event {name: 'Beihai-Kameda online exchange, 2020-06'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '北海市人民医院与日本龟田综合医院连线, 就日本的精密体检的历史、制度、运营和服务等进行了中日云端交流';
MATCH (a:Hospital {name: 'Kameda Medical Center'}), (b:Event {name: 'Beihai-Kameda online exchange, 2020-06'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '北海市人民医院与日本龟田综合医院连线, 就日本的精密体检的历史、制度、运营和服务等进行了中日云端交流';
// Jiangbin-Kameda online exchange, 2020-07
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Event {name: 'Jiangbin-Kameda online exchange, 2020-07'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '本中心企划并实施了9次线上形式的中日医学云端交流会';
MATCH (a:Hospital {name: 'Jiangbin Hospital of Guangxi Zhuang Autonomous Region'}), (b:Event {name: 'Jiangbin-Kameda online exchange, 2020-07'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西壮族自治区江滨医院与龟田综合医院连线, 就日本康复医疗的现状、技术、服务等进行了中日云端交流';
MATCH (a:Hospital {name: 'Kameda Medical Center'}), (b:Event {name: 'Jiangbin-Kameda online exchange, 2020-07'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西壮族自治区江滨医院与龟田综合医院连线, 就日本康复医疗的现状、技术、服务等进行了中日云端交流';
// Nanjing-Kyorin online exchange, 2020-08
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Event {name: 'Nanjing-Kyorin online exchange, 2020-08'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '本中心企划并实施了9次线上形式的中日医学云端交流会';
MATCH (a:Hospital {name: 'Second Affiliated Hospital of Nanjing Medical University'}), (b:Event {name: 'Nanjing-Kyorin online exchange, 2020-08'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '南京医科大学第二附属医院与日本杏林大学医学部附属医院连线, 就药剂科的业务、管理、安全等进行了云端交流';
MATCH (a:Hospital {name: 'Kyorin University Hospital'}), (b:Event {name: 'Nanjing-Kyorin online exchange, 2020-08'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '南京医科大学第二附属医院与日本杏林大学医学部附属医院连线, 就药剂科的业务、管理、安全等进行了云端交流';
// Guangxi-Juntendo online exchange on GI surgery, 2020-08
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Event {name: 'Guangxi-Juntendo online exchange on GI surgery, 2020-08'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '本中心企划并实施了9次线上形式的中日医学云端交流会';
MATCH (a:Hospital {name: 'First Affiliated Hospital of Guangxi Medical University'}), (b:Event {name: 'Guangxi-Juntendo online exchange on GI surgery, 2020-08'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西医科大学第一附属医院与日本顺天堂大学医学部附属顺天堂医院连线, 就胃肠外科进行了交流';
MATCH (a:Hospital {name: 'Juntendo University Hospital'}), (b:Event {name: 'Guangxi-Juntendo online exchange on GI surgery, 2020-08'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西医科大学第一附属医院与日本顺天堂大学医学部附属顺天堂医院连线, 就胃肠外科进行了交流';
// Changzhou-Teikyo online exchange, 2020-09
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Event {name: 'Changzhou-Teikyo online exchange, 2020-09'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '本中心企划并实施了9次线上形式的中日医学云端交流会';
MATCH (a:Hospital {name: 'Changzhou First People\'s Hospital'}), (b:Event {name: 'Changzhou-Teikyo online exchange, 2020-09'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '常州市第一人民医院与日本帝京大学医学部附属医院连线, 就内分泌和肾脏内科进行了云端交流';
MATCH (a:Hospital {name: 'Teikyo University Hospital'}), (b:Event {name: 'Changzhou-Teikyo online exchange, 2020-09'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '常州市第一人民医院与日本帝京大学医学部附属医院连线, 就内分泌和肾脏内科进行了云端交流';
// Guangxi Cancer Hospital-NCC East online exchange, 2020-10
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Event {name: 'Guangxi Cancer Hospital-NCC East online exchange, 2020-10'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '本中心企划并实施了9次线上形式的中日医学云端交流会';
MATCH (a:Hospital {name: 'Guangxi Medical University Cancer Hospital'}), (b:Event {name: 'Guangxi Cancer Hospital-NCC East online exchange, 2020-10'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西医科大学附属肿瘤医院与日本国立癌研究中心东医院连线，就大肠外科相关手术进行了交流';
MATCH (a:Hospital {name: 'National Cancer Center Hospital East'}), (b:Event {name: 'Guangxi Cancer Hospital-NCC East online exchange, 2020-10'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西医科大学附属肿瘤医院与日本国立癌研究中心东医院连线，就大肠外科相关手术进行了交流';
// Guangxi-Juntendo online exchange on cardiology, 2020-10
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Event {name: 'Guangxi-Juntendo online exchange on cardiology, 2020-10'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '本中心企划并实施了9次线上形式的中日医学云端交流会';
MATCH (a:Hospital {name: 'First Affiliated Hospital of Guangxi Medical University'}), (b:Event {name: 'Guangxi-Juntendo online exchange on cardiology, 2020-10'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西医科大学第一附属医院与日本顺天堂大学医学部附属顺天堂医院连线，就心血管内科进行了交流';
MATCH (a:Hospital {name: 'Juntendo University Hospital'}), (b:Event {name: 'Guangxi-Juntendo online exchange on cardiology, 2020-10'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '广西医科大学第一附属医院与日本顺天堂大学医学部附属顺天堂医院连线，就心血管内科进行了交流';
// Suining-Ishikawajima online exchange, 2020-11
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Event {name: 'Suining-Ishikawajima online exchange, 2020-11'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '本中心企划并实施了9次线上形式的中日医学云端交流会';
MATCH (a:Hospital {name: 'Suining Central Hospital'}), (b:Event {name: 'Suining-Ishikawajima online exchange, 2020-11'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '四川省遂宁市中心医院与日本健育会集团旗下石川岛纪念医院连线，就康复科进行了云端交流';
MATCH (a:Hospital {name: 'Ishikawajima Memorial Hospital'}), (b:Event {name: 'Suining-Ishikawajima online exchange, 2020-11'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '四川省遂宁市中心医院与日本健育会集团旗下石川岛纪念医院连线，就康复科进行了云端交流';
// Anhui Oncology Branch 25th annual meeting, 2020-11
MATCH (a:Association {name: 'Unnamed Japan-China medical exchange center'}), (b:Event {name: 'Anhui Oncology Branch 25th annual meeting, 2020-11'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '本中心企划并实施了9次线上形式的中日医学云端交流会';
MATCH (a:Association {name: 'Oncology Branch of Anhui Medical Association'}), (b:Event {name: 'Anhui Oncology Branch 25th annual meeting, 2020-11'})
MERGE (a)-[r:ORGANIZED {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '安徽省医学会肿瘤学分会第25届学术年会在合肥市顺利召开';
MATCH (a:Association {name: 'Oncology Branch of Anhui Medical Association'}), (b:Event {name: 'Anhui Oncology Branch 25th annual meeting, 2020-11'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '安徽省医学会肿瘤学分会第25届学术年会在合肥市顺利召开';
MATCH (a:Hospital {name: 'National Cancer Center Hospital East'}), (b:Event {name: 'Anhui Oncology Branch 25th annual meeting, 2020-11'})
MERGE (a)-[r:PARTICIPATED_IN {source: ['004_c2fb2b48e16b2881.txt']}]->(b)
ON CREATE SET r.evidence = '日本国立癌研究中心东医院2位专家通过线上方式参会并作主题演讲';
