#!/usr/bin/env bash
# Bad inputs in one batch with good ones: each gets one message naming the
# file (and line) and the reason, counts as failed, and every good article of
# the batch is there. Exit status 3. Unreadable files are tested as the
# unprivileged user 'nobody', since root reads everything.
# usage: test_bad_input.sh NEWSSEARCH EXTENSION_SO DEMO_DIR WORKDIR
set -u
NS=$1 SO=${2%.so} DEMO=$3 WORK=$4/test_bad_input
. "$(dirname "$0")/lib.sh"
# error_lines JSON: "BASENAME LINE MESSAGE" for each error of a --json summary.
error_lines() {
  python3 -c '
import json,sys,os
for e in json.loads(sys.argv[1])["errors"]:
    print(os.path.basename(e["path"]), e["line"], e["message"])' "$1"
}
rm -rf "$WORK" && mkdir -p "$WORK/in"
in=$WORK/in db=$WORK/news.db
cp "$DEMO/2025-02-14-messenger-outage.md" "$in/good-1.md"
cp "$DEMO/2024-03-21-us-fed-rate-hold.md" "$in/good-2.md"
printf -- '---\ntitle: "깨진 글자"\n---\n<p>앞부분 \xff\xfe 뒷부분</p>\n' > "$in/bad-utf8.md"
printf -- '---\ntitle: "따옴표가 안 닫힘\ndate: 2025-01-01\n---\n<p>본문</p>\n' > "$in/bad-yaml.md"
printf -- '---\ntitle: "닫는 줄 없음"\n<p>본문</p>\n' > "$in/no-end.md"
{ echo '{"id":"j-1","title":"정상 기사","body":"정상 본문입니다."}'
  echo '{"id":"j-2","title":"깨진 줄", "body": '
  echo '{"title":"아이디 없음","body":"본문"}'
  echo '{"id":"j-4","title":"본문 없음"}'
  echo '{"id":"j-5","title":"정상 기사 둘","body":"두 번째 정상 본문."}'
} > "$in/feed.jsonl"
head -c 1500 /dev/urandom > "$in/image.md"; printf '\0' >> "$in/image.md"
python3 -c 'print("---\ntitle: 큰 파일\n---\n" + "가" * 1200)' > "$in/big.md"

out=$("$NS" ingest --db "$db" --json --max-size 2K "$in"); status=$?
check status "$status" 3
check added "$(json_field "$out" added)" 4  # good-1, good-2, j-1, j-5
check failed "$(json_field "$out" failed)" 8
errs=$(error_lines "$out")
check_contains utf8 "$errs" "bad-utf8.md 4 invalid UTF-8: 2 bytes replaced with U+FFFD"
check_contains yaml "$errs" "bad-yaml.md "
check_contains yaml_reason "$errs" "YAML"
check_contains no_end "$errs" "no-end.md"
check_contains json_broken "$errs" "feed.jsonl 2"
check_contains json_no_id "$errs" "feed.jsonl 3"
check_contains json_no_id_reason "$errs" '"id"'
check_contains json_no_body "$errs" "feed.jsonl 4"
check_contains json_no_body_reason "$errs" '"body"'
check_contains binary "$errs" "image.md 0 binary file"
check_contains too_big "$errs" "big.md 0 file is"
check_contains too_big_hint "$errs" "--max-size"
check good_present "$(sql "$db" "SELECT group_concat(key, ' ') FROM (SELECT key FROM articles ORDER BY key)")" \
  "bad-utf8.md good-1.md good-2.md j-1 j-5"
check repaired_text "$(sql "$db" "SELECT instr(body, '앞부분 �� 뒷부분') > 0 FROM articles WHERE key='bad-utf8.md'")" 1

# Human output: one line per failure, naming file and line.
msg=$("$NS" ingest --db "$db" --max-size 2K "$in" 2>&1 >/dev/null)
check_contains human_line "$msg" "$in/feed.jsonl:3: "
check_contains human_summary "$msg" "failed in"

