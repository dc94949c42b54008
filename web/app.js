/*
 * app.js: the search page of newssearch. The address bar holds the search
 * (/?q=...&sort=date&page=N); this script reads it, asks /api/search, and
 * draws the answer into <main id="results">, whose data-state says where it
 * is: idle, loading, results, empty or error.
 *
 * Article text is untrusted. It reaches the page only as text nodes: the one
 * markup the API sends, <mark> around matches in title_highlighted and
 * snippet, is rebuilt here as DOM nodes (appendMarked), never via innerHTML.
 */
'use strict';

const PAGE_SIZE = 10;
const SORTS = [['relevance', '관련도순'], ['date', '최신순'], ['recent', '최근 관련순'], ['oldest', '오래된순']];
const MAX_PAGE = 10000 / PAGE_SIZE + 1; // the server takes offsets up to 10000
const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

const $ = (id) => document.getElementById(id);
let searchSeq = 0; // answers can arrive out of order; only the newest may draw

/* ---- the address bar is the state ---- */

function stateFromURL() {
  const p = new URLSearchParams(location.search);
  const page = Number(p.get('page'));
  return {
    q: (p.get('q') || '').trim(),
    sort: SORTS.some(([name]) => name === p.get('sort')) ? p.get('sort') : 'relevance',
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
    exact: p.get('correct') === '0', // search what was typed, uncorrected
  };
}

// Defaults stay out of the URL, so a plain search reads as /?q=...
function urlFor(s) {
  if (!s.q) return '/';
  const p = new URLSearchParams({ q: s.q });
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.exact) p.set('correct', '0');
  return '/?' + p;
}

function apiURL(s) {
  const offset = (s.page - 1) * PAGE_SIZE;
  const p = new URLSearchParams({ q: s.q, limit: PAGE_SIZE, offset, sort: s.sort });
  if (s.exact) p.set('correct', '0');
  return '/api/search?' + p;
}

function navigate(url) {
  if (new URL(url, location.href).href !== location.href) history.pushState(null, '', url);
  run(stateFromURL());
}

/* ---- building DOM from untrusted text ---- */

// el('a', {href}, 'text', node): attributes via setAttribute, strings as text.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

// One pass, so "&amp;lt;" becomes the text "&lt;" and not "<".
function decodeEntities(s) {
  return s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
}

// The API escapes article text, so a literal "<mark>" can only be its marker.
function appendMarked(parent, html) {
  let into = parent;
  for (const part of String(html).split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') into = parent.appendChild(document.createElement('mark'));
    else if (part === '</mark>') into = parent;
    else if (part) into.append(decodeEntities(part));
  }
}

// Only absolute http(s) links: "javascript:" and friends get no link at all.
function safeHref(url) {
  let u = null;
  try { u = new URL(url); } catch { /* relative or malformed: no link */ }
  return u && (u.protocol === 'http:' || u.protocol === 'https:') ? u.href : null;
}

// Dates are stored in UTC; readers expect the day in Korea (UTC+9, no DST),
// or a story filed at 07:00 KST would show the day before.
function koreanDay(iso) {
  const t = typeof iso === 'string' ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : new Date(t + 9 * 3600e3).toISOString().slice(0, 10);
}

/* ---- one result ---- */

function hitTitle(h, href) {
  const title = el('h2', { class: 'hit-title' });
  // noreferrer: the article's site need not learn what the reader searched.
  const holder = href ? title.appendChild(el('a', { href, rel: 'noopener noreferrer' })) : title;
  if (h.title_highlighted) appendMarked(holder, h.title_highlighted);
  else holder.append(h.title || '(제목 없음)');
  return title;
}

function hitMeta(h, href) {
  const meta = el('p', { class: 'hit-meta' });
  const day = koreanDay(h.date);
  if (day) meta.append(el('time', { datetime: h.date }, day));
  if (h.category) meta.append(el('span', { class: 'hit-category' }, String(h.category)));
  if (href) meta.append(el('span', { class: 'hit-source' }, new URL(href).host));
  return meta;
}

// "관련 기사 N건": the other copies of the story, listed in place when asked
// for (their titles come from /api/article, one request each).
function similarToggle(h) {
  const ids = Array.isArray(h.similar_ids) ? h.similar_ids.filter((id) => typeof id === 'string') : [];
  const n = Number(h.similar);
  if (!(n > 0) || ids.length === 0) return null;
  const list = el('ul', { class: 'similar-list', hidden: '' });
  const button = el('button', { type: 'button', class: 'similar', 'aria-expanded': 'false' },
    `관련 기사 ${n.toLocaleString('ko-KR')}건`);
  let loaded = false;
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    list.hidden = !open;
    if (!open || loaded) return;
    loaded = true;
    list.replaceChildren(el('li', { class: 'similar-loading' }, '불러오는 중…'));
    const items = await Promise.all(ids.map(similarItem));
    list.replaceChildren(...items);
  });
  return el('div', { class: 'hit-similar' }, button, list);
}

