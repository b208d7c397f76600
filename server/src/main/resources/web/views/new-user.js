// New user: search titles, give stars, describe yourself; RecommendForProfile runs after every
// change, so the list reacts to each rating.
import { get, model, rpc } from '../api.js';
import { genreTags, h, movieLink, ranked, recommendationTable, showError, stars } from '../ui.js';

export async function render(main) {
  const rated = new Map(); // movieId -> {movie, rating}
  const error = h('div', { class: 'error', id: 'new-error', role: 'alert' });
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Search titles, e.g. star wars', style: 'width: 280px' });
  const results = h('table', { id: 'search-results' });
  const mine = h('table', { id: 'my-ratings' });
  const age = h('input', { type: 'number', id: 'age', min: 0, max: 150, placeholder: 'age', style: 'width: 70px' });
  const gender = h('select', { id: 'gender' }, h('option', { value: '' }, '—'), h('option', { value: 'F' }, 'F'), h('option', { value: 'M' }, 'M'));
  const occupation = h('select', { id: 'occupation' }, h('option', { value: '' }, '—'));
  const recs = recommendationTable('profile-recs');
  const status = h('span', { class: 'muted', id: 'profile-status' });
  main.append(
    h('div', { class: 'card' }, h('h2', {}, 'About you'),
      h('div', { class: 'controls' }, h('label', {}, 'Age', age), h('label', {}, 'Gender', gender), h('label', {}, 'Occupation', occupation)), error),
    h('div', { class: 'row' },
      h('div', { class: 'card' }, h('h2', {}, 'Rate movies'), search, h('div', { class: 'scroll' }, results),
        h('h2', { style: 'margin-top: 12px' }, 'Your ratings'), mine),
      h('div', { class: 'card' }, h('h2', {}, 'Recommended for you'), status, recs.el)));

  model().then((m) => occupation.append(...m.occupations.filter((o) => o && o !== '<unk>').map((o) => h('option', { value: o }, o))),
    (e) => showError(error, e));

  function rate(movie, s) {
    rated.set(movie.movieId, { movie, rating: s });
    drawMine();
    find();
    refresh();
  }
  function drawMine() {
    mine.replaceChildren(...[...rated.values()].map(({ movie, rating }) => h('tr', { dataset: { movieId: movie.movieId } },
      h('td', {}, movieLink(movie.movieId, movie.title)),
      h('td', {}, stars(movie.movieId, rating, (s) => rate(movie, s))),
      h('td', {}, h('button', { type: 'button', title: 'forget this rating', onclick: () => { rated.delete(movie.movieId); drawMine(); find(); refresh(); } }, '×')))));
  }
  let findSeq = 0;
  async function find() {
    const mySeq = ++findSeq;
    try {
      const r = await get('movies?limit=15&q=' + encodeURIComponent(search.value));
      if (mySeq !== findSeq) return;
      results.replaceChildren(...r.movies.map((m) => h('tr', { dataset: { movieId: m.movieId } },
        h('td', {}, movieLink(m.movieId, m.title), ' ', h('span', { class: 'muted' }, m.year || ''), ' ', genreTags(m.genres)),
        h('td', {}, stars(m.movieId, rated.get(m.movieId)?.rating || 0, (s) => rate(m, s))))));
    } catch (e) {
      showError(error, e);
    }
  }
  let seq = 0;
  async function refresh() {
    const mySeq = ++seq;
    const req = {
      age: Number(age.value) || 0,
      gender: gender.value,
      occupation: occupation.value,
      ratings: [...rated.values()].map(({ movie, rating }) => ({ movieId: movie.movieId, rating })),
      k: 10,
    };
    try {
      const r = await rpc('RecommendForProfile', req);
      if (mySeq !== seq) return;
      recs.set(ranked(r.items));
      status.textContent = (r.coldStart ? 'cold start (rate a movie to personalise)' : 'from ' + req.ratings.length + ' rating(s)');
      status.dataset.ratings = String(req.ratings.length);
      showError(error, null);
    } catch (e) {
      if (mySeq !== seq) return;
      showError(error, e);
    }
  }
  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(find, 150); });
  for (const el of [age, gender, occupation]) el.addEventListener('change', refresh);
  find();
  refresh();
}