# A path that does not exist; a file that cannot be read (as nobody).
msg=$("$NS" ingest --db "$db" --json "$in/good-1.md" "$WORK/missing.md" 2>/dev/null); status=$?
check missing_status "$status" 3
check_contains missing_message "$msg" "missing.md"
mkdir -p "$WORK/nobody" && cp "$in/good-1.md" "$in/good-2.md" "$WORK/nobody/"
chmod 000 "$WORK/nobody/good-2.md"; chmod 777 "$WORK" "$WORK/nobody"
out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$NS" ingest --db "$WORK/nobody/n.db" --json "$WORK/nobody"); status=$?
check unreadable_status "$status" 3
check_contains unreadable_message "$out" "Permission denied"
check unreadable_good_present "$(sql "$WORK/nobody/n.db" 'SELECT count(*) FROM articles')" 1

# A database that cannot be written is fatal: exit 1, clear message.
printf -- '---\ntitle: "새 글"\n---\n<p>쓰기 시험</p>\n' > "$WORK/new.md"; chmod 644 "$WORK/new.md"
msg=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$NS" ingest --db "$db" "$WORK/new.md" 2>&1); status=$?
check readonly_db_status "$status" 1
check_contains readonly_db_message "$msg" "news.db"

# A date that cannot be read: the article is stored (with the file name's
# date, or none), the input counts as failed with the date and its line, and
# the next run reports it again. The forms news sources write are read.
mkdir -p "$WORK/dates"
printf -- '---\ntitle: "날짜 오류"\ndate: 다음 주 화요일\n---\n<p>본문</p>\n' > "$WORK/dates/2024-05-06-bad-date.md"
printf -- '---\ntitle: "날짜 없음"\ntags: [a]\ndate: 2024-13-45\n---\n<p>본문</p>\n' > "$WORK/dates/no-date.md"
printf -- '---\ntitle: "한국 시간"\ndate: 2025년 3월 14일 (금) 오후 3:20 KST\n---\n<p>본문</p>\n' > "$WORK/dates/korean.md"
{ echo '{"id":"d-1","title":"어제","body":"본문","date":"어제"}'
  echo '{"id":"d-2","title":"RSS","body":"본문","date":"Fri, 14 Mar 2025 09:30:00 +0900"}'
} > "$WORK/dates/feed.jsonl"
out=$("$NS" ingest --db "$WORK/dates.db" --json "$WORK/dates"); status=$?
check date_status "$status" 3
check date_added "$(json_field "$out" added)" 2  # korean.md, d-2
check date_failed "$(json_field "$out" failed)" 3
errs=$(error_lines "$out")
check_contains date_front_matter "$errs" '2024-05-06-bad-date.md 3 date "다음 주 화요일" is not a date'
check_contains date_fallback "$errs" "indexed with the file name's date"
check_contains date_line "$errs" 'no-date.md 4 date "2024-13-45"'
check_contains date_none "$errs" "indexed without a date"
check_contains date_json "$errs" 'feed.jsonl 1 date "어제"'
check dates_stored "$(sql "$WORK/dates.db" "SELECT group_concat(key || '=' || coalesce(published, ''), ' ') FROM (SELECT key, published FROM articles ORDER BY key)")" \
  "2024-05-06-bad-date.md=2024-05-06T00:00:00Z d-1= d-2=2025-03-14T00:30:00Z korean.md=2025-03-14T06:20:00Z no-date.md="
out=$("$NS" ingest --db "$WORK/dates.db" --json "$WORK/dates"); status=$?
check date_again_status "$status" 3
check date_again_changes "$(json_field "$out" added)/$(json_field "$out" updated)/$(json_field "$out" failed)" 0/0/3

