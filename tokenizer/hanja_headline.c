/*
 * hanja_headline.c: the single Hanja that Korean headlines write for a
 * whole word, and that word.
 *
 * How the set was chosen: every run of Hanja in the 50,000 Yonhap
 * headlines of ../shared/corpus/headlines_ynat_50k.jsonl was counted
 * (8,466 Hanja in all; 美 1,621 runs of its own, 北 1,460, 中 817, 日 483,
 * 靑 423, 與 319, 英 304, 野 183, 獨 145, 伊 136, 佛 98, 韓 95, 檢 88,
 * 軍 76, 南 44, 硏 26, 亞 25, 株 21, 銀 20, 企 15, 印 9, 委 10, 弗 8,
 * 警 1, 臺 1), and a character was kept when, in the headlines that write
 * it alone, it stands for one word every time (美 is 미국, 銀 is 은행 in
 * 우리銀, 硏 is 연구원 in 금융硏). Left out: family names (朴 文 安 黃 曺 潘,
 * whose person changes with the years), characters whose reading is
 * already the word (前 전, 反 반, 故 고, 對 대, 親 친), and 比, which these
 * headlines use for 비 (전년比), not for the Philippines. 露 濠 加 越 歐
 * do not occur in this sample but are the standard headline forms of
 * their countries and regions.
 */
#include "newssearch/hanja.h"

#include <string.h>

static const struct headline_word {
  const char *hanja, *word;
} headline_words[] = {
    {"美", "미국"},   {"北", "북한"},     {"中", "중국"},   {"日", "일본"},
    {"靑", "청와대"}, {"與", "여당"},     {"野", "야당"},   {"英", "영국"},
    {"獨", "독일"},   {"伊", "이탈리아"}, {"佛", "프랑스"}, {"韓", "한국"},
    {"南", "남한"},   {"檢", "검찰"},     {"軍", "군"},     {"警", "경찰"},
    {"硏", "연구원"}, {"亞", "아시아"},   {"株", "주식"},   {"銀", "은행"},
    {"企", "기업"},   {"委", "위원회"},   {"弗", "달러"},   {"印", "인도"},
    {"臺", "대만"},   {"露", "러시아"},   {"濠", "호주"},   {"加", "캐나다"},
    {"越", "베트남"}, {"歐", "유럽"},
};

#define N_HEADLINE_WORDS (sizeof headline_words / sizeof headline_words[0])

static int same(const char *a, const char *s, size_t n) {
  return strlen(a) == n && memcmp(a, s, n) == 0;
}

const char *ns_hanja_headline_word(const char *s, size_t n) {
  for (size_t i = 0; i < N_HEADLINE_WORDS; i++)
    if (same(headline_words[i].hanja, s, n)) return headline_words[i].word;
  return NULL;
}

const char *ns_hanja_headline_hanja(const char *word, size_t n) {
  for (size_t i = 0; i < N_HEADLINE_WORDS; i++)
    if (same(headline_words[i].word, word, n)) return headline_words[i].hanja;
  return NULL;
}
