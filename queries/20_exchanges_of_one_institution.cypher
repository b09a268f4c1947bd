// With whom did one institution exchange? It takes the institution as a parameter, in
// any of its names and languages, and returns nodes, so that `kizuna dot --file` draws the
// exchanges:
//   kizuna run queries/20_exchanges_of_one_institution.cypher --param who=Kameda
//   kizuna dot --file queries/20_exchanges_of_one_institution.cypher --param who=Kameda --render png -o answer.png
// param: who=Kameda
CALL db.search($who) YIELD node, score
WITH node ORDER BY score DESC LIMIT 1
MATCH (node)-[:EXCHANGED_WITH]-(partner)
WITH node, partner ORDER BY partner.name
RETURN node AS institution, collect(partner) AS partners;

// The exchanges of Kameda Medical Center (query 10): Beihai People's Hospital and
// Jiangbin Hospital of Guangxi Zhuang Autonomous Region, both in Guangxi.
// expect:
// institution,partners
// "{""id"":75,""labels"":[""Hospital""],""properties"":{""aliases"":[""田综合医院""],""aliases_external"":[""Kameda"",""Kameda General Hospital""],""city"":""Kamogawa"",""country"":""JP"",""external"":[""city"",""region""],""name"":""Kameda Medical Center"",""name_ja"":""亀田総合病院"",""name_zh"":""龟田综合医院"",""region"":""Chiba"",""source"":[""004_c2fb2b48e16b2881.txt""]}}","[{""id"":74,""labels"":[""Hospital""],""properties"":{""aliases"":[],""city"":""Beihai"",""country"":""CN"",""external"":[""region""],""name"":""Beihai People's Hospital"",""name_ja"":""北海市人民病院"",""name_zh"":""北海市人民医院"",""region"":""Guangxi"",""source"":[""004_c2fb2b48e16b2881.txt""]}},{""id"":76,""labels"":[""Hospital""],""properties"":{""aliases"":[""広西チワン族自治区江病院""],""aliases_external"":[""Guangxi Jiangbin Hospital""],""city"":""Nanning"",""country"":""CN"",""external"":[""city""],""name"":""Jiangbin Hospital of Guangxi Zhuang Autonomous Region"",""name_ja"":""広西チワン族自治区江濱病院"",""name_zh"":""广西壮族自治区江滨医院"",""region"":""Guangxi"",""source"":[""004_c2fb2b48e16b2881.txt""]}}]"
// (1 row)