# A JSON line far over the limit is skipped to its end in bounded memory,
# not read whole: peak memory stays well below the line's size.
peak_kb() { # peak_kb CMD...: runs CMD, prints its peak resident memory in KB
  python3 -c 'import resource,subprocess,sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
mkdir -p "$WORK/huge"
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("{\"id\":\"huge\",\"title\":\"큰 줄\",\"body\":\"" + "가" * (70 << 20) + "\"}\n")
    f.write("{\"id\":\"after\",\"title\":\"다음 줄\",\"body\":\"정상 본문.\"}\n")' "$WORK/huge/feed.jsonl"
line_kb=$(( $(head -1 "$WORK/huge/feed.jsonl" | wc -c) / 1024 ))
kb=$(peak_kb "$NS" ingest --db "$WORK/huge.db" --max-size 1M "$WORK/huge/feed.jsonl")
check huge_line_memory "$([ "$kb" -lt $((line_kb / 2)) ] && echo bounded || echo "$kb KB for a $line_kb KB line")" bounded
out=$("$NS" ingest --db "$WORK/huge.db" --json --max-size 1M "$WORK/huge/feed.jsonl"); check huge_line_status $? 3
check huge_line_next_kept "$(sql "$WORK/huge.db" "SELECT count(*) FROM articles WHERE key='after'")" 1
check_contains huge_line_reported "$(error_lines "$out")" "feed.jsonl 1 line is 210.0 MB, over the 1.0 MB limit"
rm -rf "$WORK/huge" "$WORK/huge.db"*

# Files nested 100,000 deep, one of each format, beside a good one: each is
# refused with its file and reason, the batch goes on. (Parsed as they
# come, these took libyaml, gumbo and cmark with gumbo from 20 s to
# minutes each; `timeout` turns a hang into a failure here.)
mkdir -p "$WORK/deep"
cp "$DEMO/2025-02-14-messenger-outage.md" "$WORK/deep/good.md"
python3 - "$WORK/deep" <<'PY'
import sys, os
d = sys.argv[1]
n = 100000
def w(name, text):
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
w("yaml.md", "---\ntitle: 깊은 YAML\nx: " + "[" * n + "\n---\n<p>본문</p>\n")
w("html.html", "<html><body>" + "<div>" * n + "깊은 HTML" + "</div>" * n + "</body></html>")
w("md.md", "# 깊은 마크다운\n\n" + "> " * n + "끝\n")
w("list.md", "# 깊은 목록\n\n" + "".join("  " * 0 + "- " for _ in range(n)) + "끝\n")
w("feed.jsonl", '{"id":"deep-html","title":"깊은 본문","body":"' + "<div>" * n + '끝"}\n'
  '{"id":"deep-json","title":"깊은 JSON","body":"b","x":' + "[" * n + "]" * n + '}\n'
  '{"id":"fine","title":"정상","body":"정상 본문"}\n')
PY
out=$(timeout 60 "$NS" ingest --db "$WORK/deep.db" --json "$WORK/deep"); status=$?
check deep_status "$status" 3
check deep_kept_good "$(sql "$WORK/deep.db" "SELECT group_concat(key, ' ') FROM (SELECT key FROM articles ORDER BY key)")" "fine good.md"
errs=$(error_lines "$out")
check_contains deep_yaml "$errs" "yaml.md 3 front matter nested more than 32 levels deep"
check_contains deep_html "$errs" "html.html 1 HTML nested more than 512 elements deep"
check_contains deep_md "$errs" "md.md 3 Markdown nested more than 128 levels deep"
check_contains deep_list "$errs" "list.md 3 Markdown nested more than 128 levels deep"
check_contains deep_json_body "$errs" "feed.jsonl 1 \"body\": HTML nested more than 512"
check_contains deep_json "$errs" "feed.jsonl 2 "
check deep_failed "$(json_field "$out" failed)" 6

# Wrong command lines.
"$NS" ingest --db "$db" >/dev/null 2>&1; check no_path_status $? 2
"$NS" ingest --max-size lots "$in" >/dev/null 2>&1; check bad_size_status $? 2

rm -rf "$WORK"
finish
