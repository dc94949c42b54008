#!/usr/bin/env python3
"""Writes the articles the query tests need beside the demo corpus: the
worked examples of KOREAN.md, spacing variants, NFD and fullwidth text, HTML
in an article, and a question's answer. All text written for the tests.
usage: make_fixtures.py DIR"""
import json
import os
import sys
import unicodedata

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
nfd = unicodedata.normalize("NFD", "카카오톡과 포털 서비스 점검 안내")
docs = [
    ("t-kakao", "메신저 장애 정리", "PC버전 카카오톡과 포털 서비스가 한때 멈췄다.", "2025-02-01", "IT/과학"),
    ("t-spaced", "고용 부처 소식", "고용 노동부 정보시스템이 새로 바뀐다.", "2025-03-01", "사회"),
    ("t-joined", "고용 부처 소식 둘", "고용노동부 정보시스템 점검이 끝났다.", "2025-03-02", "사회"),
    ("t-db", "금융 전산 사고", "데이터베이스 오류로 장애가 났다.", "2025-04-01", "경제"),
    ("t-tok-exact", "붙여 쓴 말", "톡과포털이라는 이름의 새 앱이 나왔다.", "2025-05-01", "IT/과학"),
    ("t-tok-spaced", "띄어 쓴 말", "카톡 이용자는 톡과 포털을 함께 쓴다.", "2025-05-02", "IT/과학"),
    ("t-quantum", "양자 통신 회선 요금 공개",
     "서울과 부산을 잇는 1Gbps 양자암호통신 전용 회선은 3년 계약을 기준으로 월 이용 요금이 3억원대로 정해졌다. 통신사는 금융권 수요를 기대했다.",
     "2025-06-01", "IT/과학"),
    ("t-nfd", "자모로 쓴 글", nfd, "2025-07-01", "IT/과학"),
    ("t-fullwidth", "전각 문자 글", "ＰＣ버전 업데이트와 ５Ｇ 요금제", "2025-07-02", "IT/과학"),
    ("t-latin", "메신저 영문 표기", "KakaoTalk 서비스와 Naver 포털", "2025-07-03", "IT/과학"),
    ("t-board", "주주 총회 소식", "이사회는 새 대표를 뽑았다.", "2025-10-01", "경제"),
    ("t-society", "청년 인터뷰", "그 사람이 사회에 첫발을 내디뎠다.", "2025-10-02", "사회"),
    ("t-country", "띄어 쓴 나라 이름", "대한 민국 선수단이 입장했다.", "2025-10-03", "사회"),
]
with open(os.path.join(out, "fixtures.jsonl"), "w", encoding="utf-8") as f:
    for id_, title, body, date, cat in docs:
        f.write(json.dumps({"id": id_, "title": title, "body": body, "date": date,
                            "category": cat}, ensure_ascii=False) + "\n")
with open(os.path.join(out, "html-in-text.md"), "w", encoding="utf-8") as f:
    f.write('---\ntitle: "표기 <b> 시험"\ndate: 2025-08-01\ncategories: 사회\n---\n'
            "<p>&lt;b&gt;속보&lt;/b&gt; 전산망 장애 &amp; 복구 소식.</p>\n")
long_body = "가나다라마바사 " * 60 + "중간에 숨은 핵심어 문장이다. " + "아자차카타파하 " * 60
with open(os.path.join(out, "long.jsonl"), "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "t-long", "title": "긴 글", "body": long_body,
                        "date": "2025-09-01", "category": "사회"}, ensure_ascii=False) + "\n")