async function similarItem(id) {
  let a = null;
  try {
    const res = await fetch('/api/article?' + new URLSearchParams({ id }));
    a = res.ok ? await res.json() : null;
  } catch { /* shown by its id */ }
  const href = a && safeHref(a.url);
  const title = a && typeof a.title === 'string' && a.title ? a.title : id;
  const item = el('li', { class: 'similar-item' },
    href ? el('a', { href, rel: 'noopener noreferrer' }, title) : el('span', {}, title));
  const day = a && koreanDay(a.date);
  if (day) item.append(' ', el('time', { datetime: a.date }, day));
  return item;
}

function hitItem(h) {
  const href = safeHref(h.url);
  const snippet = el('p', { class: 'hit-snippet' });
  appendMarked(snippet, h.snippet || '');
  const item = el('li', { class: 'hit' }, hitTitle(h, href), hitMeta(h, href), snippet);
  const similar = similarToggle(h);
  if (similar) item.append(similar);
  return item;
}

/* ---- the parts around the list ---- */

// "총 N건", or, when partial matches are shown too, "정확히 일치 N건 · 일부
// 일치 M건": the count of what matched every word is never inflated by them.
function summaryText(data, s) {
  const n = Number(data.total).toLocaleString('ko-KR');
  const m = Number(data.total_partial) || 0;
  const whole = data.total_is_lower_bound ? `${n}건 이상` : `${n}건`;
  const parts = data.relaxed || m > 0
    ? [`정확히 일치 ${whole}`, `일부 일치 ${m.toLocaleString('ko-KR')}건${data.total_partial_is_lower_bound ? ' 이상' : ''}`]
    : [data.total_is_lower_bound ? whole : `총 ${whole}`];
  if (s.page > 1) parts.push(`${s.page}쪽`);
  const ms = data.took_ms;
  if (typeof ms === 'number') parts.push(ms < 1 ? '0.001초 미만' : `${(ms / 1000).toFixed(3)}초`);
  return parts.join(' · ');
}

function navLink(text, s, attrs) {
  return el('a', { href: urlFor(s), 'data-nav': '', ...attrs }, text);
}

function renderSort(s) {
  const option = (sort, label) => sort === s.sort
    ? el('span', { 'aria-current': 'true' }, label)
    : navLink(label, { ...s, sort, page: 1 });
  $('sort').replaceChildren(...SORTS.map(([sort, label]) => option(sort, label)));
}

// A lower-bound total means there may be more; let the reader go one further.
// Partial matches follow the whole ones, page after page.
function lastPage(data) {
  const all = Number(data.total) + (Number(data.total_partial) || 0);
  const more = data.total_is_lower_bound || data.total_partial_is_lower_bound;
  const n = Math.ceil(all / PAGE_SIZE) + (more ? 1 : 0);
  return Math.min(Math.max(n, 1), MAX_PAGE);
}

function renderPager(s, last) {
  const items = [];
  const step = (page, label, rel) => page >= 1 && page <= last
    ? navLink(label, { ...s, page }, { rel, class: 'step' })
    : el('span', { class: 'step', 'aria-disabled': 'true' }, label);
  items.push(step(s.page - 1, '‹ 이전', 'prev'));
  const first = Math.max(1, Math.min(s.page - 2, last - 4));
  for (let p = first; p <= Math.min(last, first + 4); p++) {
    items.push(p === s.page
      ? el('span', { 'aria-current': 'page' }, String(p))
      : navLink(String(p), { ...s, page: p }, { 'aria-label': `${p}쪽` }));
  }
  items.push(step(s.page + 1, '다음 ›', 'next'));
  $('pager').replaceChildren(...(last > 1 ? items : []));
}

/* ---- states ---- */

function setState(state, summary) {
  $('results').dataset.state = state;
  $('results').setAttribute('aria-busy', String(state === 'loading'));
  $('summary').textContent = summary;
  $('notice').hidden = true;
  $('correction').hidden = true;
  $('correction').replaceChildren();
  $('expanded').hidden = true;
  $('expanded').textContent = '';
  $('message').replaceChildren();
  if (state !== 'loading') {
    $('hits').replaceChildren();
    $('partial-hits').replaceChildren();
    $('partial').hidden = true;
    $('pager').replaceChildren();
  }
}

