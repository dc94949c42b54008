/*
 * synonyms_shipped.c: the abbreviations Korean news uses most, shipped
 * with newssearch and applied unless a search asks for what was typed
 * only (--no-synonyms, synonyms=0). A --synonyms file adds to them.
 *
 * How they were chosen: candidates are the short forms of ministries,
 * agencies, unions, parties, companies and international bodies that
 * Korean newsrooms use; scripts/synonym_evidence.py counts, in the news
 * files of ../shared/corpus (the 1,600 + 1,000 + 50 articles and the
 * 50,000 headlines), the articles that write each spelling on its own.
 * A group is shipped when every spelling occurs there (most also occur
 * together in one article, the full name first and the short form after)
 * and the spellings mean one thing. Left out: pairs where the short form
 * is the start of the long one (대법 대법원, 금융위 금융위원회, 서울대
 * 서울대학교, 민주당 더불어민주당): the short form already finds the long
 * one, and the long one expanded to the short form would also find
 * 대법관, 금융위기 and 서울대병원; and pairs that are related but not the
 * same (미세먼지 초미세먼지, 교육청 교육지원청, 코스피 유가증권시장). 현차
 * does not occur in the sample but is the common short form of 현대차.
 */
#include "newssearch/synonyms.h"

#include <pthread.h>
#include <string.h>

static const char shipped[] =
    "# messengers and companies\n"
    "카톡, 카카오톡\n"
    "삼전, 삼성전자\n"
    "현차, 현대차, 현대자동차\n"
    "한전, 한국전력\n"
    "코레일, 한국철도공사\n"
    "LH, 한국토지주택공사\n"
    "카이스트, KAIST, 한국과학기술원\n"
    "# ministries and agencies\n"
    "고용부, 고용노동부\n"
    "과기정통부, 과학기술정보통신부\n"
    "산업부, 산업통상자원부\n"
    "중기부, 중소벤처기업부\n"
    "기재부, 기획재정부\n"
    "국토부, 국토교통부\n"
    "복지부, 보건복지부\n"
    "행안부, 행정안전부\n"
    "문체부, 문화체육관광부\n"
    "농식품부, 농림축산식품부\n"
    "해수부, 해양수산부\n"
    "여가부, 여성가족부\n"
    "식약처, 식품의약품안전처\n"
    "질병청, 질병관리청\n"
    "질본, 질병관리본부\n"
    "# commissions, courts, the bank and the services\n"
    "한은, 한국은행\n"
    "방통위, 방송통신위원회\n"
    "공정위, 공정거래위원회\n"
    "금감원, 금융감독원\n"
    "선관위, 선거관리위원회\n"
    "국정원, 국가정보원\n"
    "헌재, 헌법재판소\n"
    "비대위, 비상대책위원회\n"
    "인수위, 대통령직인수위원회\n"
    "특검, 특별검사\n"
    "국감, 국정감사\n"
    "지자체, 지방자치단체\n"
    "건보, 건강보험\n"
    "수능, 대학수학능력시험\n"
    "# employers and unions\n"
    "전경련, 전국경제인연합회\n"
    "경총, 한국경영자총협회\n"
    "민노총, 민주노총, 전국민주노동조합총연맹\n"
    "한국노총, 한국노동조합총연맹\n"
    "전교조, 전국교직원노동조합\n"
    "국힘, 국민의힘\n"
    "# international bodies\n"
    "유엔, 국제연합, UN\n"
    "나토, 북대서양조약기구, NATO\n"
    "연준, 연방준비제도\n"
    "IMF, 국제통화기금\n"
    "WHO, 세계보건기구\n"
    "OECD, 경제협력개발기구\n"
    "WTO, 세계무역기구\n";

static ns_synonyms *list;

static void parse_once(void) {
  ns_error err;
  ns_error_clear(&err);
  if (ns_synonyms_parse("the shipped synonyms", shipped, strlen(shipped), NULL,
                        &list, &err) != 0)
    list = NULL;
}

const ns_synonyms *ns_synonyms_shipped(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, parse_once);
  return list;
}
