// Small DOM helpers shared by the views: element building, tables, errors, stars.

/** h('div', {class: 'x'}, child, 'text', ...) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style') el.style.cssText = v; // through CSSOM: the CSP refuses style attributes
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Shows an error's message (the server's, for an API error) in a view's error box. */
export function showError(box, e) {
  box.textContent = e ? e.message : '';
}

export const fmt = (x, digits = 2) => (x === undefined || x === null ? '' : Number(x).toFixed(digits));

export function movieLink(id, title) {
  return h('a', { href: '#movie/' + id }, title);
}

export const genreTags = (genres) => h('span', {}, (genres || []).map((g) => h('span', { class: 'tag' }, g)));

/**
 * A table whose columns may sort: columns are {key, label, num, sort: row => value, cell: row => node}.
 * Returns {el, set(rows)}; clicking a sortable header sorts by it, again reverses.
 */
export function sortableTable(columns, { id, initial, rowAttrs } = {}) {
  let rows = [];
  let by = initial ? initial.key : null;
  let dir = initial ? initial.dir : 1;
  const body = h('tbody');
  const heads = columns.map((c) =>
    h('th', {
      class: [c.sort ? 'sortable' : '', c.num ? 'num' : ''].join(' ').trim() || undefined,
      dataset: { key: c.key },
      onclick: c.sort ? () => { dir = by === c.key ? -dir : (c.num ? -1 : 1); by = c.key; render(); } : undefined,
    }, c.label));
  const el = h('table', { id }, h('thead', {}, h('tr', {}, heads)), body);
  function render() {
    const col = columns.find((c) => c.key === by);
    const sorted = col ? [...rows].sort((a, b) => {
      const x = col.sort(a), y = col.sort(b);
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    }) : rows;
    heads.forEach((th) => th.classList.remove('asc', 'desc'));
    if (col) heads[columns.indexOf(col)].classList.add(dir > 0 ? 'asc' : 'desc');
    body.replaceChildren(...sorted.map((r) =>
      h('tr', rowAttrs ? rowAttrs(r) : {}, columns.map((c) => h('td', { class: c.num ? 'num' : undefined }, c.cell(r))))));
  }
  return { el, set(r) { rows = r; render(); } };
}

/** The table of a RecommendResponse's items, with optional extra columns after them. */
export function recommendationTable(id, ...extra) {
  return sortableTable([
    { key: 'rank', label: '#', num: true, sort: (r) => r.rank, cell: (r) => r.rank },
    { key: 'title', label: 'Title', sort: (r) => r.title, cell: (r) => h('span', {}, movieLink(r.movieId, r.title), ' ', genreTags(r.genres)) },
    { key: 'year', label: 'Year', num: true, sort: (r) => r.year, cell: (r) => r.year || '' },
    { key: 'pred', label: 'Predicted', num: true, sort: (r) => r.predictedRating, cell: (r) => fmt(r.predictedRating) },
    { key: 'score', label: 'Score', num: true, sort: (r) => r.score, cell: (r) => fmt(r.score, 3) },
    { key: 'why', label: 'Because you liked', cell: (r) => r.becauseYouLiked ? h('span', { class: 'why' }, movieLink(r.becauseYouLiked.movieId, r.becauseYouLiked.title)) : '' },
    ...extra,
  ], { id, rowAttrs: (r) => ({ dataset: { movieId: r.movieId } }) });
}

/** Numbers the items of a RecommendResponse for recommendationTable. */
export const ranked = (items) => items.map((it, i) => ({ ...it, rank: i + 1 }));

/** Genre checkboxes and a year range; onChange(filter) fires with a MovieFilter on every change. */
export function filterControls(genres, minYear, maxYear, onChange) {
  const boxes = genres.map((g) => h('input', { type: 'checkbox', value: g, dataset: { genre: g } }));
  const lo = h('input', { type: 'number', id: 'min-year', min: minYear, max: maxYear, placeholder: String(minYear), style: 'width: 80px' });
  const hi = h('input', { type: 'number', id: 'max-year', min: minYear, max: maxYear, placeholder: String(maxYear), style: 'width: 80px' });
  const filter = () => ({
    genres: boxes.filter((b) => b.checked).map((b) => b.value),
    minYear: Number(lo.value) || 0,
    maxYear: Number(hi.value) || 0,
  });
  let timer;
  const changed = () => { clearTimeout(timer); timer = setTimeout(() => onChange(filter()), 120); };
  boxes.forEach((b) => b.addEventListener('change', changed));
  lo.addEventListener('input', changed);
  hi.addEventListener('input', changed);
  const el = h('div', { class: 'controls' },
    h('label', {}, 'Genres (any of)', h('div', { class: 'genres' }, boxes.map((b) => h('label', {}, b, b.value)))),
    h('label', {}, 'From year', lo),
    h('label', {}, 'To year', hi));
  return { el, filter };
}

/** Five star buttons; onRate(stars) when one is clicked. */
export function stars(movieId, current, onRate) {
  return h('span', { class: 'stars' }, [1, 2, 3, 4, 5].map((s) =>
    h('button', {
      type: 'button', title: s + ' star' + (s > 1 ? 's' : ''), class: current >= s ? 'on' : undefined,
      dataset: { movieId, stars: s }, onclick: () => onRate(s),
    }, '★')));
}