function showResults(s, data) {
  const hits = data.hits;
  setState(hits.length ? 'results' : 'empty', summaryText(data, s));
  renderSort(s);
  renderCorrection(s, data);
  renderExpanded(data);
  if (hits.length === 0) return showEmpty(s, data);
  // The whole matches, then under their own heading those that match part
  // of the query only; the numbering runs on across both.
  const whole = hits.filter((h) => !h.partial);
  const partial = hits.filter((h) => h.partial);
  $('hits').start = (s.page - 1) * PAGE_SIZE + 1;
  $('hits').replaceChildren(...whole.map(hitItem));
  $('partial-hits').start = (s.page - 1) * PAGE_SIZE + whole.length + 1;
  $('partial-hits').replaceChildren(...partial.map(hitItem));
  $('partial').hidden = partial.length === 0;
  renderPager(s, lastPage(data));
}

// "카카오톡(으)로 검색한 결과입니다 · 카카오특 검색결과 보기", or "이것을
// 찾으셨나요? …": the corrected words and the way back to what was typed.
function renderCorrection(s, data) {
  const line = $('correction');
  const c = data.corrected;
  if (c && typeof c.to === 'string' && typeof c.from === 'string') {
    line.append(el('strong', {}, c.to), '(으)로 검색한 결과입니다 · ',
      navLink('', { ...s, q: c.from, page: 1, exact: true }, { class: 'literal' }));
    line.lastChild.append(el('strong', {}, c.from), ' 검색결과 보기');
  } else if (typeof data.did_you_mean === 'string') {
    line.append('이것을 찾으셨나요? ',
      navLink('', { ...s, q: data.did_you_mean, page: 1, exact: false }, { class: 'did-you-mean' }));
    line.lastChild.append(el('strong', {}, data.did_you_mean));
  } else {
    return;
  }
  line.hidden = false;
}

// "카톡: 카카오톡 포함": the other spellings the words also matched (their
// synonyms, the Hanja they stand for), in one quiet line.
function renderExpanded(data) {
  const list = Array.isArray(data.expanded) ? data.expanded : [];
  const parts = list
    .filter((e) => e && typeof e.word === 'string' && Array.isArray(e.with) && e.with.length)
    .map((e) => `${e.word}: ${e.with.filter((w) => typeof w === 'string').join(', ')} 포함`);
  if (parts.length === 0) return;
  $('expanded').textContent = parts.join(' · ');
  $('expanded').hidden = false;
}

function showEmpty(s, data) {
  // e.g. page=9 from an old link to a smaller result
  const pastEnd = data.total > 0 || Number(data.total_partial) > 0;
  const tip = pastEnd ? navLink('첫 쪽으로', { ...s, page: 1 })
    : '맞춤법을 확인하거나, 더 짧거나 흔한 단어로 다시 찾아 보세요.';
  const headline = pastEnd ? '이 쪽에는 결과가 없습니다.' : `'${s.q}'에 대한 검색 결과가 없습니다`;
  $('message').append(el('p', { class: 'headline' }, headline), el('p', { class: 'tip' }, tip));
}

function showError(headline, detail) {
  setState('error', '오류');
  const retry = el('button', { type: 'button', class: 'retry' }, '다시 시도');
  retry.addEventListener('click', () => run(stateFromURL()));
  $('message').append(el('p', { class: 'headline', role: 'alert' }, headline),
    el('p', { class: 'detail' }, detail), retry);
}

/* ---- talking to the server ---- */

const HEADLINES = { 400: '검색어나 조건을 확인해 주세요.', 503: '지금은 검색 색인을 쓸 수 없습니다.' };

// Resolves to {data} or {headline, detail}; never rejects.
async function fetchSearch(s) {
  let res;
  try {
    res = await fetch(apiURL(s), { headers: { Accept: 'application/json' } });
  } catch {
    return { headline: '서버에 연결할 수 없습니다.', detail: '네트워크 연결을 확인해 주세요.' };
  }
  const body = await res.json().catch(() => null); // e.g. a proxy's HTML error page
  if (res.ok && body && Array.isArray(body.hits)) return { data: body };
  const detail = body && typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
  return { headline: HEADLINES[res.status] || '검색하지 못했습니다.', detail };
}

