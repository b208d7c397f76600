// Movie: who rated it how (a histogram) and its nearest movies (SimilarMovies).
import { get, rpc } from '../api.js';
import { fmt, genreTags, h, movieLink, showError } from '../ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const s = (tag, attrs, text) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
};

function histogram(bars) {
  const w = 360, hgt = 160, pad = 24, max = Math.max(1, ...bars.map((b) => b.count));
  const svg = s('svg', { width: w, height: hgt + 2 * pad, class: 'histogram', id: 'histogram' });
  const bw = (w - pad) / Math.max(1, bars.length);
  bars.forEach((b, i) => {
    const bh = (b.count / max) * hgt;
    const x = pad / 2 + i * bw;
    svg.append(s('rect', { class: 'bar', x: x + 4, y: pad + hgt - bh, width: bw - 8, height: bh }));
    svg.append(s('text', { x: x + bw / 2, y: pad + hgt + 15, 'text-anchor': 'middle' }, String(b.rating)));
    svg.append(s('text', { x: x + bw / 2, y: pad + hgt - bh - 4, 'text-anchor': 'middle' }, String(b.count)));
  });
  return svg;
}

export async function render(main, [id]) {
  const input = h('input', { type: 'number', id: 'movie-id', value: id || '50', min: 1, style: 'width: 100px' });
  const error = h('div', { class: 'error', id: 'movie-error', role: 'alert' });
  const head = h('div');
  const hist = h('div');
  const similar = h('table', { id: 'similar' });
  const form = h('form', { class: 'controls' }, h('label', {}, 'Movie id', input), h('button', { type: 'submit', class: 'primary' }, 'Show'));
  main.append(h('div', { class: 'card' }, form, error),
    h('div', { class: 'row' },
      h('div', { class: 'card' }, head, hist),
      h('div', { class: 'card' }, h('h2', {}, 'Similar movies (cosine of the movie vectors)'), similar)));

  async function load() {
    const movieId = input.value;
    if (location.hash !== '#movie/' + movieId) history.replaceState(null, '', '#movie/' + movieId);
    showError(error, null);
    head.replaceChildren();
    hist.replaceChildren();
    similar.replaceChildren();
    try {
      const [d, sim] = await Promise.all([get('movies/' + encodeURIComponent(movieId)), rpc('SimilarMovies', { movieId, k: 15 })]);
      head.append(h('h2', { id: 'movie-title' }, d.movie.title, ' ', h('span', { class: 'muted' }, d.movie.year || '')), genreTags(d.movie.genres),
        h('p', { class: 'muted' }, d.ratings + ' ratings' + (d.ratings ? ', mean ' + fmt(d.mean) : '')));
      hist.append(histogram(d.histogram));
      similar.append(h('thead', {}, h('tr', {}, h('th', {}, 'Title'), h('th', { class: 'num' }, 'Year'), h('th', { class: 'num' }, 'Similarity'))),
        h('tbody', {}, sim.items.map((m) => h('tr', { dataset: { movieId: m.movieId } },
          h('td', {}, movieLink(m.movieId, m.title), ' ', genreTags(m.genres)), h('td', { class: 'num' }, m.year || ''), h('td', { class: 'num' }, fmt(m.similarity, 3))))));
    } catch (e) {
      showError(error, e);
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  load();
}