async function run(s) {
  const seq = ++searchSeq;
  $('q').value = s.q;
  document.title = s.q ? `${s.q} — newssearch` : 'newssearch — 뉴스 검색';
  if (!s.q) return setState('idle', '');
  setState('loading', '검색 중…');
  const answer = await fetchSearch(s);
  if (seq !== searchSeq) return;
  if (answer.data) showResults(s, answer.data);
  else showError(answer.headline, answer.detail);
}

/* ---- wiring ---- */

function onSubmit(e) {
  e.preventDefault();
  closeSuggestions();
  // A new query starts at page 1 but keeps the sort, and is corrected.
  navigate(urlFor({ ...stateFromURL(), q: $('q').value.trim(), page: 1, exact: false }));
}

/* ---- suggestions under the box (the ARIA combobox pattern) ---- */

const SUGGEST_DELAY_MS = 120; // after the last keystroke
let suggestSeq = 0;
let suggestTimer = 0;
let active = -1; // the highlighted option, -1 for none

function options() { return [...$('suggestions').children]; }

function closeSuggestions() {
  suggestSeq++; // an answer still on its way is dropped
  clearTimeout(suggestTimer);
  active = -1;
  $('suggestions').hidden = true;
  $('q').setAttribute('aria-expanded', 'false');
  $('q').removeAttribute('aria-activedescendant');
}

function highlight(i) {
  const list = options();
  active = list.length ? (i + list.length) % list.length : -1;
  list.forEach((o, k) => o.setAttribute('aria-selected', String(k === active)));
  if (active >= 0) $('q').setAttribute('aria-activedescendant', list[active].id);
  else $('q').removeAttribute('aria-activedescendant');
}

function choose(text) {
  $('q').value = text;
  closeSuggestions();
  navigate(urlFor({ ...stateFromURL(), q: text.trim(), page: 1, exact: false }));
}

// The list is replaced only when the new answer is in, so it never blinks
// empty between keystrokes.
function showSuggestions(items) {
  if (!items.length) return closeSuggestions();
  $('suggestions').replaceChildren(...items.map((it, k) => {
    const li = el('li', { id: `suggestion-${k}`, role: 'option', 'aria-selected': 'false' },
      el('span', { class: 'text' }, String(it.text)),
      el('span', { class: 'count' }, `${Number(it.count).toLocaleString('ko-KR')}건`));
    // mousedown, not click: the box keeps its focus (and its IME state).
    li.addEventListener('mousedown', (e) => { e.preventDefault(); choose(String(it.text)); });
    return li;
  }));
  active = -1;
  $('suggestions').hidden = false;
  $('q').setAttribute('aria-expanded', 'true');
  $('q').removeAttribute('aria-activedescendant');
}

async function fetchSuggestions(text) {
  const seq = ++suggestSeq;
  let body = null;
  try {
    const res = await fetch('/api/suggest?' + new URLSearchParams({ q: text, limit: 8 }));
    body = res.ok ? await res.json() : null;
  } catch { /* no suggestions then; the search itself still works */ }
  if (seq !== suggestSeq || document.activeElement !== $('q')) return;
  showSuggestions(body && Array.isArray(body.suggestions) ? body.suggestions : []);
}

// Every keystroke, composing ones too: a syllable half typed (대토, 댙) is
// what the vocabulary completes.
function onInput() {
  clearTimeout(suggestTimer);
  const text = $('q').value;
  if (!text.trim()) return closeSuggestions();
  suggestTimer = setTimeout(() => fetchSuggestions(text), SUGGEST_DELAY_MS);
}

function onKeyDown(e) {
  if (e.isComposing || $('suggestions').hidden) return;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    highlight(active + (e.key === 'ArrowDown' ? 1 : -1));
  } else if (e.key === 'Enter' && active >= 0) {
    e.preventDefault();
    choose(options()[active].querySelector('.text').textContent);
  } else if (e.key === 'Escape') {
    e.preventDefault();
    closeSuggestions();
  }
}

// Links marked data-nav change the page in place; modified clicks
// (new tab, new window) are left to the browser.
function onClick(e) {
  const a = e.target.closest('a[data-nav]');
  if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  // The clicked link is about to be replaced; keep keyboard focus on the list.
  if (a.closest('#pager')) {
    window.scrollTo(0, 0);
    $('results').focus({ preventScroll: true });
  }
  navigate(a.getAttribute('href'));
}

$('search-form').addEventListener('submit', onSubmit);
$('q').addEventListener('input', onInput);
$('q').addEventListener('keydown', onKeyDown);
$('q').addEventListener('blur', closeSuggestions);
document.addEventListener('click', onClick);
window.addEventListener('popstate', () => run(stateFromURL()));
run(stateFromURL());
$('q').focus();
